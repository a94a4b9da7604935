import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { COST_TYPE_OPTIONS } from '../../Finout/actions/common/costTypes';
import { DAY_MS, toIsoDate } from '../../Finout/actions/common/dateRange';
import { FilterShapeError, isPlainObject, validateFilter } from '../../Finout/actions/common/filters';
import { finoutRequest } from '../../Finout/transport/request';
import type { EventOutcome, PollRun } from '../context';
import { readLocatorValue, readNumber } from '../context';
import { addDays, dateRange, isDate, isValidTimeZone, lastCompleteDate, utcStartOf } from '../days';
import type { StoredState } from '../state';
import { fingerprint, STATE_VERSION } from '../state';
import { runCostUsageQuery, V2_ROW_LIMIT } from './costUsageQuery';

export type CostRule =
	| 'above'
	| 'increaseVsPreviousDay'
	| 'increaseVsSameWeekdayLastWeek'
	| 'increaseVsTrailing7DayAverage';

export type CostSource = 'view' | 'costAndUsage';

/** Days before the evaluated day that each rule's baseline reads. */
export const RULE_LOOKBACK_DAYS: Record<CostRule, number> = {
	above: 0,
	increaseVsPreviousDay: 1,
	increaseVsSameWeekdayLastWeek: 7,
	increaseVsTrailing7DayAverage: 7,
};

/** Longest range one request may cover: query-by-view 90 days (§3.2), Cost and Usage 60 (§4.2). */
export const MAX_WINDOW_DAYS: Record<CostSource, number> = { view: 90, costAndUsage: 60 };

export const TOTAL_GROUP = 'Total';

const MAX_SAMPLE_ITEMS = 20;

export interface CostState extends StoredState {
	/** Last date (YYYY-MM-DD) whose cost was evaluated; every later complete date is still due. */
	lastEvaluated: string;
}

interface ViewQuery {
	source: 'view';
	viewId: string;
	perGroup: boolean;
	groupBy: string[];
	costType: string;
}

interface CostUsageQuery {
	source: 'costAndUsage';
	measurement: string;
	dimension?: { costCenter: string; key: string; type: string };
	filters?: IDataObject;
}

export interface CostSettings {
	query: ViewQuery | CostUsageQuery;
	rule: CostRule;
	threshold: number;
	minimumCost: number;
	timeZone: string;
	lookBackDays: number;
	watch: string;
}

/** group → date → cost */
export type CostSeries = Map<string, Map<string, number>>;

export interface Evaluation {
	value: number;
	baseline: number | null;
	change: number | null;
	changePercent: number | null;
	fired: boolean;
}

const RULES: readonly CostRule[] = Object.keys(RULE_LOOKBACK_DAYS) as CostRule[];

export function readCostSettings(ctx: IPollFunctions): CostSettings {
	const node = ctx.getNode();
	const source = ctx.getNodeParameter('costSource', 'view') as CostSource;
	let query: ViewQuery | CostUsageQuery;
	if (source === 'view') {
		const costType = String(ctx.getNodeParameter('costType', '') ?? '');
		if (costType && !COST_TYPE_OPTIONS.some((option) => option.value === costType)) {
			throw new NodeOperationError(node, `Cost Type "${costType}" is not a Finout cost type`);
		}
		const perGroup = ctx.getNodeParameter('viewScope', 'total') === 'perGroup';
		const groupBy = perGroup
			? String(ctx.getNodeParameter('groupBy', '') ?? '')
					.split(',')
					.map((key) => key.trim())
					.filter(Boolean)
			: [];
		query = { source, viewId: readLocatorValue(ctx, 'viewId', 'View'), perGroup, groupBy, costType };
	} else if (source === 'costAndUsage') {
		const measurement = String(ctx.getNodeParameter('measurementType', 'netAmortizedCost'));
		query = { source, measurement };
		if (ctx.getNodeParameter('costAndUsageScope', 'total') === 'perDimension') {
			const key = String(ctx.getNodeParameter('dimensionKey', '') ?? '').trim();
			const type = String(ctx.getNodeParameter('dimensionType', '') ?? '').trim();
			if (!key || !type) {
				throw new NodeOperationError(node, 'Dimension Key and Dimension Type are required to split by a dimension');
			}
			query.dimension = {
				costCenter: String(ctx.getNodeParameter('dimensionCostCenter', '') ?? '').trim(),
				key,
				type,
			};
		}
		query.filters = readFilters(ctx);
	} else {
		throw new NodeOperationError(node, `Unknown cost source "${String(source)}"`);
	}

	const rule = ctx.getNodeParameter('rule', 'above') as CostRule;
	if (!RULES.includes(rule)) throw new NodeOperationError(node, `Unknown condition "${String(rule)}"`);
	const threshold =
		rule === 'above'
			? readNumber(ctx, ctx.getNodeParameter('amount', 0), 'Amount', -Infinity)
			: readNumber(ctx, ctx.getNodeParameter('percent', 0), 'Increase (%)', 0);

	const options = ctx.getNodeParameter('costOptions', {}) as IDataObject;
	const timeZone = String(options.timeZone ?? '').trim() || ctx.getTimezone() || 'UTC';
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(node, `Time Zone "${timeZone}" is not a known IANA time zone`, {
			description: 'Use a name such as Europe/Berlin, America/New_York or UTC.',
		});
	}
	const maxLookBack = MAX_WINDOW_DAYS[source] - RULE_LOOKBACK_DAYS[rule] - 1;
	const lookBackDays = Math.floor(readNumber(ctx, options.lookBackDays ?? 0, 'Look Back Days', 0));
	if (lookBackDays > maxLookBack) {
		throw new NodeOperationError(node, `Look Back Days can be at most ${maxLookBack} for this source and condition`, {
			description: `One request to Finout covers at most ${MAX_WINDOW_DAYS[source]} days, including the days the condition compares with.`,
		});
	}
	return {
		query,
		rule,
		threshold,
		minimumCost: readNumber(ctx, options.minimumCost ?? 0, 'Minimum Cost', 0),
		timeZone,
		lookBackDays,
		// Rule, threshold and zone may change without re-evaluating past days; what is measured may not.
		watch: fingerprint({ ...query } as IDataObject),
	};
}

