import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { COST_TYPE_OPTIONS } from '../../Finout/actions/common/costTypes';
import { DAY_MS, toIsoDate } from '../../Finout/actions/common/dateRange';
import { buildFilter, FILTER_HINT } from '../../Finout/actions/common/filterBuilder';
import { locatorText } from '../../Finout/actions/common/keyPickers';
import { finoutRequestWithStatus } from '../../Finout/transport/request';
import type { FinoutAnswer } from '../../Finout/transport/responses';
import {
	isPlainObject,
	parseAmount,
	parseFinoutDate,
	readAmount,
	readFinoutDate,
	readObjectList,
} from '../../Finout/transport/responses';
import type { EventOutcome, PollRun } from '../context';
import { readLocatorValue, readNumber } from '../context';
import { addDays, dateRange, isDate, isValidTimeZone, lastCompleteDate, utcStartOf } from '../days';
import type { StoredState } from '../state';
import { fingerprint, isRecord, isStringList, shortHash, STATE_VERSION } from '../state';
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
	/** Last date (YYYY-MM-DD) taken in; every later complete date is new. */
	lastEvaluated: string;
	/**
	 * Dates taken in whose data may still grow (not settled: dayEnd + Data Delay is ahead), each
	 * with the short hashes of the (group, rule) pairs that already fired for it. They are
	 * evaluated again at every poll, so late data still fires, and fires once. A date leaves this
	 * map once settled, which keeps it to a few dates.
	 */
	unsettled?: Record<string, string[]>;
}

/** Default Data Delay: see the option's help text and the README for the reasoning. */
export const DEFAULT_DATA_DELAY_HOURS = 48;
/** A week: beyond it a bill correction is not a spike to alert on, and the state stays small. */
const MAX_DATA_DELAY_HOURS = 168;
const HOUR_MS = 3_600_000;

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
	/** How long after a UTC day ends its cost may still change. */
	dataDelayMs: number;
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
		query = {
			source,
			viewId: readLocatorValue(ctx, 'viewId', 'View'),
			perGroup,
			groupBy,
			costType,
		};
	} else if (source === 'costAndUsage') {
		const measurement = String(ctx.getNodeParameter('measurementType', 'netAmortizedCost'));
		query = { source, measurement };
		if (ctx.getNodeParameter('costAndUsageScope', 'total') === 'perDimension') {
			// Locators since 1.1; plain text in older triggers.
			const key = locatorText(ctx.getNodeParameter('dimensionKey', ''));
			const type = String(ctx.getNodeParameter('dimensionType', '') ?? '').trim();
			if (!key || !type) {
				throw new NodeOperationError(
					node,
					'Dimension Key and Dimension Type are required to split by a dimension',
				);
			}
			query.dimension = {
				costCenter: locatorText(ctx.getNodeParameter('dimensionCostCenter', '')),
				key,
				type,
			};
		}
		query.filters = readFilters(ctx);
	} else {
		throw new NodeOperationError(node, `Unknown cost source "${String(source)}"`);
	}

	const rule = ctx.getNodeParameter('rule', 'above') as CostRule;
	if (!RULES.includes(rule))
		throw new NodeOperationError(node, `Unknown condition "${String(rule)}"`);
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
		throw new NodeOperationError(
			node,
			`Look Back Days can be at most ${maxLookBack} for this source and condition`,
			{
				description: `One request to Finout covers at most ${MAX_WINDOW_DAYS[source]} days, including the days the condition compares with.`,
			},
		);
	}
	const dataDelayHours = readNumber(
		ctx,
		options.dataDelayHours ?? DEFAULT_DATA_DELAY_HOURS,
		'Data Delay (Hours)',
		0,
	);
	if (dataDelayHours > MAX_DATA_DELAY_HOURS) {
		throw new NodeOperationError(
			node,
			`Data Delay (Hours) can be at most ${MAX_DATA_DELAY_HOURS}`,
			{
				description:
					'Days are checked again until this long after they end; a week covers every cloud billing export.',
			},
		);
	}
	return {
		query,
		rule,
		threshold,
		minimumCost: readNumber(ctx, options.minimumCost ?? 0, 'Minimum Cost', 0),
		timeZone,
		lookBackDays,
		dataDelayMs: dataDelayHours * HOUR_MS,
		// Rule, threshold and zone may change without re-evaluating past days; what is measured may not.
		watch: fingerprint({ ...query } as IDataObject),
	};
}

