/**
 * V2 Cost & Usage (§4.2): validation of generate-query bodies, the query lifecycle and
 * lazily built, stable result sets.
 *
 * Rows: one per time bucket × combination of dimension values. Row keys follow §4.2:
 * dimension `{costCenter}_{type}_{key}`, time `day|week|month` (ISO date), measurement
 * `{type}_{operator}` → `{amount, unit?}`. Default order: descending by the first
 * measurement (§4.2 "descending order of the aggregated measurement sum") unless one
 * sortDirection is given.
 */
import { DAY_MS, V2_MEASUREMENTS, isoDate, modelDailyCost, round, utcMidnight, type CostModel } from './cost-model';
import { ApiError, badRequest, isNonEmptyString, isPlainObject, requireObject } from './errors';
import { andReachableLeaves, applyLeaf, validateFilter, type FilterLeaf } from './filters';
import { hash32 } from './random';
import { KEY_TYPES } from './seed';
import type { SimState } from './state';
import type { CostUsageSpec, DimensionSpec, MeasurementSpec, QueryRecord, ResultSet, SortDirection } from './types';

export const V2_MAX_RANGE_DAYS = 60;
export const MAX_MEASUREMENTS = 5;
export const MAX_DIMENSIONS = 20;
export const MAX_FILTER_LEAVES = 30;
export const MAX_VIRTUAL_TAGS = 3;
export const DEFAULT_ROW_LIMIT = 1000;
export const MAX_ROW_LIMIT = 100_000;
export const RESULTS_DEFAULT_PAGE_SIZE = 100;
export const RESULTS_MAX_PAGE_SIZE = 10_000;
/**
 * The fake enumerates at most this many candidate rows before sorting and cutting at
 * rowLimit (real bills are sparse; a full cartesian product of 20 dimensions is not).
 */
export const MAX_CANDIDATE_ROWS = 200_000;

const OPERATORS = ['sum', 'avg', 'min', 'max'] as const;
const SORT_DIRECTIONS: readonly SortDirection[] = ['ascending', 'descending'];
const TOP_LEVEL_FIELDS = new Set(['date', 'timeInterval', 'measurements', 'dimensions', 'filters', 'rowLimit']);
const FIELD_HINTS: Record<string, string> = {
	groupBy: ' (V2 groups with "dimensions")',
	costType: ' (V2 uses measurements[].type)',
	viewId: ' (viewId belongs to V1 query-by-view)',
	filter: ' (did you mean "filters"?)',
	dimension: ' (did you mean "dimensions"?)',
	measurement: ' (did you mean "measurements"?)',
};

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

