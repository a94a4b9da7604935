import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { finoutRequest } from '../../transport/request';
import { matchesFilter } from './filter';

export async function searchViews(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const response = await finoutRequest<{ data?: Array<{ id: string; name: string }> }>(this, 'listViews');
	const results = (response.data ?? [])
		.filter((view) => matchesFilter(view.name, filter))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((view) => ({ name: view.name, value: view.id }));
	return { results };
}