function readFilters(ctx: IPollFunctions): IDataObject | undefined {
	const outcome = buildFilter(
		{
			mode: ctx.getNodeParameter('filterMode', 'json'),
			match: ctx.getNodeParameter('filterMatch', 'AND'),
			conditions: ctx.getNodeParameter('filterConditions', {}),
			json: ctx.getNodeParameter('costAndUsageFilters', ''),
		},
		{ requireType: true, maxLeaves: 30 },
	);
	if (outcome.jsonError) {
		throw new NodeOperationError(ctx.getNode(), 'Filters is not valid JSON', {
			description: outcome.jsonError,
		});
	}
	if (outcome.problems.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `Filters: ${outcome.problems.join('; ')}`, {
			description: FILTER_HINT,
		});
	}
	return outcome.filter;
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

	if (run.manual) return await sampleLatestDay(run, settings, previous, lastComplete);

	const open = previous?.unsettled ?? {};
	const openDates = Object.keys(open).sort();
	const firstNew = previous
		? addDays(previous.lastEvaluated, 1)
		: addDays(lastComplete, -settings.lookBackDays);
	const first = openDates.length > 0 && openDates[0] < firstNew ? openDates[0] : firstNew;
	if (first > lastComplete)
		return { items: [], state: previous ?? newState(settings, lastComplete, {}) };
	// After a long pause, catch up one request-sized chunk per poll, oldest first.
	const last =
		addDays(first, maxEvaluated - 1) < lastComplete
			? addDays(first, maxEvaluated - 1)
			: lastComplete;
	const newDates = dateRange(firstNew, last);
	const dates = [...new Set([...openDates.filter((date) => date <= last), ...newDates])].sort();

	const series = await fetchCostSeries(
		run,
		settings,
		addDays(dates[0], -lookback),
		dates[dates.length - 1],
	);
	const groups = [...series.keys()].sort((a, b) => a.localeCompare(b));
	const items: IDataObject[] = [];
	const unsettled: Record<string, string[]> = {};
	for (const date of dates) {
		const firedKeys = new Set(open[date] ?? []);
		if (isReady(series, rule, date)) {
			for (const group of groups) {
				const result = evaluateDay(
					rule,
					settings.threshold,
					settings.minimumCost,
					series.get(group)!,
					date,
				);
				const firedKey = shortHash(`${group}\u0000${rule}`);
				if (!result.fired || firedKeys.has(firedKey)) continue;
				firedKeys.add(firedKey);
				items.push(toItem(settings, date, group, result));
			}
		}
		// A settled date had its last look; one still without rows is skipped for good.
		if (!isSettled(date, run.now, settings.dataDelayMs)) unsettled[date] = [...firedKeys].sort();
	}
	for (const date of openDates) if (date > last) unsettled[date] = open[date];
	// Only re-checked dates in this chunk (a long-open date caught up first): the cursor stays.
	const lastEvaluated = previous && previous.lastEvaluated > last ? previous.lastEvaluated : last;
	return { items, state: newState(settings, lastEvaluated, unsettled) };
}

/** "Fetch Test Event": what fired on the latest complete day, or else that day's values. */
async function sampleLatestDay(
	run: PollRun,
	settings: CostSettings,
	previous: CostState | undefined,
	date: string,
): Promise<EventOutcome<CostState>> {
	const { rule } = settings;
	const state = previous ?? newState(settings, date, {});
	const series = await fetchCostSeries(
		run,
		settings,
		addDays(date, -RULE_LOOKBACK_DAYS[rule]),
		date,
	);
	if (!isReady(series, rule, date)) return { items: [], state };
	const fired: IDataObject[] = [];
	const quiet: IDataObject[] = [];
	for (const group of [...series.keys()].sort((a, b) => a.localeCompare(b))) {
		const result = evaluateDay(
			rule,
			settings.threshold,
			settings.minimumCost,
			series.get(group)!,
			date,
		);
		const item = toItem(settings, date, group, result);
		if (result.fired) fired.push(item);
		else
			quiet.push({
				...item,
				fired: false,
				note: `Sample only: nothing crossed the condition on ${date}, so an active workflow would not fire for this`,
			});
	}
	if (fired.length > 0) return { items: fired.slice(0, MAX_SAMPLE_ITEMS), state };
	quiet.sort((a, b) => Number(b.value) - Number(a.value));
	return { items: quiet.slice(0, MAX_SAMPLE_ITEMS), state };
}

function newState(
	settings: CostSettings,
	lastEvaluated: string,
	unsettled: Record<string, string[]>,
): CostState {
	return { v: STATE_VERSION, watch: settings.watch, lastEvaluated, unsettled };
}

/** Whether a stored entry has the shape this file writes (see CostState). */
export function isIntactCostState(entry: IDataObject): boolean {
	if (!isDate(entry.lastEvaluated)) return false;
	if (entry.unsettled === undefined) return true; // written before late data was handled
	return (
		isRecord(entry.unsettled) &&
		Object.entries(entry.unsettled).every(([date, keys]) => isDate(date) && isStringList(keys))
	);
}

/** Once a UTC day has been over for the Data Delay, its cost no longer changes. */
export function isSettled(date: string, now: number, dataDelayMs: number): boolean {
	return utcStartOf(date) + DAY_MS + dataDelayMs <= now;
}

