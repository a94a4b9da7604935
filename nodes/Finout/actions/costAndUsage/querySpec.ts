import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DateRange } from '../common/dateRange';
import { readDateRange } from '../common/dateRange';
import { forEachCondition } from '../common/filters';
import type { FieldContext } from '../common/parameters';
import { parametersOf } from '../common/parameters';
import { readFilter } from '../common/readFilter';
import { FROM_KEY, locatorText } from '../common/keyPickers';
import type { SortDirection, TimeInterval } from './constants';
import {
	DEFAULT_ROW_LIMIT,
	KEY_TYPES,
	MAX_DIMENSIONS,
	MAX_FILTER_CONDITIONS,
	MAX_MEASUREMENTS,
	MAX_ROW_LIMIT,
	MAX_VIRTUAL_TAGS,
	MEASUREMENT_TYPES,
	OPERATORS,
	TIME_INTERVALS,
} from './constants';

export interface Measurement {
	type: string;
	operator: string;
}

export interface Dimension {
	costCenter: string;
	key: string;
	type: string;
}

/** The column a result row holds a dimension's value in (Cost and Usage API V2). */
export function dimensionColumn(dimension: Dimension): string {
	return `${dimension.costCenter}_${dimension.type}_${dimension.key}`;
}

/** The column a result row holds a measurement's `{amount, unit?}` in. */
export function measurementColumn(measurement: Measurement): string {
	return `${measurement.type}_${measurement.operator}`;
}

type SortTarget =
	| { by: 'time'; direction: SortDirection }
	| { by: 'measurement'; direction: SortDirection }
	| { by: 'dimension'; index: number; direction: SortDirection };

/** A validated Cost and Usage query, before it is cut into ≤ 60-day requests. */
export interface QuerySpec {
	range: DateRange;
	interval: TimeInterval;
	measurements: Measurement[];
	dimensions: Dimension[];
	filters?: Record<string, unknown>;
	rowLimit: number;
	sort?: SortTarget;
}

const API_NAME = "Finout's Cost and Usage API";

interface RequestOptions {
	rowLimit?: number;
	sortBy?: string;
	sortDimension?: string;
	sortDirection?: string;
}

function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw parametersOf(ctx, itemIndex).fail(message, description);
}

/** E.g. `Measurement 2 has an unknown operator "avg"`, with the values that are allowed. */
function failUnlessOneOf(
	ctx: FieldContext,
	itemIndex: number | undefined,
	value: string,
	allowed: readonly string[],
	owner: string,
	field: string,
): void {
	if (!allowed.includes(value))
		throw parametersOf(ctx, itemIndex).fail(
			`${owner} has an unknown ${field} "${value}"`,
			`Use one of: ${allowed.join(', ')}.`,
		);
}

/** A dimension's Key Type, for the node's dimensions and the trigger's split by dimension. */
export function checkKeyType(
	ctx: FieldContext,
	itemIndex: number | undefined,
	type: string,
	owner: string,
): void {
	failUnlessOneOf(ctx, itemIndex, type, KEY_TYPES, owner, 'type');
}

/** Reads and checks every request field; throws a NodeOperationError naming the field and item. */
export function readQuerySpec(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: { maxDays?: number; maxRows?: number },
): QuerySpec {
	const range = readDateRange(ctx, itemIndex, { maxDays: limits.maxDays, apiName: API_NAME });
	if (!range) fail(ctx, itemIndex, 'Date Range must be a preset or Custom');

	const interval = String(ctx.getNodeParameter('timeInterval', itemIndex, 'day')) as TimeInterval;
	if (!TIME_INTERVALS.includes(interval)) {
		fail(ctx, itemIndex, `Time Interval must be day, week or month, not "${interval}"`);
	}

	const measurements = readMeasurements(ctx, itemIndex);
	const dimensions = readDimensions(ctx, itemIndex);
	const filters = readFilter(ctx, itemIndex, {
		json: 'filterJson',
		defaultMode: 'builder',
		maxConditions: MAX_FILTER_CONDITIONS,
	});
	checkVirtualTags(ctx, itemIndex, dimensions, filters);

	const options = ctx.getNodeParameter('options', itemIndex, {}) as RequestOptions;
	// "Top 5" means Finout computes 5 rows in the chosen order, not 1000 of which 5 are kept.
	const rowLimit =
		options.rowLimit === undefined
			? Math.min(limits.maxRows ?? DEFAULT_ROW_LIMIT, MAX_ROW_LIMIT)
			: Number(options.rowLimit);
	if (!Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > MAX_ROW_LIMIT) {
		fail(ctx, itemIndex, `Row Limit must be a whole number from 1 to ${MAX_ROW_LIMIT}`);
	}

	return {
		range,
		interval,
		measurements,
		dimensions,
		filters,
		rowLimit,
		sort: readSort(ctx, itemIndex, options, dimensions),
	};
}

