import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import { splitRange } from '../../nodes/Finout/actions/costAndUsage/chunks';
import { RESULTS_HINT } from '../../nodes/Finout/actions/costAndUsage/constants';
import { searchRecentQueries } from '../../nodes/Finout/methods/listSearch/queries';
import { configureRateWindows } from '../../nodes/Finout/transport/rateWindow';
import type { FakeFinout, FakeFinoutOptions, RequestRecord } from '../fake-finout/server';
import { SANDBOX_CREDENTIALS, STATIC_KEYS } from '../fake-finout/server';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const DAY = 86_400_000;
const V2_WINDOW_MS = 2_000;
const simOptions: FakeFinoutOptions = { queryQueuedMs: 100, queryRunningMs: 100, v2WindowMs: V2_WINDOW_MS };
const sim = useFakeFinout(simOptions);

const AWS_SERVICES = STATIC_KEYS.find((k) => k.costCenter === 'AWS' && k.key === 'service')!.values;
const FAST = { pollIntervalSeconds: 0.5 };

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const routeOf = (server: FakeFinout, route: string): RequestRecord[] =>
	server.requests.filter((request) => request.route === route);
const queryIds = (server: FakeFinout) => [...server.state.queries.keys()];

const measurements = {
	measurement: [
		{ type: 'netAmortizedCost', operator: 'sum' },
		{ type: 'usageAmount', operator: 'sum' },
	],
};
const byService = { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] };
const regionFilter = {
	costCenter: 'AWS',
	key: 'region',
	type: 'billing_dimension',
	operator: 'oneOf',
	value: ['us-east-1', 'eu-west-1'],
};

/** 7 days × 12 AWS services = 84 rows. */
const weekByService: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'custom',
	startDate: '2026-01-05',
	endDate: '2026-01-11T23:59:59.999Z',
	timeInterval: 'day',
	measurements,
	dimensions: byService,
};

async function submit(parameters: INodeParameters = {}): Promise<string> {
	const result = await runNode(sim.server, {
		...weekByService,
		operation: 'submitQuery',
		...parameters,
	});
	expectSuccess(result);
	return jsonOf(result)[0].queryId as string;
}

beforeEach(() => configureRateWindows('default'));
afterEach(() => {
	configureRateWindows('default');
	simOptions.onRequestEnd = undefined;
});