/**
 * A date with no row at all has no data yet: it is not 0 cost. It is evaluated only once it has
 * rows, and so is every day its baseline reads, so a missing day never becomes a baseline of 0.
 */
function isReady(series: CostSeries, rule: CostRule, date: string): boolean {
	const needed = [date];
	const lookback = RULE_LOOKBACK_DAYS[rule];
	if (rule === 'increaseVsTrailing7DayAverage') {
		for (let offset = 1; offset <= lookback; offset++) needed.push(addDays(date, -offset));
	} else if (lookback > 0) {
		needed.push(addDays(date, -lookback));
	}
	return needed.every((day) => [...series.values()].some((byDate) => byDate.has(day)));
}

/**
 * The comparison for one (group, date). A group without a row on a day that has rows (a service
 * not used that day) counts as zero cost; days without any row are kept out by `isReady`.
 */
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

function toItem(
	settings: CostSettings,
	date: string,
	group: string,
	result: Evaluation,
): IDataObject {
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
		...(query.source === 'view' ? { viewId: query.viewId } : { measurement: query.measurement }),
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

async function fetchViewSeries(
	run: PollRun,
	query: ViewQuery,
	startMs: number,
	endMs: number,
): Promise<CostSeries> {
	const body: IDataObject = {
		viewId: query.viewId,
		date: { unixTimeMillSecondsStart: startMs, unixTimeMillSecondsEnd: endMs },
	};
	if (query.costType) body.costType = query.costType;
	if (query.groupBy.length > 0) body.groupBy = query.groupBy;
	const answer = await finoutRequestWithStatus(run.ctx, 'queryCostByView', {
		body,
		retry: run.retry,
		signal: run.signal,
	});
	const all = readObjectList(answer, 'data').map((entry, index) => ({
		name: readGroupName(answer, entry.name, `data[${index}].name`),
		points: readPoints(answer, entry.data, `data[${index}].data`),
	}));
	const series: CostSeries = new Map();
	const total = all.find((entry) => entry.name === TOTAL_GROUP);
	const wanted = query.perGroup
		? all.filter((entry) => entry.name !== TOTAL_GROUP)
		: total
			? [total]
			: all; // no Total series: add the groups up
	for (const entry of wanted) {
		const group = query.perGroup ? entry.name : TOTAL_GROUP;
		for (const point of entry.points) add(series, group, toIsoDate(point.time), point.cost);
	}
	return series;
}

/** Text, possibly empty: a view groups untagged cost under an empty name. */
function readGroupName(answer: FinoutAnswer, value: unknown, where: string): string {
	if (typeof value !== 'string') throw answer.unexpected(`a "${where}" text`);
	return value;
}

/** A series' daily points; a point whose time or cost cannot be read is an unexpected answer. */
function readPoints(
	answer: FinoutAnswer,
	value: unknown,
	where: string,
): Array<{ time: number; cost: number }> {
	if (!Array.isArray(value)) throw answer.unexpected(`a "${where}" list`);
	return value.map((point: unknown, index) => {
		if (!isPlainObject(point)) throw answer.unexpected(`an object at "${where}[${index}]"`);
		return {
			time: readFinoutDate(answer, point.time, `${where}[${index}].time`),
			cost: readAmount(answer, point.cost, `${where}[${index}].cost`),
		};
	});
}

async function fetchCostUsageSeries(
	run: PollRun,
	query: CostUsageQuery,
	startMs: number,
	endMs: number,
): Promise<CostSeries> {
	const rows = await runCostUsageQuery(run, {
		range: { startMs, endMs },
		interval: 'day',
		measurements: [{ type: query.measurement, operator: 'sum' }],
		dimensions: query.dimension ? [query.dimension] : [],
		filters: query.filters,
		rowLimit: V2_ROW_LIMIT,
	});
	const column = query.dimension
		? `${query.dimension.costCenter}_${query.dimension.type}_${query.dimension.key}`
		: undefined;
	const measurement = `${query.measurement}_sum`;
	const series: CostSeries = new Map();
	rows.forEach((row, index) => {
		// readResults checked every date and amount that is there; a row without them is not a cost row.
		const day = parseFinoutDate(row.day);
		const cell = row[measurement];
		const amount = parseAmount(isPlainObject(cell) ? cell.amount : cell);
		if (day === undefined || amount === undefined) {
			throw unexpectedRow(run, `"day" and "${measurement}" in results row ${index}`);
		}
		const group = column ? String(row[column] ?? '') || '(empty)' : TOTAL_GROUP;
		add(series, group, toIsoDate(day), amount);
	});
	return series;
}

function unexpectedRow(run: PollRun, missing: string): NodeApiError {
	const message = `Finout answered with an unexpected response (cost query results): ${missing} was missing`;
	return new NodeApiError(
		run.ctx.getNode(),
		{ message },
		{
			message,
			description: 'Nothing was evaluated and nothing was stored; the next poll asks again.',
		},
	);
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
