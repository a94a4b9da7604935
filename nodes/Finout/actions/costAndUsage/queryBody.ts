import type { IDataObject } from 'n8n-workflow';

import type { DateRange } from '../common/dateRange';
import type { QuerySpec } from './querySpec';

/**
 * The generate-query body for one range. Field names are Finout's (V2 spells the dates
 * "Milliseconds", unlike V1's "MillSeconds"). Only one sortDirection is ever set.
 */
export function buildQueryBody(spec: QuerySpec, range: DateRange): IDataObject {
	const timeInterval: IDataObject = { interval: spec.interval };
	const measurements: IDataObject[] = spec.measurements.map((m) => ({
		type: m.type,
		operator: m.operator,
	}));
	const dimensions: IDataObject[] = spec.dimensions.map((d) => ({
		costCenter: d.costCenter,
		key: d.key,
		type: d.type,
	}));
	const sort = spec.sort;
	if (sort?.by === 'time') timeInterval.sortDirection = sort.direction;
	if (sort?.by === 'measurement') measurements[0].sortDirection = sort.direction;
	if (sort?.by === 'dimension') dimensions[sort.index].sortDirection = sort.direction;

	const body: IDataObject = {
		date: { unixTimeMillisecondsStart: range.startMs, unixTimeMillisecondsEnd: range.endMs },
		timeInterval,
		measurements,
	};
	if (dimensions.length > 0) body.dimensions = dimensions;
	if (spec.filters) body.filters = spec.filters as IDataObject;
	body.rowLimit = spec.rowLimit;
	return body;
}

/** Short text describing a query, for the "recent queries" list. */
export function describeQuery(spec: QuerySpec, range: DateRange): string {
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const measured = spec.measurements.map((m) => `${m.type} ${m.operator}`).join(', ');
	const grouped = spec.dimensions.length
		? ` by ${spec.dimensions.map((d) => d.key).join(', ')}`
		: '';
	return `${day(range.startMs)} → ${day(range.endMs)}, ${spec.interval}, ${measured}${grouped}`;
}