function readFilters(ctx: IPollFunctions): IDataObject | undefined {
	const raw = ctx.getNodeParameter('costAndUsageFilters', '') as unknown;
	let filters: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return undefined;
		try {
			filters = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), 'Filters is not valid JSON', {
				description: (error as Error).message,
			});
		}
	}
	if (filters === undefined || filters === null) return undefined;
	if (isPlainObject(filters) && Object.keys(filters).length === 0) return undefined;
	try {
		validateFilter(filters, { requireType: true, maxLeaves: 30 });
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Filters: ${error instanceof FilterShapeError ? error.message : String(error)}`,
		);
	}
	return filters as IDataObject;
}

export async function pollCostThreshold(
	run: PollRun,
	settings: CostSettings,
	previous: CostState | undefined,
): Promise<EventOutcome<CostState>> {
	const { query, rule } = settings;
	const lastComplete = lastCompleteDate(run.now, settings.timeZone);
	const lookback = RULE_LOOKBACK_DAYS[rule];
	const maxEvaluated = MAX_WINDOW_DAYS[query.source] - lookback;

	let dates: string[];
	if (run.manual) {
		dates = [lastComplete];
	} else {
		const stored = previous && isDate(previous.lastEvaluated) ? previous.lastEvaluated : undefined;
		const first = stored ? addDays(stored, 1) : addDays(lastComplete, -settings.lookBackDays);
		if (first > lastComplete) {
			return { items: [], state: previous ?? newState(settings, lastComplete) };
		}
		// After a long pause, catch up one request-sized chunk per poll, oldest first.
		const last = addDays(first, maxEvaluated - 1) < lastComplete ? addDays(first, maxEvaluated - 1) : lastComplete;
		dates = dateRange(first, last);
	}

	const series = await fetchCostSeries(run, settings, addDays(dates[0], -lookback), dates[dates.length - 1]);
	const groups = [...series.keys()].sort((a, b) => a.localeCompare(b));
	const items: IDataObject[] = [];
	const evaluated: IDataObject[] = [];
	for (const date of dates) {
		for (const group of groups) {
			const result = evaluateDay(rule, settings.threshold, settings.minimumCost, series.get(group)!, date);
			const item = toItem(settings, date, group, result);
			if (result.fired) items.push(item);
			else if (run.manual) evaluated.push({ ...item, fired: false });
		}
	}
	if (run.manual && items.length === 0) {
		// Nothing crossed on the latest day: show that day's values so the fields can be mapped.
		evaluated.sort((a, b) => Number(b.value) - Number(a.value));
		return { items: evaluated.slice(0, MAX_SAMPLE_ITEMS), state: previous ?? newState(settings, lastComplete) };
	}
	return {
		items: run.manual ? items.slice(0, MAX_SAMPLE_ITEMS) : items,
		state: run.manual ? (previous ?? newState(settings, lastComplete)) : newState(settings, dates[dates.length - 1]),
	};
}

function newState(settings: CostSettings, lastEvaluated: string): CostState {
	return { v: STATE_VERSION, watch: settings.watch, lastEvaluated };
}

/** The comparison for one (group, date). Missing days count as zero cost. */
export function evaluateDay(
	rule: CostRule,
	threshold: number,
	minimumCost: number,
	byDate: Map<string, number>,
	date: string,
): Evaluation {
	const costOn = (day: string) => byDate.get(day) ?? 0;
	const value = costOn(date);
	let baseline: number;
	switch (rule) {
		case 'above':
			baseline = threshold;
			break;
		case 'increaseVsPreviousDay':
			baseline = costOn(addDays(date, -1));
			break;
		case 'increaseVsSameWeekdayLastWeek':
			baseline = costOn(addDays(date, -7));
			break;
		case 'increaseVsTrailing7DayAverage': {
			let sum = 0;
			for (let offset = 1; offset <= 7; offset++) sum += costOn(addDays(date, -offset));
			baseline = sum / 7;
			break;
		}
	}
	const change = value - baseline;
	const changePercent = baseline > 0 ? (change / baseline) * 100 : null;
	const crossed =
		rule === 'above' ? value > threshold : changePercent !== null && changePercent > threshold;
	return {
		value,
		baseline: round(baseline, 6),
		change: round(change, 6),
		changePercent: changePercent === null ? null : round(changePercent, 2),
		fired: crossed && value >= minimumCost,
	};
}

function toItem(settings: CostSettings, date: string, group: string, result: Evaluation): IDataObject {
	const { query } = settings;
	return {
		event: 'costThresholdCrossed',
		date,
		group,
		value: result.value,
		baseline: result.baseline,
		change: result.change,
		changePercent: result.changePercent,
		threshold: settings.threshold,
		rule: settings.rule,
		source: query.source,
		...(query.source === 'view'
			? { viewId: query.viewId }
			: { measurement: query.measurement }),
		timeZone: settings.timeZone,
	};
}

/** Daily cost per group for the UTC buckets `from` … `to`, in one request (V1) or one query (V2). */
export async function fetchCostSeries(
	run: PollRun,
	settings: CostSettings,
	from: string,
	to: string,
): Promise<CostSeries> {
	const startMs = utcStartOf(from);
	const endMs = utcStartOf(to) + DAY_MS - 1;
	const { query } = settings;
	return query.source === 'view'
		? await fetchViewSeries(run, query, startMs, endMs)
		: await fetchCostUsageSeries(run, query, startMs, endMs);
}

interface ViewResponse {
	data?: Array<{ name?: string; data?: Array<{ time?: number; cost?: number }> }>;
}

async function fetchViewSeries(run: PollRun, query: ViewQuery, startMs: number, endMs: number): Promise<CostSeries> {
	const body: IDataObject = {
		viewId: query.viewId,
		date: { unixTimeMillSecondsStart: startMs, unixTimeMillSecondsEnd: endMs },
	};
	if (query.costType) body.costType = query.costType;
	if (query.groupBy.length > 0) body.groupBy = query.groupBy;
	const response = await finoutRequest<ViewResponse>(run.ctx, 'queryCostByView', { body, retry: run.retry });
	const series: CostSeries = new Map();
	const all = response.data ?? [];
	const total = all.find((entry) => entry.name === TOTAL_GROUP);
	const wanted = query.perGroup
		? all.filter((entry) => entry.name !== TOTAL_GROUP)
		: total
			? [total]
			: all; // no Total series: add the groups up
	for (const entry of wanted) {
		const group = query.perGroup ? String(entry.name ?? '') : TOTAL_GROUP;
		for (const point of entry.data ?? []) {
			if (typeof point.time !== 'number' || typeof point.cost !== 'number') continue;
			add(series, group, toIsoDate(point.time), point.cost);
		}
	}
	return series;
}

async function fetchCostUsageSeries(
	run: PollRun,
	query: CostUsageQuery,
	startMs: number,
	endMs: number,
): Promise<CostSeries> {
	const body: IDataObject = {
		date: { unixTimeMillisecondsStart: startMs, unixTimeMillisecondsEnd: endMs },
		timeInterval: { interval: 'day' },
		measurements: [{ type: query.measurement, operator: 'sum' }],
		rowLimit: V2_ROW_LIMIT,
	};
	if (query.dimension) body.dimensions = [query.dimension];
	if (query.filters) body.filters = query.filters;
	const rows = await runCostUsageQuery(run, body);
	const column = query.dimension
		? `${query.dimension.costCenter}_${query.dimension.type}_${query.dimension.key}`
		: undefined;
	const measurement = `${query.measurement}_sum`;
	const series: CostSeries = new Map();
	for (const row of rows) {
		const day = typeof row.day === 'string' ? row.day.slice(0, 10) : undefined;
		if (!day || !isDate(day)) continue;
		const cell = row[measurement];
		const amount = isPlainObject(cell) ? Number(cell.amount) : Number(cell);
		if (!Number.isFinite(amount)) continue;
		const group = column ? String(row[column] ?? '') || '(empty)' : TOTAL_GROUP;
		add(series, group, day, amount);
	}
	return series;
}

function add(series: CostSeries, group: string, date: string, cost: number): void {
	let byDate = series.get(group);
	if (!byDate) {
		byDate = new Map();
		series.set(group, byDate);
	}
	byDate.set(date, round((byDate.get(date) ?? 0) + cost, 6));
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
