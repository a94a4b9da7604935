import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { FinoutRequest } from '../../transport/request';
import { finoutRequest } from '../../transport/request';

export interface Scan {
	scanId: string;
	scanName: string;
	scanLastRunTime?: number;
	scanMetadata?: { type?: string; costCenter?: string; analysisDays?: number };
}

export async function fetchScans(
	ctx: FinoutContext,
	request: Pick<FinoutRequest, 'itemIndex' | 'retry'> = {},
): Promise<Scan[]> {
	const response = await finoutRequest<{ scans?: Scan[] }>(ctx, 'listScans', request);
	return response.scans ?? [];
}

export function simplifyScan(scan: Scan): IDataObject {
	return {
		scanId: scan.scanId,
		scanName: scan.scanName,
		type: scan.scanMetadata?.type,
		costCenter: scan.scanMetadata?.costCenter,
		analysisDays: scan.scanMetadata?.analysisDays,
		lastRunAt: typeof scan.scanLastRunTime === 'number' ? new Date(scan.scanLastRunTime).toISOString() : undefined,
	};
}

export interface ScanResource {
	resourceId: string;
	resourceMetadata?: IDataObject;
	resourceTotalCost?: number;
	resourceTotalWaste?: number;
	resourceYearlyPotentialSavings?: number;
	resourceMetrics?: IDataObject;
	resourceRecommendations?: IDataObject;
}

export interface RecommendationGroup {
	group: string;
	groupTotalCost?: number;
	groupTotalWaste?: number;
	groupYearlyPotentialSavings?: number;
	resources?: ScanResource[];
}

export interface ScanRecommendations {
	scanId?: string;
	scanName?: string;
	scanLastRunTime?: number;
	scanTotalCost?: number;
	scanTotalWaste?: number;
	scanYearlyPotentialSavings?: number;
	scanMetadata?: Scan['scanMetadata'];
	data?: RecommendationGroup[];
}

export async function fetchRecommendations(
	ctx: FinoutContext,
	body: IDataObject,
	request: Pick<FinoutRequest, 'itemIndex' | 'retry'> = {},
): Promise<ScanRecommendations> {
	return await finoutRequest<ScanRecommendations>(ctx, 'getScanRecommendations', { ...request, body });
}

/** One flat record per recommended resource: what a FinOps alert or ticket needs. */
export function flattenRecommendations(response: ScanRecommendations, scanId: string): IDataObject[] {
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