export function validateGenerateQuery(bodyIn: unknown): CostUsageSpec {
	const body = requireObject(bodyIn);
	for (const k of Object.keys(body)) {
		if (!TOP_LEVEL_FIELDS.has(k)) throw badRequest(`Unknown field "${k}"${FIELD_HINTS[k] ?? ''}`);
	}
	const { startMs, endMs } = validateDate(body.date);

	const sortedBy: string[] = [];
	const sortDir = (v: unknown, path: string): SortDirection | undefined => {
		if (v === undefined) return undefined;
		if (!SORT_DIRECTIONS.includes(v as SortDirection)) throw badRequest(`${path} must be "ascending" or "descending"`);
		sortedBy.push(path);
		return v as SortDirection;
	};

	const ti = body.timeInterval;
	if (!isPlainObject(ti)) throw badRequest('timeInterval is required, e.g. {"interval": "day"}');
	if (!['day', 'week', 'month'].includes(ti.interval as string)) {
		throw badRequest(`timeInterval.interval must be one of: day, week, month (got ${JSON.stringify(ti.interval)})`);
	}
	const timeSortDirection = sortDir(ti.sortDirection, 'timeInterval.sortDirection');

	if (!Array.isArray(body.measurements) || body.measurements.length < 1 || body.measurements.length > MAX_MEASUREMENTS) {
		throw badRequest(`measurements must be an array of 1 to ${MAX_MEASUREMENTS} items`);
	}
	const measurements: MeasurementSpec[] = body.measurements.map((m, i) => {
		const path = `measurements[${i}]`;
		if (!isPlainObject(m)) throw badRequest(`${path} must be an object {type, operator?}`);
		if (typeof m.type !== 'string' || !(m.type in V2_MEASUREMENTS)) {
			throw badRequest(`${path}.type must be one of: ${Object.keys(V2_MEASUREMENTS).join(', ')} (got ${JSON.stringify(m.type)})`);
		}
		if (m.operator !== undefined && !OPERATORS.includes(m.operator as (typeof OPERATORS)[number])) {
			throw badRequest(`${path}.operator must be one of: ${OPERATORS.join(', ')}`);
		}
		return { type: m.type, operator: (m.operator ?? 'sum') as MeasurementSpec['operator'], sortDirection: sortDir(m.sortDirection, `${path}.sortDirection`) };
	});
	assertUnique(measurements.map((m) => `${m.type}_${m.operator}`), 'measurements');

	let dimensions: DimensionSpec[] = [];
	if (body.dimensions !== undefined) {
		if (!Array.isArray(body.dimensions) || body.dimensions.length > MAX_DIMENSIONS) {
			throw badRequest(`dimensions must be an array of at most ${MAX_DIMENSIONS} items`);
		}
		dimensions = body.dimensions.map((d, i) => {
			const path = `dimensions[${i}]`;
			if (!isPlainObject(d)) throw badRequest(`${path} must be an object {costCenter, key, type}`);
			if (typeof d.costCenter !== 'string') throw badRequest(`${path}.costCenter must be a string`);
			if (!isNonEmptyString(d.key)) throw badRequest(`${path}.key is required`);
			if (typeof d.type !== 'string' || !KEY_TYPES.includes(d.type)) {
				throw badRequest(`${path}.type must be one of: ${KEY_TYPES.join(', ')} (got ${JSON.stringify(d.type)})`);
			}
			return { costCenter: d.costCenter, key: d.key, type: d.type, sortDirection: sortDir(d.sortDirection, `${path}.sortDirection`) };
		});
		assertUnique(dimensions.map(dimensionColumn), 'dimensions');
	}

	let leaves: FilterLeaf[] = [];
	const filters = body.filters ?? null;
	if (filters !== null) {
		leaves = validateFilter(filters, 'v2', 'filters');
		if (leaves.length > MAX_FILTER_LEAVES) {
			throw badRequest(`filters may hold at most ${MAX_FILTER_LEAVES} conditions (got ${leaves.length})`);
		}
	}

	if (sortedBy.length > 1) {
		throw badRequest(`Only one sortDirection is allowed per request (found ${sortedBy.length}: ${sortedBy.join(', ')})`);
	}

	const vtKeys = new Set([...dimensions, ...leaves].filter((x) => x.type === 'virtual_tag').map((x) => x.key));
	if (vtKeys.size > MAX_VIRTUAL_TAGS) {
		throw new ApiError(422, `A query may use at most ${MAX_VIRTUAL_TAGS} distinct virtual tags across dimensions and filters (got ${vtKeys.size})`);
	}

	let rowLimit = DEFAULT_ROW_LIMIT;
	if (body.rowLimit !== undefined) {
		if (!Number.isInteger(body.rowLimit) || (body.rowLimit as number) < 1 || (body.rowLimit as number) > MAX_ROW_LIMIT) {
			throw badRequest(`rowLimit must be an integer from 1 to ${MAX_ROW_LIMIT}`);
		}
		rowLimit = body.rowLimit as number;
	}

	// Keys are resolved when results are built: an unknown key is not an error (the
	// catalogue is not exhaustive) and simply gets generic values.
	return { startMs, endMs, interval: ti.interval as CostUsageSpec['interval'], timeSortDirection, measurements, dimensions, filters, rowLimit };
}

function validateDate(date: unknown): { startMs: number; endMs: number } {
	const START = 'unixTimeMillisecondsStart';
	const END = 'unixTimeMillisecondsEnd';
	if (!isPlainObject(date)) throw badRequest(`date is required: {"${START}": <Unix ms>, "${END}": <Unix ms>}`);
	for (const v1Name of ['unixTimeMillSecondsStart', 'unixTimeMillSecondsEnd']) {
		if (v1Name in date) {
			// The V1/V2 spelling trap (§9.3): say exactly what V2 wants.
			throw badRequest(`date.${v1Name} is the V1 spelling; the V2 Cost & Usage API expects date.${START} and date.${END} ("Milliseconds")`);
		}
	}
	const read = (name: string): number => {
		const v = date[name];
		if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`date.${name} is required and must be a number (Unix milliseconds)`);
		if (v < 1e11) throw badRequest(`date.${name} looks like Unix seconds; V2 expects Unix milliseconds`);
		return v;
	};
	const startMs = read(START);
	const endMs = read(END);
	if (startMs > endMs) throw badRequest(`date.${START} must not be after date.${END}`);
	if (endMs - startMs > V2_MAX_RANGE_DAYS * DAY_MS) {
		throw badRequest(`date range is longer than ${V2_MAX_RANGE_DAYS} days (date.${END} - date.${START}); split it into chunks`);
	}
	return { startMs, endMs };
}

