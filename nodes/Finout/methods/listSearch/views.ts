import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchViews } from '../../actions/view/api';
import { matchesSearch } from './matchesSearch';

export async function searchViews(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const results = (await fetchViews(this))
		.filter((view) => matchesSearch(view.name, search))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((view) => ({ name: view.name, value: view.id }));
	return { results };
}
