import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DAY_MS, toIsoDate } from '../../Finout/actions/common/dateRange';
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
import type { PollRun } from '../context';
import { utcStartOf } from '../days';
import type { CostSeries } from './costThresholdEvaluation';
import { round } from './costThresholdEvaluation';
import type { CostSettings, CostUsageQuery, ViewQuery } from './costThresholdSettings';
import { runCostUsageQuery, V2_ROW_LIMIT } from './costUsageQuery';

export const TOTAL_GROUP = 'Total';

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