function assertUnique(names: string[], path: string): void {
	const dup = names.find((n, i) => names.indexOf(n) !== i);
	if (dup) throw badRequest(`${path} contains "${dup}" twice`);
}

export const dimensionColumn = (d: { costCenter: string; type: string; key: string }): string => `${d.costCenter}_${d.type}_${d.key}`;
export const measurementColumn = (m: MeasurementSpec): string => `${m.type}_${m.operator}`;

// ---------------------------------------------------------------------------
// Lifecycle (queued → running → completed → expired; or failed)
// ---------------------------------------------------------------------------

export interface LifecycleTimes {
	queryQueuedMs: number;
	queryRunningMs: number;
	resultsTtlMs: number;
}

export type QueryStatus =
	| { status: 'queued' | 'running' | 'failed' }
	| { status: 'completed'; completedAt: number; expiresAt: number }
	| { status: 'expired'; expiredAt: number };

export function queryStatus(q: QueryRecord, now: number, t: LifecycleTimes): QueryStatus {
	if (q.failed) return { status: 'failed' };
	if (q.forcedExpired) return { status: 'expired', expiredAt: q.forcedExpiredAt ?? now };
	const runningAt = q.submittedAt + t.queryQueuedMs;
	const completedAt = runningAt + t.queryRunningMs;
	const expiresAt = completedAt + t.resultsTtlMs;
	if (now < runningAt) return { status: 'queued' };
	if (now < completedAt) return { status: 'running' };
	if (now >= expiresAt) return { status: 'expired', expiredAt: expiresAt };
	return { status: 'completed', completedAt, expiresAt };
}

// ---------------------------------------------------------------------------
// Result sets
// ---------------------------------------------------------------------------

interface Bucket {
	label: string;
	days: number[];
}

function bucketLabel(day: number, interval: CostUsageSpec['interval']): string {
	if (interval === 'day') return isoDate(day);
	if (interval === 'month') return `${isoDate(day).slice(0, 7)}-01`;
	const dow = (Math.floor(day / DAY_MS) + 3) % 7; // 0 = Monday (1970-01-01 was a Thursday)
	return isoDate(day - dow * DAY_MS); // weeks start on Monday (ISO 8601)
}

/** UTC days overlapping [start, end], grouped into interval buckets. */
function buildBuckets(spec: CostUsageSpec): Bucket[] {
	const buckets: Bucket[] = [];
	for (let d = utcMidnight(spec.startMs); d <= spec.endMs; d += DAY_MS) {
		const label = bucketLabel(d, spec.interval);
		const last = buckets[buckets.length - 1];
		if (last && last.label === label) last.days.push(d);
		else buckets.push({ label, days: [d] });
	}
	return buckets;
}

const sameKey = (a: { costCenter: string; key: string }, b: { costCenter: string; key: string }) =>
	a.key === b.key && (a.costCenter === '' || b.costCenter === '' || a.costCenter.toLowerCase() === b.costCenter.toLowerCase());

