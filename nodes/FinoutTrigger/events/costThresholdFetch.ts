import { NodeApiError } from 'n8n-workflow';

import { queryCostByView, TOTAL_SERIES } from '../../Finout/actions/cost/api';
import { DAY_MS, toIsoDate } from '../../Finout/actions/common/dateRange';
import { round } from '../../Finout/actions/common/round';
import { dimensionColumn, measurementColumn } from '../../Finout/actions/costAndUsage/querySpec';
import { isPlainObject, parseAmount, parseFinoutDate } from '../../Finout/transport/responses';
import type { PollRun } from '../context';
import { utcStartOf } from '../days';
import type { CostSeries } from './costThresholdEvaluation';
import type { CostSettings, CostUsageQuery, ViewQuery } from './costThresholdSettings';
import { runCostUsageQuery, V2_ROW_LIMIT } from './costUsageQuery';

/** The group of a trigger that watches a total: the view's own "Total" series, or the sum. */
const TOTAL_GROUP = TOTAL_SERIES;

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
	const all = await queryCostByView(
		run.ctx,
		{
			viewId: query.viewId,
			range: { startMs, endMs },
			costType: query.costType,
			groupBy: query.groupBy,
		},
		{ retry: run.retry, signal: run.signal },
	);
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

async function fetchCostUsageSeries(
	run: PollRun,
	query: CostUsageQuery,
	startMs: number,
	endMs: number,
): Promise<CostSeries> {
	const measured = { type: query.measurement, operator: 'sum' };
	const rows = await runCostUsageQuery(run, {
		range: { startMs, endMs },
		interval: 'day',
		measurements: [measured],
		dimensions: query.dimension ? [query.dimension] : [],
		filters: query.filters,
		rowLimit: V2_ROW_LIMIT,
	});
	const column = query.dimension ? dimensionColumn(query.dimension) : undefined;
	const measurement = measurementColumn(measured);
	// A column missing from every row is a column named otherwise, not cost without a value: summed
	// into one group it would fire on the total. A row with an empty value stays its own group.
	if (column && rows.length > 0 && rows.every((row) => row[column] === undefined)) {
		throw unexpectedRow(run, `a "${column}" column`);
	}
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
