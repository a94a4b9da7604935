import type { IDataObject } from 'n8n-workflow';

import { parseFinoutDate } from '../../transport/responses';
import type { Scan, ScanRecommendations } from './api';

export function simplifyScan(scan: Scan): IDataObject {
	return {
		scanId: scan.scanId,
		scanName: scan.scanName,
		type: scan.scanMetadata?.type,
		costCenter: scan.scanMetadata?.costCenter,
		analysisDays: scan.scanMetadata?.analysisDays,
		lastRunAt: lastRunAt(scan.scanLastRunTime),
	};
}

function lastRunAt(value: Scan['scanLastRunTime']): string | undefined {
	const ms = parseFinoutDate(value);
	return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** One flat record per recommended resource: what a FinOps alert or ticket needs. */
export function flattenRecommendations(
	response: ScanRecommendations,
	scanId: string,
): IDataObject[] {
	return (response.data ?? []).flatMap((group) =>
		(group.resources ?? []).map((resource) => ({
			scanId: response.scanId ?? scanId,
			scanName: response.scanName,
			scanType: response.scanMetadata?.type,
			costCenter: response.scanMetadata?.costCenter,
			group: group.group,
			resourceId: resource.resourceId,
			yearlyPotentialSavings: resource.resourceYearlyPotentialSavings,
			totalWaste: resource.resourceTotalWaste,
			totalCost: resource.resourceTotalCost,
			metadata: resource.resourceMetadata,
			recommendation: resource.resourceRecommendations,
		})),
	);
}