export function buildResultSet(spec: CostUsageSpec, state: SimState, costModel: CostModel): ResultSet {
	const buckets = buildBuckets(spec);
	const leaves = andReachableLeaves(spec.filters);

	// Values per dimension, narrowed by AND-reachable filters on the same key.
	const dimValues = spec.dimensions.map((d) => {
		const def = state.findKey(d.costCenter, d.key);
		let values: string[] = def ? [...def.values] : [1, 2, 3, 4, 5].map((i) => `${d.key}-${i}`);
		for (const leaf of leaves) if (sameKey(leaf, d)) values = applyLeaf(values, leaf);
		return values;
	});
	// Filters on keys that are not dimensions shrink amounts by the share of values they keep.
	let share = 1;
	for (const leaf of leaves) {
		if (spec.dimensions.some((d) => sameKey(leaf, d))) continue;
		const def = state.findKey(leaf.costCenter, leaf.key);
		if (def && def.values.length) share *= applyLeaf(def.values, leaf).length / def.values.length;
		else if (leaf.operator === 'notExists') share *= 0.2;
	}

	let comboCount = dimValues.reduce((n, v) => Math.min(n * v.length, Number.MAX_SAFE_INTEGER), 1);
	if (share === 0) comboCount = 0;
	const usedCombos = buckets.length === 0 ? 0 : Math.min(comboCount, Math.floor(MAX_CANDIDATE_ROWS / buckets.length));
	const candidates = usedCombos * buckets.length;
	// Many small groups rather than many huge ones: keep totals in a believable range.
	const scale = share * Math.min(1, 10 / Math.sqrt(Math.max(1, comboCount)));

	const comboLabels = (c: number): string[] => {
		const out = new Array<string>(dimValues.length);
		for (let j = dimValues.length - 1; j >= 0; j--) {
			const n = dimValues[j].length;
			out[j] = dimValues[j][c % n];
			c = Math.floor(c / n);
		}
		return out;
	};
	const groupName = (c: number): string => (dimValues.length ? comboLabels(c).join('|') : 'Total');
	const seeds = new Uint32Array(usedCombos);
	for (let c = 0; c < usedCombos; c++) seeds[c] = hash32('v2', groupName(c));

	const override = costModel.override;
	const dayCost = (c: number, day: number): number =>
		override ? (override({ source: 'v2', group: groupName(c), dayStartMs: day }) ?? 0) : modelDailyCost(seeds[c], day);

	const measure = (r: number, m: MeasurementSpec): number => {
		const b = buckets[Math.floor(r / usedCombos)];
		const c = r % usedCombos;
		const factor = V2_MEASUREMENTS[m.type].factor * scale;
		let sum = 0;
		let min = Infinity;
		let max = -Infinity;
		for (const day of b.days) {
			const v = dayCost(c, day) * factor;
			sum += v;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		const value = m.operator === 'sum' ? sum : m.operator === 'avg' ? sum / b.days.length : m.operator === 'min' ? min : max;
		return round(value, 4);
	};

	// Sort: at most one sortDirection exists (validated); default = first measurement desc.
	const order = Array.from({ length: candidates }, (_, r) => r);
	const sortMeasurement = spec.measurements.find((m) => m.sortDirection) ?? spec.measurements[0];
	const measureKeys = new Float64Array(candidates);
	for (let r = 0; r < candidates; r++) measureKeys[r] = measure(r, sortMeasurement);
	const byMeasure = (dir: number) => (a: number, b: number) => dir * (measureKeys[a] - measureKeys[b]) || a - b;
	const sortedDim = spec.dimensions.findIndex((d) => d.sortDirection);
	if (spec.timeSortDirection) {
		const dir = spec.timeSortDirection === 'ascending' ? 1 : -1;
		const tieBreak = byMeasure(-1);
		order.sort((a, b) => dir * (Math.floor(a / usedCombos) - Math.floor(b / usedCombos)) || tieBreak(a, b));
	} else if (sortedDim >= 0) {
		const dir = spec.dimensions[sortedDim].sortDirection === 'ascending' ? 1 : -1;
		const label = (r: number) => comboLabels(r % usedCombos)[sortedDim];
		const tieBreak = byMeasure(-1);
		order.sort((a, b) => {
			const la = label(a);
			const lb = label(b);
			return (la < lb ? -dir : la > lb ? dir : 0) || tieBreak(a, b);
		});
	} else {
		order.sort(byMeasure(sortMeasurement.sortDirection === 'ascending' ? 1 : -1));
	}

	const totalRows = Math.min(candidates, spec.rowLimit);
	const kept = Uint32Array.from(order.slice(0, totalRows));
	const dimCols = spec.dimensions.map(dimensionColumn);

	return {
		totalRows,
		rowAt(index: number): Record<string, unknown> {
			const r = kept[index];
			const row: Record<string, unknown> = {};
			const labels = comboLabels(r % usedCombos);
			dimCols.forEach((col, j) => (row[col] = labels[j]));
			row[spec.interval] = buckets[Math.floor(r / usedCombos)].label;
			for (const m of spec.measurements) {
				const unit = V2_MEASUREMENTS[m.type].unit;
				row[measurementColumn(m)] = unit ? { amount: measure(r, m), unit } : { amount: measure(r, m) };
			}
			return row;
		},
	};
}
