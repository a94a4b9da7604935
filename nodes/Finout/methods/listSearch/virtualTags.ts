import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listVirtualTags } from '../../actions/virtualTag/api';
import { matchesSearch } from './matchesSearch';

/** Virtual tags for the "From List" mode, read from the V2 list (V1 and V2 share the same tags). */
export async function searchVirtualTags(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const tags = await listVirtualTags(this, 'v2');
	const results = tags
		.map((tag) => ({ name: String(tag.name ?? tag.id), value: tag.id }))
		.filter((tag) => matchesSearch(tag.name, search))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
