import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchViews } from '../../actions/view/api';
import { matchesFilter } from './filter';

export async function searchViews(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const results = (await fetchViews(this))
		.filter((view) => matchesFilter(view.name, filter))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((view) => ({ name: view.name, value: view.id }));
	return { results };
}
