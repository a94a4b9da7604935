import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listRecentQueries } from '../../actions/costAndUsage/recentQueries';
import { matchesFilter } from './filter';

/** Cost and Usage queries submitted by this n8n process in the last 24 hours, newest first. */
export async function searchRecentQueries(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const results = listRecentQueries()
		.map((query) => ({
			name: `${query.description} (submitted ${new Date(query.submittedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
			value: query.queryId,
		}))
		.filter((entry) => matchesFilter(entry.name, filter) || matchesFilter(entry.value, filter));
	return { results };
}
