/**
 * V2 async: a 100,000-row Cost and Usage query (50 days × 2,000 resource IDs) paged at 10,000,
 * through Cost and Usage → Query (submit, poll, read all pages) in the n8n engine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS } from '../../test/fake-finout/seed';
import { assertSuccess, credentials, runFinout } from '../lib/engine';
import type { SimProcess } from '../lib/sim';
import { int, ms, pct, sum, times } from '../lib/stats';
import type { SectionResult, Table } from '../report';

const DAYS = 50;
const RESOURCES = 2_000;
const ROWS = DAYS * RESOURCES;
const PAGE_SIZE = 10_000;
const QUEUED_MS = 100;
const RUNNING_MS = 200;
const POLL_SECONDS = 0.5;

const OPERATION_FILE = join(__dirname, '..', '..', 'nodes', 'Finout', 'actions', 'costAndUsage', 'query.operation.ts');

const QUERY: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'custom',
	startDate: '2026-01-01T00:00:00Z',
	endDate: '2026-02-19T23:59:59Z',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: 'AWS', key: 'resource_id', type: 'resource' }] },
	returnAll: true,
	simplify: true,
	options: { rowLimit: ROWS, pageSize: PAGE_SIZE, pollIntervalSeconds: POLL_SECONDS },
};

export async function v2Async(sim: SimProcess): Promise<SectionResult> {
	if (!existsSync(OPERATION_FILE)) return pending();

	const creds = credentials('', SANDBOX_CREDENTIALS);
	const start = (seed: number) =>
		sim.start({ latencyMs: 0, jitterMs: 0, seed, queryQueuedMs: QUEUED_MS, queryRunningMs: RUNNING_MS, credentials: [SANDBOX_CREDENTIALS] });

	// Warm-up with a small query (module loading, JIT), not measured.
	await start(97);
	assertSuccess('v2 warm-up', await runFinout({ ...QUERY, options: { rowLimit: 1000, pageSize: 500, pollIntervalSeconds: POLL_SECONDS } }, { ...creds, baseUrl: sim.url }, [{}]));

	await start(8);
	const heapBefore = process.memoryUsage().heapUsed;
	const timing = await runFinout(QUERY, { ...creds, baseUrl: sim.url }, [{}]);
	const heapAfter = process.memoryUsage().heapUsed;
	assertSuccess('v2 query', timing);
	const requests = await sim.requests();
	const byRoute = new Map<string, typeof requests>();
	for (const request of requests) byRoute.set(request.route ?? '(unmatched)', [...(byRoute.get(request.route ?? '(unmatched)') ?? []), request]);

	const serverMs = (list: typeof requests) => sum(list.map((request) => request.endedAt - request.startedAt));
	const nodeEnd = timing.nodeStart + timing.nodeMs;
	const submit = byRoute.get('v2.cu.generate-query')?.[0];
	const results = byRoute.get('v2.cu.results') ?? [];
	const firstResults = Math.min(...results.map((request) => request.startedAt));
	const lastResults = Math.max(...results.map((request) => request.endedAt));
	const lifecycle = QUEUED_MS + RUNNING_MS;
	const simulatorMs = lifecycle + serverMs(requests);

	const routeTable: Table = {
		title: `Requests (one item → ${int(timing.outputItems)} rows out)`,
		columns: ['route', 'requests', 'simulator time (Σ arrival → response end)'],
		rows: [...byRoute].map(([route, list]) => [route, int(list.length), ms(serverMs(list))]),
	};
	const timeTable: Table = {
		title: `Wall time against the simulator's own processing time (${int(ROWS)} rows, page size ${int(PAGE_SIZE)})`,
		columns: ['measure', 'time'],
		rows: [
			[`simulator: query lifecycle (queued ${QUEUED_MS} ms + running ${RUNNING_MS} ms)`, ms(lifecycle)],
			['simulator: Σ time serving all requests (builds the result set once, serialises the pages)', ms(serverMs(requests))],
			['**simulator processing time** (lifecycle + serving)', ms(simulatorMs)],
			['node: start → query submitted', ms((submit?.startedAt ?? NaN) - timing.nodeStart)],
			['node: submitted → first results page requested (status polling, every ' + `${POLL_SECONDS} s)`, ms(firstResults - (submit?.endedAt ?? NaN))],
			['node: first results page requested → last page received', ms(lastResults - firstResults)],
			['node: last page received → node done (simplify rows, key names, output items)', ms(nodeEnd - lastResults)],
			['**node execution time**', ms(timing.nodeMs)],
			['node time ÷ simulator processing time', times(timing.nodeMs / simulatorMs)],
			['heap growth of the n8n process across the run (no GC forced; the rows are held as output items)', `${(Math.max(0, heapAfter - heapBefore) / 1024 / 1024).toFixed(0)} MiB`],
		],
	};
	const pages = results.length;
	return {
		id: 'v2-async',
		title: 'V2 async: a 100,000-row cost and usage query',
		method: [
			`Cost and Usage → Query (Query operation: submit, wait, read every page) in the in-process n8n engine; one input item; Date Range ${QUERY.startDate as string} → ${QUERY.endDate as string} (${DAYS} days), Time Interval = Day, Dimension AWS \`resource_id\` (type resource, ${int(RESOURCES)} values in the simulator), Row Limit ${int(ROWS)}, Page Size ${int(PAGE_SIZE)}, Poll Interval ${POLL_SECONDS} s (the node's minimum), Simplify on. Simulator in its own process with no added latency and a short lifecycle (queued ${QUEUED_MS} ms, running ${RUNNING_MS} ms), so its own time is the lifecycle plus the time it spends serving the requests.`,
		],
		tables: [routeTable, timeTable],
		findings: [
			`${int(timing.outputItems)} rows in ${int(requests.length)} requests (${int(pages)} results pages of ≤ ${int(PAGE_SIZE)}); node time ${ms(timing.nodeMs)} vs. simulator processing ${ms(simulatorMs)} (${times(timing.nodeMs / simulatorMs)}). ${pct((firstResults - (submit?.endedAt ?? NaN)) / timing.nodeMs)} of the node time is waiting for the query (status checks every ${POLL_SECONDS} s, the first one a full interval after submitting, as Finout asks), ${pct((nodeEnd - lastResults) / timing.nodeMs)} is turning the rows into items after the last page.`,
		],
	};
}

function pending(): SectionResult {
	return {
		id: 'v2-async',
		title: 'V2 async: a 100,000-row cost and usage query',
		method: ['**Pending**: nodes/Finout/actions/costAndUsage/query.operation.ts does not exist yet. The section is wired (bench/sections/v2-async.ts) and runs once the operation lands.'],
		tables: [],
		findings: [],
	};
}
