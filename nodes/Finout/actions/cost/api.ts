import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import {
	isPlainObject,
	readAmount,
	readFinoutDate,
	readObjectList,
} from '../../transport/responses';

/** What Cost → Query by View and the trigger's cost threshold ask of a saved view. */
export interface ViewCostQuery {
	viewId: string;
	/** Unix ms, both inclusive; without it Finout uses the view's own date range. */
	range?: { startMs: number; endMs: number };
	/** Empty: the account's default cost type. */
	costType: string;
	/** Keys that replace the view's own grouping; empty keeps it. */
	groupBy: string[];
}

export interface ViewSeries {
	name: string;
	points: Array<{ time: number; cost: number }>;
}

/** The name of the series Finout adds to every answer, summing all the others. */
export const TOTAL_SERIES = 'Total';

/** Every series of the view (the "Total" one included) with its daily points. */
export async function queryCostByView(
	ctx: FinoutContext,
	query: ViewCostQuery,
	request: RequestContext,
): Promise<ViewSeries[]> {
	const body: IDataObject = { viewId: query.viewId };
	if (query.range) {
		body.date = {
			unixTimeMillSecondsStart: query.range.startMs,
			unixTimeMillSecondsEnd: query.range.endMs,
		};
	}
	if (query.costType) body.costType = query.costType;
	if (query.groupBy.length > 0) body.groupBy = query.groupBy;
	const answer = await finoutRequestWithStatus(ctx, 'queryCostByView', { ...request, body });
	return readViewSeries(answer, query.range);
}

const DAY_MS = 86_400_000;

/**
 * `{data: [{name, data: [{time, cost}]}]}`. A group without its points, or a point whose time or
 * cost cannot be read, is an unexpected answer: an empty series or a sum with NaN would report a
 * wrong cost as if it were right. So is a point outside the range asked for (a day of slack on
 * each side for time zones): times in seconds would read as days of January 1970, and the
 * trigger would take the days it asked for as having no data yet.
 */
function readViewSeries(answer: FinoutAnswer, range: ViewCostQuery['range']): ViewSeries[] {
	const readTime = (value: unknown, where: string): number => {
		const time = readFinoutDate(answer, value, where);
		if (range && (time < range.startMs - DAY_MS || time > range.endMs + DAY_MS)) {
			const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
			throw answer.unexpected(
				`a "${where}" within the dates asked for (${day(range.startMs)} … ${day(range.endMs)}; got ${day(time)})`,
			);
		}
		return time;
	};
	return readObjectList(answer, 'data').map((entry, index) => {
		const where = `data[${index}]`;
		// Possibly empty: a view groups untagged cost under an empty name.
		if (typeof entry.name !== 'string') throw answer.unexpected(`a "${where}.name" text`);
		const points: unknown = entry.data;
		if (!Array.isArray(points)) throw answer.unexpected(`a "${where}.data" list`);
		return {
			name: entry.name,
			points: points.map((point: unknown, pointIndex) => {
				const at = `${where}.data[${pointIndex}]`;
				if (!isPlainObject(point)) throw answer.unexpected(`an object at "${at}"`);
				return {
					time: readTime(point.time, `${at}.time`),
					cost: readAmount(answer, point.cost, `${at}.cost`),
				};
			}),
		};
	});
}
