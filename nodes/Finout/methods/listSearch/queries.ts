import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listRecentQueries } from '../../actions/costAndUsage/recentQueries';
import { matchesSearch } from './matchesSearch';

/** Cost and Usage queries submitted by this n8n process in the last 24 hours, newest first. */
export async function searchRecentQueries(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const results = listRecentQueries()
		.map((query) => ({
			name: `${query.description} (submitted ${new Date(query.submittedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
			value: query.queryId,
		}))
		.filter((entry) => matchesSearch(entry.name, search) || matchesSearch(entry.value, search));
	return { results };
}