describe('Cost and Usage → Query', () => {
	test('submit → status → every results page, with the V2 field names', async () => {
		const result = await runNode(sim.server, {
			...weekByService,
			filterJson: JSON.stringify(regionFilter),
			returnAll: true,
			options: { ...FAST, pageSize: 20 },
		});
		expectSuccess(result);

		const [generate] = routeOf(sim.server, 'v2.cu.generate-query');
		expect(`${generate.method} ${generate.path}`).toBe('POST /v2/data/cost-usage/generate-query');
		expect(generate.body).toEqual({
			date: {
				unixTimeMillisecondsStart: Date.UTC(2026, 0, 5),
				unixTimeMillisecondsEnd: Date.UTC(2026, 0, 11, 23, 59, 59, 999),
			},
			timeInterval: { interval: 'day' },
			measurements: measurements.measurement,
			dimensions: byService.dimension,
			filters: regionFilter,
			rowLimit: 1000,
		});

		const [queryId] = queryIds(sim.server);
		const statuses = routeOf(sim.server, 'v2.cu.status');
		expect(statuses.length).toBeGreaterThanOrEqual(1);
		expect(statuses.every((r) => r.method === 'GET' && r.path === `/v2/data/cost-usage/${queryId}/status`)).toBe(true);
		expect(statuses[0].id).toBeGreaterThan(generate.id);

		// 84 rows in pages of 20: 20, 20, 20, 20, 4. Each page after the first passes a new cursor.
		const pages = routeOf(sim.server, 'v2.cu.results');
		expect(pages).toHaveLength(5);
		expect(pages[0].id).toBeGreaterThan(statuses[statuses.length - 1].id);
		expect(pages.every((r) => r.path === `/v2/data/cost-usage/${queryId}/results` && r.query.pageSize === '20')).toBe(true);
		expect(pages[0].query.cursor).toBeUndefined();
		const cursors = pages.slice(1).map((r) => r.query.cursor);
		expect(cursors.every((cursor) => typeof cursor === 'string' && cursor.length > 0)).toBe(true);
		expect(new Set(cursors).size).toBe(4);
		expect(pages.every((r) => r.status === 200)).toBe(true);

		const rows = jsonOf(result);
		expect(rows).toHaveLength(84);
		expect(Object.keys(rows[0])).toEqual(['Service', 'date', 'cost', 'usage', 'usageUnit']);
		for (const row of rows) {
			expect(AWS_SERVICES).toContain(row.Service);
			expect(row.date).toMatch(/^2026-01-(0[5-9]|1[01])$/);
			expect(typeof row.cost).toBe('number');
			expect(typeof row.usage).toBe('number');
			expect(row.usageUnit).toBe('Hrs');
		}
		expect(new Set(rows.map((row) => `${row.Service}|${row.date}`)).size).toBe(84);
		// Finout's default order: descending by the first measurement.
		const costs = rows.slice(0, 20).map((row) => row.cost as number);
		expect(costs).toEqual([...costs].sort((a, b) => b - a));
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('raw rows when Simplify is off', async () => {
		const result = await runNode(sim.server, {
			...weekByService,
			simplify: false,
			limit: 3,
			options: FAST,
		});
		expectSuccess(result);
		const rows = jsonOf(result);
		expect(rows).toHaveLength(3);
		expect(rows[0]).toEqual({
			AWS_billing_dimension_service: expect.any(String),
			day: expect.stringMatching(/^2026-01-\d{2}$/),
			netAmortizedCost_sum: { amount: expect.any(Number) },
			usageAmount_sum: { amount: expect.any(Number), unit: 'Hrs' },
		});
	});

	test('Limit stops early: the page size is capped and no page beyond the limit is read', async () => {
		const limited = await runNode(sim.server, { ...weekByService, limit: 30, options: { ...FAST, pageSize: 20 } });
		expectSuccess(limited);
		expect(jsonOf(limited)).toHaveLength(30);
		const pages = routeOf(sim.server, 'v2.cu.results');
		expect(pages.map((r) => r.query.pageSize)).toEqual(['20', '20']);

		sim.server.reset();
		const byDefault = await runNode(sim.server, { ...weekByService, options: FAST });
		expectSuccess(byDefault);
		expect(jsonOf(byDefault)).toHaveLength(50); // default Limit
		expect(routeOf(sim.server, 'v2.cu.results').map((r) => r.query)).toEqual([{ pageSize: '50' }]);
	});

	test('a range longer than 60 days is split into contiguous ≤ 60-day queries, merged in order', async () => {
		const start = Date.UTC(2026, 0, 1);
		const end = Date.UTC(2026, 2, 31, 23, 59, 59, 999); // 90 days
		const result = await runNode(sim.server, {
			...weekByService,
			startDate: '2026-01-01',
			endDate: '2026-03-31T23:59:59.999Z',
			measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
			dimensions: {},
			returnAll: true,
			options: FAST,
		});
		expectSuccess(result);

		const ranges = routeOf(sim.server, 'v2.cu.generate-query').map((r) => {
			const date = (r.body as { date: { unixTimeMillisecondsStart: number; unixTimeMillisecondsEnd: number } }).date;
			return { start: date.unixTimeMillisecondsStart, end: date.unixTimeMillisecondsEnd };
		});
		expect(ranges).toHaveLength(2);
		expect(ranges[0].start).toBe(start);
		expect(ranges[0].end + 1).toBe(ranges[1].start);
		expect(ranges[1].end).toBe(end);
		for (const range of ranges) expect(range.end - range.start).toBeLessThanOrEqual(60 * DAY);
		expect(ranges[1].start % DAY).toBe(0); // cut at a UTC day start

		const dates = jsonOf(result).map((row) => row.date as string);
		expect(dates).toHaveLength(90); // one row per day, no dimensions
		const firstChunkDays = (ranges[1].start - start) / DAY;
		const first = dates.slice(0, firstChunkDays);
		const second = dates.slice(firstChunkDays);
		expect(new Set(dates).size).toBe(90);
		expect(first.every((a) => second.every((b) => a < b))).toBe(true);
		expect([...first].sort()[0]).toBe('2026-01-01');
		expect([...second].sort().pop()).toBe('2026-03-31');
	});

	test('chunks are cut at week (Monday) and month starts for those intervals', () => {
		const range = { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 6, 31, 23, 59, 59, 999) };
		for (const interval of ['week', 'month'] as const) {
			const chunks = splitRange(range, interval);
			expect(chunks.length).toBeGreaterThan(3);
			expect(chunks[0].startMs).toBe(range.startMs);
			expect(chunks[chunks.length - 1].endMs).toBe(range.endMs);
			for (let i = 0; i < chunks.length; i++) {
				expect(chunks[i].endMs - chunks[i].startMs).toBeLessThanOrEqual(60 * DAY);
				if (i === 0) continue;
				expect(chunks[i].startMs).toBe(chunks[i - 1].endMs + 1);
				const cut = new Date(chunks[i].startMs);
				if (interval === 'week') expect(cut.getUTCDay()).toBe(1);
				else expect(cut.getUTCDate()).toBe(1);
			}
		}
	});

	test('one sortDirection: by time, or by a named dimension', async () => {
		await submit({ options: { sortBy: 'time', sortDirection: 'ascending' } });
		await submit({
			dimensions: {
				dimension: [...byService.dimension, { costCenter: 'AWS', key: 'region', type: 'billing_dimension' }],
			},
			options: { sortBy: 'dimension', sortDimension: 'region' },
		});
		const [byTime, byRegion] = routeOf(sim.server, 'v2.cu.generate-query').map((r) => r.body as IDataObject);
		expect(byTime.timeInterval).toEqual({ interval: 'day', sortDirection: 'ascending' });
		expect(JSON.stringify(byTime.measurements)).not.toContain('sortDirection');
		expect(byRegion.dimensions).toEqual([
			{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' },
			{ costCenter: 'AWS', key: 'region', type: 'billing_dimension', sortDirection: 'descending' },
		]);
		expect(byRegion.timeInterval).toEqual({ interval: 'day' });
	});

	test('a query Finout reports as failed is an error naming the item, with what to do', async () => {
		simOptions.onRequestEnd = (record) => {
			if (record.route === 'v2.cu.generate-query' && record.status === 200) {
				for (const id of queryIds(sim.server)) sim.server.failQuery(id);
			}
		};
		const result = await runNode(sim.server, { ...weekByService, options: FAST });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Finout could not run the cost and usage query (item 0)');
		expect(result.error?.description).toContain(queryIds(sim.server)[0]);
		expect(routeOf(sim.server, 'v2.cu.results')).toHaveLength(0);

		const continued = await runNode(sim.server, { ...weekByService, options: FAST }, { continueOnFail: true });
		expectSuccess(continued);
		expect(jsonOf(continued)).toEqual([
			{ error: 'Finout could not run the cost and usage query (item 0)', description: expect.any(String) },
		]);
	});

	test('results answering 424 also end as that error', async () => {
		sim.server.failNext({ path: 'v2.cu.results', status: 424 });
		const result = await runNode(sim.server, { ...weekByService, options: FAST });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Finout could not run the cost and usage query (item 0)');
	});

	test('the importable example runs', async () => {
		const workflow = JSON.parse(
			readFileSync(join(__dirname, '../../examples/cost-and-usage-query.json'), 'utf8'),
		) as { nodes: Array<{ type: string; parameters: INodeParameters; credentials?: IDataObject }> };
		const node = workflow.nodes.find((n) => n.type === 'n8n-nodes-finout.finout')!;
		expect(node.credentials).toEqual({ finoutApi: { id: 'FinoutSandboxCred1', name: 'Finout sandbox' } });
		const result = await runNode(sim.server, {
			...node.parameters,
			options: { ...(node.parameters.options as IDataObject), ...FAST },
		});
		expectSuccess(result);
		expect(jsonOf(result).length).toBeGreaterThan(0);
		expect(Object.keys(jsonOf(result)[0])).toEqual(['Service', 'date', 'cost']);
	});
});

describe('Cost and Usage → Submit Query, Get Status, Get Results', () => {
	test('Submit Query returns the query ID without waiting and lists it under "From List"', async () => {
		const result = await runNode(sim.server, { ...weekByService, operation: 'submitQuery' });
		expectSuccess(result);
		const [item] = jsonOf(result);
		expect(item).toEqual({
			queryId: queryIds(sim.server)[0],
			submittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			dateRange: { start: '2026-01-05T00:00:00.000Z', end: '2026-01-11T23:59:59.999Z' },
		});
		expect(sim.server.requests.map((r) => r.route)).toEqual(['v2.cu.generate-query']);

		const listed = await searchRecentQueries.call({} as ILoadOptionsFunctions);
		expect(listed.results[0]).toEqual({ name: expect.stringContaining('2026-01-05 → 2026-01-11, day'), value: item.queryId });
		const filtered = await searchRecentQueries.call({} as ILoadOptionsFunctions, 'no such query');
		expect(filtered.results).toEqual([]);
	});

	test('Submit Query refuses more than 60 days before sending', async () => {
		const result = await runNode(sim.server, {
			...weekByService,
			operation: 'submitQuery',
			startDate: '2026-01-01',
			endDate: '2026-03-31',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Date Range is 90 days long; .* accepts at most 60 \(item 0\)$/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('Get Status: queued or running, then completed with totalRows', async () => {
		const queryId = await submit();
		const early = jsonOf(await runNode(sim.server, { resource: 'costAndUsage', operation: 'getStatus', queryId: locator(queryId) }));
		expect(early).toHaveLength(1);
		expect(early[0].queryId).toBe(queryId);
		expect(['queued', 'running']).toContain(early[0].status);

		await sleep(300);
		const result = await runNode(sim.server, { resource: 'costAndUsage', operation: 'getStatus', queryId: locator(queryId) });
		expectSuccess(result);
		expect(jsonOf(result)).toEqual([
			{
				queryId,
				status: 'completed',
				completedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
				expiredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
				totalRows: 84,
			},
		]);
		expect(routeOf(sim.server, 'v2.cu.status').map((r) => r.path)).toEqual([
			`/v2/data/cost-usage/${queryId}/status`,
			`/v2/data/cost-usage/${queryId}/status`,
		]);
	});

	test('Get Results: Return All across pages, simplified like Query', async () => {
		const queryId = await submit();
		await sleep(300);
		const result = await runNode(sim.server, {
			resource: 'costAndUsage',
			operation: 'getResults',
			queryId: locator(queryId),
			returnAll: true,
			pageSize: 30,
		});
		expectSuccess(result);
		const rows = jsonOf(result);
		expect(rows).toHaveLength(84);
		expect(Object.keys(rows[0])).toEqual(['Service', 'date', 'cost', 'usage', 'usageUnit']);
		expect(routeOf(sim.server, 'v2.cu.results').map((r) => r.query.pageSize)).toEqual(['30', '30', '30']);
	});

	test('Get Results: a last page that leaves rows out of pagination.totalRows is an unexpected answer, unless a Limit stopped the reading', async () => {
		const shortAnswer = () =>
			sim.server.failNext({
				path: 'v2.cu.results',
				status: 200,
				body: {
					requestId: 'r-short',
					pagination: { hasMore: false, totalRows: 3 },
					data: [{ AWS_billing_dimension_service: 'AmazonEC2', day: '2026-01-05', netAmortizedCost_sum: { amount: 1 } }],
				},
				afterMutation: false,
			});
		const getResults = { resource: 'costAndUsage', operation: 'getResults', queryId: locator('3f1c2a4e-8d0b-4c5e-9a7f-1b2c3d4e5f60'), simplify: false };

		shortAnswer();
		const all = await runNode(sim.server, { ...getResults, returnAll: true });
		expect(all.status).toBe('error');
		expect(all.error?.message).toMatch(/^Finout answered with an unexpected response \(GET \/v2\/data\/cost-usage\/[^/]+\/results/);
		expect(all.error?.message).toContain('the 3 rows "pagination.totalRows" counts (the pages brought 1');

		shortAnswer();
		const limited = await runNode(sim.server, { ...getResults, returnAll: false, limit: 1 });
		expectSuccess(limited);
		expect(jsonOf(limited)).toHaveLength(1);
	});

	test('Get Results: expired (410) and failed (424) are outcome items, not errors', async () => {
		const expired = await submit();
		const failed = await submit();
		await sleep(300);
		sim.server.expireQuery(expired);
		sim.server.failQuery(failed);
		const result = await runNode(
			sim.server,
			{ resource: 'costAndUsage', operation: 'getResults', queryId: '={{ $json.id }}' },
			{ items: [{ id: expired }, { id: failed }] },
		);
		expectSuccess(result);
		expect(jsonOf(result)).toEqual([
			{ queryId: expired, status: 'expired', message: expect.stringContaining('24 hours'), finoutMessage: expect.any(String) },
			{ queryId: failed, status: 'failed', message: expect.stringContaining('could not run'), finoutMessage: expect.any(String) },
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(routeOf(sim.server, 'v2.cu.results').map((r) => r.status)).toEqual([410, 424]);
	});
});

describe('Cost and Usage with a slow Finout', () => {
	const slow = useFakeFinout({ queryQueuedMs: 60_000, queryRunningMs: 60_000 });

	test('Max Wait: returns the query ID and a hint instead of failing', async () => {
		const result = await runNode(slow.server, {
			...weekByService,
			options: { pollIntervalSeconds: 0.5, maxWaitSeconds: 1 },
		});
		expectSuccess(result);
		// Gave up after about 1 s of 0.5 s polls, long before the query would finish.
		expect(routeOf(slow.server, 'v2.cu.status').length).toBeLessThanOrEqual(4);
		const [queryId] = queryIds(slow.server);
		expect(jsonOf(result)).toEqual([{ queryId, status: 'queued', timedOut: true, hint: RESULTS_HINT }]);
		expect(routeOf(slow.server, 'v2.cu.results')).toHaveLength(0);
	});

	test('Max Wait on a split range lists every query', async () => {
		const result = await runNode(slow.server, {
			...weekByService,
			startDate: '2026-01-01',
			endDate: '2026-03-31',
			options: { pollIntervalSeconds: 0.5, maxWaitSeconds: 1 },
		});
		expectSuccess(result);
		const [item] = jsonOf(result);
		expect(item).toMatchObject({ queryId: queryIds(slow.server)[0], timedOut: true });
		expect((item.queries as IDataObject[]).map((q) => q.queryId)).toEqual(queryIds(slow.server));
	});

	test('Get Results while the query runs (202) says so', async () => {
		const submitted = await runNode(slow.server, { ...weekByService, operation: 'submitQuery' });
		const { queryId } = jsonOf(submitted)[0] as { queryId: string };
		const result = await runNode(slow.server, { resource: 'costAndUsage', operation: 'getResults', queryId: locator(queryId) });
		expectSuccess(result);
		expect(jsonOf(result)).toEqual([
			{ queryId, status: 'running', message: expect.stringContaining('still running'), finoutMessage: expect.any(String) },
		]);
	});
});

describe('Cost and Usage rate limits', () => {
	test('no V2 route goes over its per-minute limit, and Finout never answers 429', async () => {
		configureRateWindows({ windowMs: V2_WINDOW_MS, marginMs: 250 });
		const items = Array.from({ length: 56 }, (_, index) => ({ index }));
		const result = await runNode(
			sim.server,
			{ ...weekByService, simplify: false, limit: 1, options: FAST },
			{ items },
		);
		expectSuccess(result);
		expect(jsonOf(result)).toHaveLength(56);

		const stats = sim.server.stats();
		for (const route of ['v2.cu.generate-query', 'v2.cu.status', 'v2.cu.results']) {
			expect(routeOf(sim.server, route).length).toBeGreaterThan(50);
			expect(stats.maxPerWindowByKeyRoute[`${SANDBOX_CREDENTIALS.clientId}|${route}`]).toBeLessThanOrEqual(50);
		}
		expect(stats.rateLimit429ByKeyRoute).toEqual({});
		expect(stats.concurrency429ByKey).toEqual({});
	});
});

describe('Cost and Usage input checks (nothing is sent)', () => {
	test('reversed dates', async () => {
		const result = await runNode(sim.server, { ...weekByService, startDate: '2026-02-01', endDate: '2026-01-01' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Start must be before End (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});

	test('a filter with an unknown operator, on the second item', async () => {
		const result = await runNode(
			sim.server,
			{ ...weekByService, filterJson: '={{ $json.filter }}' },
			{ items: [{ filter: regionFilter }, { filter: { ...regionFilter, operator: 'startsWith' } }] },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Filters: filters\.operator must be one of .* \(got "startsWith"\) \(item 1\)$/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('no measurement', async () => {
		const result = await runNode(sim.server, { ...weekByService, measurements: {} });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Measurements must hold 1 to 5 measurements, not 0 (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});

	test('a filter without the V2 "type"', async () => {
		const { type: _type, ...withoutType } = regionFilter;
		const result = await runNode(sim.server, { ...weekByService, filterJson: JSON.stringify(withoutType) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Filters: filters\.type is missing .*\(item 0\)$/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test.each([
		[{ pollIntervalSeconds: 0.1 }, 'Poll Interval (Seconds) must be a number of 0.5 or more (item 0)'],
		[{ maxWaitSeconds: 'soon' }, 'Max Wait (Seconds) must be a number of 1 or more (item 0)'],
		[{ pageSize: 0 }, 'Page Size must be a whole number from 1 to 10000 (item 0)'],
		[{ pageSize: 2.5 }, 'Page Size must be a whole number from 1 to 10000 (item 0)'],
		[{ pageSize: true }, 'Page Size must be a whole number from 1 to 10000 (item 0)'],
	])('options %j', async (options, message) => {
		const result = await runNode(sim.server, { ...weekByService, options });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('Cost and Usage → a results answer that echoes the request headers is shown without the secret key', () => {
	const echo = `request headers: x-finout-client-id=${SANDBOX_CREDENTIALS.clientId} x-finout-secret-key=${SANDBOX_CREDENTIALS.secretKey}`;
	const resultsAnswer = (status: number, code: string) =>
		sim.server.failNext({ path: 'v2.cu.results', status, body: { requestId: 'r-echo', error: code, message: echo }, afterMutation: false });

	test.each([
		[202, 'QUERY_RUNNING'],
		[410, 'RESULTS_EXPIRED'],
		[424, 'QUERY_FAILED'],
	])('Get Results, HTTP %i: the outcome item carries Finout\'s message with the key redacted', async (status, code) => {
		resultsAnswer(status, code);
		const result = await runNode(sim.server, {
			resource: 'costAndUsage',
			operation: 'getResults',
			queryId: locator('3f1c2a4e-8d0b-4c5e-9a7f-1b2c3d4e5f60'),
			returnAll: true,
			simplify: false,
		});
		expectSuccess(result);
		const [item] = jsonOf(result);
		expect(item.finoutMessage).toBe(`request headers: x-finout-client-id=${SANDBOX_CREDENTIALS.clientId} x-finout-secret-key=[redacted]`);
		expect(JSON.stringify(result.items)).not.toContain(SANDBOX_CREDENTIALS.secretKey);
	});

	test('Query, results answered 424: the error quotes Finout without the key', async () => {
		resultsAnswer(424, 'QUERY_FAILED');
		const result = await runNode(sim.server, { ...weekByService, simplify: false, options: FAST });
		expect(result.status).toBe('error');
		const shown = `${result.error?.message ?? ''} ${result.error?.description ?? ''}`;
		expect(shown).toContain('Finout said: "request headers:');
		expect(shown).not.toContain(SANDBOX_CREDENTIALS.secretKey);
	});
});

describe('Cost and Usage → Simplify column names', () => {
	// A simulator of its own (another base URL), so that no other test has cached its key names.
	const namesSim = useFakeFinout(simOptions);
	const seededKeys = STATIC_KEYS.map(({ costCenter, key, displayName, types }) => ({ costCenter, key, displayName, types }));

	test('a keys answer with a wrongly shaped entry is not read at all: the columns keep the keys', async () => {
		namesSim.server.failNext({
			path: 'v2.ql.keys',
			status: 200,
			body: { requestId: 'keys-with-a-broken-entry', data: { keys: [...seededKeys, { costCenter: 'AWS', key: 7, displayName: 'Seven' }] } },
			afterMutation: false,
		});
		const result = await runNode(namesSim.server, { ...weekByService, limit: 1, options: FAST });
		expectSuccess(result);
		const [row] = jsonOf(result);
		expect(row).not.toHaveProperty('Service');
		expect(AWS_SERVICES).toContain(row.service);
	});
});

describe('Cost and Usage → a status answer of another shape is an unexpected answer', () => {
	const getStatus = (queryId: string) => ({ resource: 'costAndUsage', operation: 'getStatus', queryId: locator(queryId) });
	const statusAnswer = (data: IDataObject) =>
		sim.server.failNext({ path: 'v2.cu.status', status: 200, body: { requestId: 'status-of-another-shape', data }, afterMutation: false });

	test.each([
		['totalRows "many"', { status: 'completed', totalRows: 'many' }, '"data.totalRows"'],
		['totalRows 2.5', { status: 'completed', totalRows: 2.5 }, '"data.totalRows"'],
		['completedAt true', { status: 'completed', completedAt: true }, '"data.completedAt"'],
		['completedAt not a date', { status: 'completed', completedAt: 'soon' }, '"data.completedAt"'],
		['expiredAt an object', { status: 'expired', expiredAt: {} }, '"data.expiredAt"'],
	])('%s', async (_name, data, field) => {
		statusAnswer(data);
		const result = await runNode(sim.server, getStatus('q-of-another-shape'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Finout answered with an unexpected response \(GET \/v2\/data\/cost-usage\/q-of-another-shape\/status, HTTP 200/);
		expect(result.error?.message).toContain(field);
	});

	test('a completedAt in epoch milliseconds, a form Finout uses for other dates, is read and passed on as it came', async () => {
		statusAnswer({ status: 'completed', totalRows: 3, completedAt: 1767225600000 });
		const result = await runNode(sim.server, getStatus('q-completed-in-ms'));
		expectSuccess(result);
		expect(result.items[0].json).toEqual(expect.objectContaining({ status: 'completed', completedAt: 1767225600000 }));
	});

	test('Query does not read a wrongly shaped status as a finished query', async () => {
		sim.server.failNext({ path: 'v2.cu.status', status: 200, body: { requestId: 'r', data: { status: 'completed', totalRows: 'many' } }, afterMutation: false });
		const result = await runNode(sim.server, { ...weekByService, options: FAST });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"data.totalRows"');
		expect(routeOf(sim.server, 'v2.cu.results')).toHaveLength(0);
	});

	test.each([['done'], ['COMPLETED']])('Query stops at once on a status Finout does not document ("%s")', async (unknown) => {
		sim.server.failNext({ path: 'v2.cu.status', status: 200, body: { requestId: 'r', data: { status: unknown } }, afterMutation: false });
		const result = await runNode(sim.server, { ...weekByService, options: FAST });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Finout answered with an unexpected response \(GET \/v2\/data\/cost-usage\/[^/]+\/status, HTTP 200/);
		expect(result.error?.message).toContain('"data.status"');
		expect(routeOf(sim.server, 'v2.cu.status')).toHaveLength(1);
		expect(routeOf(sim.server, 'v2.cu.results')).toHaveLength(0);
	});

	test('Get Status refuses a status Finout does not document', async () => {
		statusAnswer({ status: 'done' });
		const result = await runNode(sim.server, getStatus('q-done'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"data.status"');
	});

	test('the optional fields may be absent (a running query has none of them)', async () => {
		statusAnswer({ status: 'running' });
		const result = await runNode(sim.server, getStatus('q-running'));
		expectSuccess(result);
		expect(jsonOf(result)).toEqual([{ queryId: 'q-running', status: 'running' }]);
	});
});