function readMeasurements(ctx: IExecuteFunctions, itemIndex: number): Measurement[] {
	const raw = ctx.getNodeParameter('measurements', itemIndex, {}) as { measurement?: unknown };
	const list = Array.isArray(raw?.measurement) ? (raw.measurement as IDataObject[]) : [];
	if (list.length < 1 || list.length > MAX_MEASUREMENTS) {
		fail(
			ctx,
			itemIndex,
			`Measurements must hold 1 to ${MAX_MEASUREMENTS} measurements, not ${list.length}`,
			'Add a measurement, e.g. Net Amortized Cost with the Sum operator.',
		);
	}
	const measurements = list.map((entry, index) => {
		const type = String(entry.type ?? '').trim();
		const operator = String(entry.operator ?? 'sum').trim() || 'sum';
		failUnlessOneOf(ctx, itemIndex, type, MEASUREMENT_TYPES, `Measurement ${index + 1}`, 'type');
		failUnlessOneOf(ctx, itemIndex, operator, OPERATORS, `Measurement ${index + 1}`, 'operator');
		return { type, operator };
	});
	const names = measurements.map(measurementColumn);
	const duplicate = names.find((name, index) => names.indexOf(name) !== index);
	if (duplicate)
		fail(
			ctx,
			itemIndex,
			`Measurements list ${duplicate} twice`,
			'Remove the repeated measurement.',
		);
	return measurements;
}

function readDimensions(ctx: IExecuteFunctions, itemIndex: number): Dimension[] {
	const raw = ctx.getNodeParameter('dimensions', itemIndex, {}) as { dimension?: unknown };
	const list = Array.isArray(raw?.dimension) ? (raw.dimension as IDataObject[]) : [];
	if (list.length > MAX_DIMENSIONS) {
		fail(ctx, itemIndex, `Dimensions can hold at most ${MAX_DIMENSIONS} keys, not ${list.length}`);
	}
	const dimensions = list.map((entry, index) => {
		const costCenter = locatorText(entry.costCenter);
		const key = locatorText(entry.key);
		const type = String(entry.type ?? FROM_KEY).trim() || FROM_KEY;
		if (!key) {
			fail(
				ctx,
				itemIndex,
				`Dimension ${index + 1} has no key`,
				'Choose a key, e.g. service, or remove the dimension.',
			);
		}
		if (type !== FROM_KEY) checkKeyType(ctx, itemIndex, type, `Dimension ${index + 1}`);
		return { costCenter, key, type };
	});
	const columns = dimensions.map(dimensionColumn);
	const duplicate = dimensions.find((_, index) => columns.indexOf(columns[index]) !== index);
	if (duplicate)
		fail(
			ctx,
			itemIndex,
			`Dimensions list the key "${duplicate.key}" twice`,
			'Remove the repeated dimension.',
		);
	return dimensions;
}

/** Finout accepts at most 3 distinct virtual tags across dimensions and filters together. */
function checkVirtualTags(
	ctx: IExecuteFunctions,
	itemIndex: number,
	dimensions: Dimension[],
	filters: Record<string, unknown> | undefined,
): void {
	const tags = new Set(dimensions.filter((d) => d.type === 'virtual_tag').map((d) => d.key));
	// readFilter has refused any filter of another shape before this is called.
	forEachCondition(filters, (condition) => {
		if (condition.type === 'virtual_tag' && typeof condition.key === 'string')
			tags.add(condition.key);
	});
	if (tags.size > MAX_VIRTUAL_TAGS) {
		fail(
			ctx,
			itemIndex,
			`Dimensions and Filters use ${tags.size} virtual tags; Finout accepts at most ${MAX_VIRTUAL_TAGS} per query`,
			'Remove virtual tags from the dimensions or the filters.',
		);
	}
}

function readSort(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: RequestOptions,
	dimensions: Dimension[],
): SortTarget | undefined {
	const by = options.sortBy ?? 'default';
	// Without a dimension the rows are days: Finout would order them by cost, people read dates.
	if (by === 'default')
		return dimensions.length === 0 ? { by: 'time', direction: 'ascending' } : undefined;
	const direction = (options.sortDirection ?? 'descending') as SortDirection;
	if (direction !== 'ascending' && direction !== 'descending') {
		fail(
			ctx,
			itemIndex,
			`Sort Direction must be ascending or descending, not "${String(direction)}"`,
		);
	}
	if (by === 'time' || by === 'measurement') return { by, direction };
	if (by !== 'dimension')
		fail(
			ctx,
			itemIndex,
			`Sort By must be Default, Time, First Measurement or Dimension, not "${by}"`,
		);
	if (dimensions.length === 0) {
		fail(
			ctx,
			itemIndex,
			'Sort By is Dimension but no dimension is set',
			'Add a dimension, or sort by something else.',
		);
	}
	const wanted = String(options.sortDimension ?? '').trim();
	const index = wanted ? dimensions.findIndex((d) => d.key === wanted) : 0;
	if (index < 0) {
		fail(
			ctx,
			itemIndex,
			`Sort Dimension Key "${wanted}" is not one of the dimensions`,
			`Use one of: ${dimensions.map((d) => d.key).join(', ')}.`,
		);
	}
	return { by: 'dimension', index, direction };
}
