import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchScans } from '../../actions/costGuard/api';
import { matchesSearch } from './matchesSearch';

export async function searchScans(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const scans = await fetchScans(this);
	const results = scans
		.filter((scan) => matchesSearch(scan.scanName, search))
		.sort((a, b) => a.scanName.localeCompare(b.scanName))
		.map((scan) => ({
			name: scan.scanMetadata?.costCenter
				? `${scan.scanName} (${scan.scanMetadata.costCenter})`
				: scan.scanName,
			value: scan.scanId,
		}));
	return { results };
}
