import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import {
	isPlainObject,
	readAmount,
	readFinoutDate,
	readObject,
	readObjectList,
	readText,
} from '../../transport/responses';

export interface Scan {
	scanId: string;
	scanName: string;
	/** Unix ms in Finout's docs; any form parseFinoutDate reads is accepted. */
	scanLastRunTime?: number | string;
	scanMetadata?: { type?: string; costCenter?: string; analysisDays?: number };
}

export async function fetchScans(
	ctx: FinoutContext,
	request: RequestContext = {},
): Promise<Scan[]> {
	const answer = await finoutRequestWithStatus(ctx, 'listScans', request);
	return readObjectList(answer, 'scans').map((scan, index) => {
		readText(answer, scan.scanId, `scans[${index}].scanId`);
		readText(answer, scan.scanName, `scans[${index}].scanName`);
		if (scan.scanLastRunTime !== undefined && scan.scanLastRunTime !== null) {
			readFinoutDate(answer, scan.scanLastRunTime, `scans[${index}].scanLastRunTime`);
		}
		return scan as unknown as Scan;
	});
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
	request: RequestContext = {},
): Promise<ScanRecommendations> {
	const answer = await finoutRequestWithStatus(ctx, 'getScanRecommendations', { ...request, body });
	const response = readObject(answer);
	readObjectList(answer, 'data').forEach((group, index) =>
		checkGroup(answer, group, `data[${index}]`),
	);
	return response as ScanRecommendations;
}

/**
 * Savings decide which findings pass "Min Yearly Savings": a savings figure that is not a number
 * would silently drop (or keep) a finding, so it stops the item instead. Every resource carries
 * its `resourceId` text (docs/finout-api.md §3.7).
 */
function checkGroup(answer: FinoutAnswer, group: IDataObject, where: string): void {
	checkAmounts(answer, group, where, [
		'groupTotalCost',
		'groupTotalWaste',
		'groupYearlyPotentialSavings',
	]);
	if (group.resources === undefined || group.resources === null) return;
	if (!Array.isArray(group.resources)) throw answer.unexpected(`a "${where}.resources" list`);
	group.resources.forEach((resource: unknown, index) => {
		const at = `${where}.resources[${index}]`;
		if (!isPlainObject(resource)) throw answer.unexpected(`an object at "${at}"`);
		// The resource's identity: the trigger remembers resources by it, and two without one
		// would be the same resource.
		readText(answer, resource.resourceId, `${at}.resourceId`);
		checkAmounts(answer, resource, at, [
			'resourceTotalCost',
			'resourceTotalWaste',
			'resourceYearlyPotentialSavings',
		]);
	});
}

function checkAmounts(
	answer: FinoutAnswer,
	entry: IDataObject,
	where: string,
	fields: string[],
): void {
	for (const field of fields) {
		const value = entry[field];
		if (value !== undefined && value !== null) readAmount(answer, value, `${where}.${field}`);
	}
}
