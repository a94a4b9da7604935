/**
 * V1 POST /v1/cost/query-by-view (§3.2): validation and the series it returns.
 *
 * Doc facts followed: the date range is at most 90 days; `date` is optional but, when sent,
 * both fields must be numbers; the response holds one series per group plus a "Total"
 * series, each point `{time (ms, UTC midnight), cost}`.
 * Where the docs contradict themselves we accept both forms:
 *  - date units (§9.2): values below 1e11 are read as seconds, others as milliseconds;
 *  - `groupBy` (undocumented, used by a Finout employee's CLI): accepted, changes labels.
 */
import { DAY_MS, V1_COST_TYPES, groupSeedOf, round, utcMidnight } from './cost-model';
import { ApiError, badRequest, isNonEmptyString, isPlainObject, notFound, requireObject } from './errors';
import type { HandlerContext } from './router';

export const V1_MAX_RANGE_DAYS = 90;
/** Without `date`, the fake uses the last 30 UTC days (the view's saved range is unknown, §3.2). */
export const V1_DEFAULT_RANGE_DAYS = 30;
export const V1_DEFAULT_COST_TYPE = 'netAmortizedCost';

const START = 'unixTimeMillSecondsStart';
const END = 'unixTimeMillSecondsEnd';

/** Seconds vs milliseconds heuristic: 1e11 ms is 1973, 1e11 s is year 5138. */
export const toMs = (v: number): number => (v < 1e11 ? v * 1000 : v);

export function queryByView(ctx: HandlerContext): Record<string, unknown> {
	const body = requireObject(ctx.body);
	const { state, costModel } = ctx.env;

	if (!isNonEmptyString(body.viewId)) throw badRequest('viewId is required (a view id from GET /v1/view)');
	const view = state.views.get(body.viewId);
	if (!view) throw notFound(`viewId "${body.viewId}" does not match any view`);

	let costType = V1_DEFAULT_COST_TYPE;
	if (body.costType !== undefined) {
		if (typeof body.costType !== 'string' || !(body.costType in V1_COST_TYPES)) {
			throw badRequest(`costType must be one of: ${Object.keys(V1_COST_TYPES).join(', ')} (got ${JSON.stringify(body.costType)})`);
		}
		costType = body.costType;
	}

	let groupBy: string[] | undefined;
	if (body.groupBy !== undefined) {
		if (!Array.isArray(body.groupBy) || body.groupBy.some((g) => !isNonEmptyString(g))) {
			throw badRequest('groupBy must be an array of non-empty strings');
		}
		groupBy = body.groupBy as string[];
	}

	const { startMs, endMs } = parseDate(body.date, ctx.now);
	const days: number[] = [];
	for (let d = Math.ceil(startMs / DAY_MS) * DAY_MS; d <= endMs; d += DAY_MS) days.push(d);

	const labels = groupLabels(ctx, view.groupKey, view.groupCount, groupBy);
	const factor = V1_COST_TYPES[costType];
	const totals = days.map(() => 0);
	// A day nobody has billing data for yet (a late export) has no point at all, not a zero.
	const billed = days.map(() => false);
	const series = labels.map((name) => {
		const seed = groupSeedOf(view.id, name);
		const data: Array<{ time: number; cost: number }> = [];
		days.forEach((time, i) => {
			const daily = costModel.daily('view', name, seed, time, view.id);
			if (daily === null) return;
			const cost = round(daily * factor, 2);
			totals[i] += cost;
			billed[i] = true;
			data.push({ time, cost });
		});
		return { name, data };
	});
	series.push({
		name: 'Total',
		data: days.flatMap((time, i) => (billed[i] ? [{ time, cost: round(totals[i], 2) }] : [])),
	});
	return { data: series, request: { viewId: view.id } };
}

function parseDate(date: unknown, now: number): { startMs: number; endMs: number } {
	if (date === undefined) {
		const today = utcMidnight(now);
		return { startMs: today - (V1_DEFAULT_RANGE_DAYS - 1) * DAY_MS, endMs: today + DAY_MS - 1 };
	}
	if (!isPlainObject(date)) throw badRequest(`date must be an object with ${START} and ${END}, or be left out entirely`);
	for (const v2Name of ['unixTimeMillisecondsStart', 'unixTimeMillisecondsEnd']) {
		if (v2Name in date) {
			throw badRequest(`date.${v2Name} is the V2 spelling; V1 query-by-view expects date.${START} / date.${END} ("MillSeconds")`);
		}
	}
	const read = (name: string): number => {
		const v = date[name];
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			throw badRequest(`date.${name} must be a number (Unix epoch time); send both date fields or leave date out entirely`);
		}
		return toMs(v);
	};
	const startMs = read(START);
	const endMs = read(END);
	if (startMs > endMs) throw badRequest(`date.${START} must not be after date.${END}`);
	if (endMs - startMs > V1_MAX_RANGE_DAYS * DAY_MS) {
		throw badRequest(`date range is longer than ${V1_MAX_RANGE_DAYS} days (date.${END} - date.${START})`);
	}
	return { startMs, endMs };
}

/** Series names: the view's own grouping, or the values of the requested groupBy keys. */
function groupLabels(ctx: HandlerContext, groupKey: { costCenter: string; key: string }, count: number, groupBy?: string[]): string[] {
	const keys = ctx.env.state.allKeys();
	if (!groupBy || groupBy.length === 0) {
		const k = ctx.env.state.findKey(groupKey.costCenter, groupKey.key);
		if (!k) throw new ApiError(500, `view grouping key ${groupKey.key} is missing from the catalogue`);
		return k.values.slice(0, count);
	}
	const valueLists = groupBy.map((g) => {
		const lower = g.toLowerCase();
		const k = keys.find((x) => x.key.toLowerCase() === lower) ?? keys.find((x) => x.displayName.toLowerCase() === lower);
		return k ? k.values.slice(0, 8) : [1, 2, 3, 4].map((i) => `${g}-${i}`);
	});
	// Cartesian product of the groupBy values, capped at 8 series.
	let combos: string[] = [''];
	for (const list of valueLists) {
		combos = combos.flatMap((prefix) => list.map((v) => (prefix ? `${prefix} / ${v}` : v))).slice(0, 8);
	}
	return combos;
}
