/**
 * Tests of the fake Finout server itself, over real HTTP with Node's global fetch.
 * Each test starts its own server (random port) and closes it, so nothing leaks.
 */
import {
	SANDBOX_CREDENTIALS,
	SANDBOX_CREDENTIALS_2,
	SCAN_IDS,
	V2_ROUTE_LIMITS,
	VIEW_IDS,
	VT_IDS,
	keyRoute,
	startFakeFinout,
	type FakeFinout,
	type FakeFinoutOptions,
} from './server';
import { V1_ROUTES } from './routes-v1';
import { V2_ROUTES } from './routes-v2';

type Creds = { clientId: string; secretKey: string };

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

async function call(sim: FakeFinout, method: string, path: string, body?: unknown, creds: Creds | null = SANDBOX_CREDENTIALS): Promise<Reply> {
	const headers: Record<string, string> = {};
	if (creds) {
		headers['x-finout-client-id'] = creds.clientId;
		headers['x-finout-secret-key'] = creds.secretKey;
	}
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(sim.url + path, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown = undefined;
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON (e.g. gateway HTML) */
	}
	return { status: res.status, headers: res.headers, text, json };
}

const sims: FakeFinout[] = [];
async function start(opts: FakeFinoutOptions = {}): Promise<FakeFinout> {
	const sim = await startFakeFinout(opts);
	sims.push(sim);
	return sim;
}
afterEach(async () => {
	await Promise.all(sims.splice(0).map((s) => s.close()));
});

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function v2Query(overrides: Record<string, unknown> = {}) {
	return {
		date: { unixTimeMillisecondsStart: Date.UTC(2025, 4, 1), unixTimeMillisecondsEnd: Date.UTC(2025, 4, 10) - 1 },
		timeInterval: { interval: 'day' },
		measurements: [{ type: 'netAmortizedCost', operator: 'sum' }],
		dimensions: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }],
		...overrides,
	};
}

describe('auth', () => {
	it('answers 401 with the V1 and V2 error shapes and never logs the secret', async () => {
		const sim = await start();
		const v1 = await call(sim, 'GET', '/v1/view', undefined, null);
		expect(v1.status).toBe(401);
		expect(v1.json).toEqual({ message: 'Unauthorized', requestId: expect.any(String) });

		const v2 = await call(sim, 'GET', '/v2/virtual-tags', undefined, { clientId: SANDBOX_CREDENTIALS.clientId, secretKey: 'wrong' });
		expect(v2.status).toBe(401);
		expect(v2.json).toMatchObject({ error: 'UNAUTHORIZED', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

		const ok = await call(sim, 'GET', '/v1/view');
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toMatch(/application\/json/);

		expect(sim.requests.map((r) => [r.authOk, r.headersSeen.secretKey])).toEqual([[false, false], [false, true], [true, true]]);
		const dump = JSON.stringify({ log: sim.requests, stats: sim.stats() });
		expect(dump).not.toContain(SANDBOX_CREDENTIALS.secretKey);
	});

	it('accepts several keys, each with its own limits, and 404s unknown routes', async () => {
		const sim = await start({ credentials: [SANDBOX_CREDENTIALS, SANDBOX_CREDENTIALS_2] });
		expect((await call(sim, 'GET', '/v1/endpoints', undefined, SANDBOX_CREDENTIALS_2)).status).toBe(200);
		const missing = await call(sim, 'GET', '/v2/nope');
		expect(missing.status).toBe(404);
		expect(missing.json.error).toBe('NOT_FOUND');
	});
});

// Derived from the route tables, so adding a route needs no edit here.
describe('route table', () => {
	const routes = [...V1_ROUTES, ...V2_ROUTES];
	// The two V2 query-language spellings (§9.1) are one endpoint, so they share an id.
	const endpointOf = (r: { method: string; pattern: string }) => `${r.method} ${r.pattern.replace('/megabill/', '/')}`;

	it('gives each endpoint its own route id, in its generation, and a per-minute limit to every V2 route', async () => {
		const sim = await start();
		expect(sim.routeIds).toEqual([...new Set(routes.map((r) => r.id))]);
		for (const id of sim.routeIds) {
			expect([id, new Set(routes.filter((r) => r.id === id).map(endpointOf)).size]).toEqual([id, 1]);
		}
		const methodAndPatterns = routes.map((r) => `${r.method} ${r.pattern}`);
		expect(new Set(methodAndPatterns).size).toBe(methodAndPatterns.length);

		for (const r of V1_ROUTES) expect(`${r.id} ${r.pattern}`).toMatch(/^v1\.\S+ \/v1\//);
		for (const r of V2_ROUTES) expect(`${r.id} ${r.pattern}`).toMatch(/^v2\.\S+ \/v2\//);
		expect(Object.keys(V2_ROUTE_LIMITS).sort()).toEqual([...new Set(V2_ROUTES.map((r) => r.id))].sort());
	});

	it('routes an authenticated request on every pattern to its handler', async () => {
		const sim = await start();
		for (const r of routes) {
			const path = r.pattern.replace(/:[^/]+/g, 'probe');
			const reply = await call(sim, r.method, path, r.method === 'POST' || r.method === 'PUT' ? {} : undefined);
			const handled = { status: reply.status, route: sim.requests.at(-1)?.route, message: reply.json?.message };
			expect([r.method, path, handled]).toEqual([r.method, path, expect.objectContaining({ route: r.id })]);
			expect(handled.status).not.toBe(405);
			expect(String(handled.message)).not.toMatch(/^No route for/);
		}
	});
});

describe('concurrency', () => {
	it('refuses the 6th request in flight at once and records the max', async () => {
		const sim = await start({ latencyMs: 200 });
		const t0 = Date.now();
		const replies = await Promise.all(
			Array.from({ length: 6 }, () => call(sim, 'GET', '/v1/view').then((r) => ({ ...r, at: Date.now() - t0 }))),
		);
		const refused = replies.filter((r) => r.status === 429);
		expect(refused).toHaveLength(1);
		// No latency on the concurrency 429: it comes back before any accepted request.
		expect(refused[0].at).toBeLessThan(Math.min(...replies.filter((r) => r.status === 200).map((r) => r.at)));
		expect(refused[0].headers.get('retry-after')).toBe('1');
		expect(replies.filter((r) => r.status === 200)).toHaveLength(5);

		const stats = sim.stats();
		expect(stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBe(5);
		expect(stats.concurrency429ByKey[SANDBOX_CREDENTIALS.clientId]).toBe(1);
		expect(stats.inFlightByKey[SANDBOX_CREDENTIALS.clientId] ?? 0).toBe(0);
		expect(Math.max(...sim.requests.map((r) => r.inFlightAtStart))).toBe(5);
	});

	it('counts keys separately and honours retryAfterOnConcurrency429: null', async () => {
		const sim = await start({ latencyMs: 150, maxConcurrentPerKey: 2, retryAfterOnConcurrency429: null, credentials: [SANDBOX_CREDENTIALS, SANDBOX_CREDENTIALS_2] });
		const replies = await Promise.all([
			call(sim, 'GET', '/v1/view'),
			call(sim, 'GET', '/v1/view'),
			call(sim, 'GET', '/v1/view', undefined, SANDBOX_CREDENTIALS_2),
			call(sim, 'GET', '/v1/view', undefined, SANDBOX_CREDENTIALS_2),
			call(sim, 'GET', '/v1/view'),
		]);
		expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 429]);
		expect(replies.find((r) => r.status === 429)!.headers.get('retry-after')).toBeNull();
		expect(sim.stats().maxInFlightByKey).toEqual({ [SANDBOX_CREDENTIALS.clientId]: 2, [SANDBOX_CREDENTIALS_2.clientId]: 2 });
	});
});

describe('overConcurrency: queue (a yardstick, not Finout)', () => {
	it('holds the 6th request until a slot frees, serves it in full, and refuses nothing', async () => {
		const sim = await start({ latencyMs: 100, overConcurrency: 'queue' });
		const t0 = Date.now();
		const replies = await Promise.all(
			Array.from({ length: 7 }, () => call(sim, 'GET', '/v1/view').then((r) => ({ ...r, at: Date.now() - t0 }))),
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
		const stats = sim.stats();
		expect(stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBe(5);
		expect(stats.concurrency429ByKey).toEqual({});
		expect(stats.inFlightByKey[SANDBOX_CREDENTIALS.clientId] ?? 0).toBe(0);
		// The two that waited got their full latency after admission: two rounds, not one.
		const lastTwo = replies.map((r) => r.at).sort((a, b) => a - b).slice(5);
		expect(Math.min(...lastTwo)).toBeGreaterThanOrEqual(190);
		// Their log entries start when they were admitted, so served time is what the key spent.
		const served = sim.requests.map((r) => r.endedAt - r.startedAt);
		expect(Math.max(...served)).toBeLessThan(190);
	});

	it('forgets a waiting request whose client went away', async () => {
		const sim = await start({ latencyMs: 150, maxConcurrentPerKey: 1, overConcurrency: 'queue' });
		const first = call(sim, 'GET', '/v1/view');
		const controller = new AbortController();
		const abandoned = fetch(sim.url + '/v1/view', {
			headers: { 'x-finout-client-id': SANDBOX_CREDENTIALS.clientId, 'x-finout-secret-key': SANDBOX_CREDENTIALS.secretKey },
			signal: controller.signal,
		}).catch((error: Error) => error.name);
		await sleep(30);
		controller.abort();
		expect(await abandoned).toBe('AbortError');
		expect((await first).status).toBe(200);
		expect((await call(sim, 'GET', '/v1/view')).status).toBe(200);
		expect(sim.stats().maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBe(1);
		expect(sim.stats().inFlightByKey[SANDBOX_CREDENTIALS.clientId] ?? 0).toBe(0);
	});
});

describe('V2 per-route limits', () => {
	it('enforces a sliding window per key+route shared by both QL spellings', async () => {
		const sim = await start({ v2WindowMs: 400, v2Limits: { 'v2.ql.keys': 3 } });
		const paths = ['/v2/query-language/keys', '/v2/megabill/query-language/keys', '/v2/query-language/keys/'];
		for (const p of paths) expect((await call(sim, 'GET', p)).status).toBe(200);
		const limited = await call(sim, 'GET', '/v2/megabill/query-language/keys');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json.error).toBe('TOO_MANY_REQUESTS');
		// V1 has no per-minute limits; other routes have their own windows.
		expect((await call(sim, 'GET', '/v1/megabill/query-language/keys')).status).toBe(200);
		expect((await call(sim, 'GET', '/v2/virtual-tags')).status).toBe(200);

		const k = keyRoute(SANDBOX_CREDENTIALS.clientId, 'v2.ql.keys');
		expect(sim.stats().rateLimit429ByKeyRoute[k]).toBe(1);
		expect(sim.stats().maxPerWindowByKeyRoute[k]).toBe(4);

		await sleep(450);
		expect((await call(sim, 'GET', '/v2/query-language/keys')).status).toBe(200);
		sim.reset();
		expect(sim.stats().totalRequests).toBe(0);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('V2 cost & usage lifecycle', () => {
	it('moves queued → running → completed → expired on the injected clock', async () => {
		let now = Date.UTC(2025, 5, 1);
		const sim = await start({ now: () => now, queryQueuedMs: 500, queryRunningMs: 1000, resultsTtlMs: DAY });
		const gen = await call(sim, 'POST', '/v2/data/cost-usage/generate-query', v2Query());
		expect(gen.status).toBe(200);
		const id = gen.json.data.queryId as string;
		const status = async () => (await call(sim, 'GET', `/v2/data/cost-usage/${id}/status`)).json.data;

		expect(await status()).toEqual({ status: 'queued' });
		let res = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results`);
		expect(res.status).toBe(202);
		expect(res.json.error).toBe('QUERY_QUEUED');

		now += 600;
		expect((await status()).status).toBe('running');
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${id}/results`)).json.error).toBe('QUERY_RUNNING');

		now += 1000;
		const done = await status();
		expect(done).toMatchObject({ status: 'completed', totalRows: 12 * 9, completedAt: new Date(Date.UTC(2025, 5, 1) + 1500).toISOString() });
		res = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?pageSize=5`);
		expect(res.status).toBe(200);
		expect(res.json.pagination).toMatchObject({ hasMore: true, totalRows: 108, nextCursor: expect.any(String) });
		const row = res.json.data[0];
		expect(Object.keys(row)).toEqual(['AWS_billing_dimension_service', 'day', 'netAmortizedCost_sum']);
		expect(row.day).toMatch(/^2025-05-0\d$/);
		expect(row.netAmortizedCost_sum).toEqual({ amount: expect.any(Number) });
		// default order: descending by the first measurement
		const amounts = res.json.data.map((r: { netAmortizedCost_sum: { amount: number } }) => r.netAmortizedCost_sum.amount);
		expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);

		now += DAY;
		expect((await status()).status).toBe('expired');
		res = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results`);
		expect(res.status).toBe(410);
		expect(res.json.error).toBe('RESULTS_EXPIRED');
	});

	it('reports failed (424), forced expiry (410) and unknown ids (404)', async () => {
		const sim = await start({ queryQueuedMs: 0, queryRunningMs: 0 });
		const a = (await call(sim, 'POST', '/v2/data/cost-usage/generate-query', v2Query())).json.data.queryId;
		const b = (await call(sim, 'POST', '/v2/data/cost-usage/generate-query', v2Query())).json.data.queryId;
		sim.failQuery(a);
		sim.expireQuery(b);
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${a}/status`)).json.data.status).toBe('failed');
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${a}/results`)).status).toBe(424);
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${b}/results`)).status).toBe(410);
		expect((await call(sim, 'GET', '/v2/data/cost-usage/nope/status')).status).toBe(404);
	});

	it('pages through results stably, with usage units and a sortDirection', async () => {
		const sim = await start({ queryQueuedMs: 0, queryRunningMs: 0 });
		const body = v2Query({
			timeInterval: { interval: 'week', sortDirection: 'ascending' },
			measurements: [{ type: 'unblendedCost' }, { type: 'usageAmount', operator: 'max' }],
			dimensions: [
				{ costCenter: 'AWS', key: 'region', type: 'billing_dimension' },
				{ costCenter: '', key: 'service', type: 'billing_dimension' },
			],
			filters: { AND: [{ costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf', value: ['us-east-1', 'eu-west-1'] }] },
			rowLimit: 30,
		});
		const id = (await call(sim, 'POST', '/v2/data/cost-usage/generate-query', body)).json.data.queryId;
		const rows: Array<Record<string, unknown>> = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const res = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?pageSize=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			expect(res.status).toBe(200);
			rows.push(...res.json.data);
			cursor = res.json.pagination.nextCursor;
			expect(res.json.pagination.hasMore).toBe(cursor !== undefined);
			pages++;
		} while (cursor);
		expect(pages).toBe(5);
		expect(rows).toHaveLength(30);
		expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(30);
		expect(new Set(rows.map((r) => r.AWS_billing_dimension_region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
		const weeks = rows.map((r) => r.week as string);
		expect([...weeks].sort()).toEqual(weeks); // ascending by time
		expect(rows[0]).toMatchObject({ unblendedCost_sum: { amount: expect.any(Number) }, usageAmount_max: { unit: 'Hrs' } });
		expect((rows[0].unblendedCost_sum as Record<string, unknown>).unit).toBeUndefined();

		const again = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?pageSize=30`);
		expect(again.json.data).toEqual(rows);
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?pageSize=10001`)).status).toBe(400);
		expect((await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?cursor=garbage`)).status).toBe(400);
	});

	it('can reach 100k rows grouped by resource', async () => {
		const sim = await start({ queryQueuedMs: 0, queryRunningMs: 0 });
		const id = (await call(sim, 'POST', '/v2/data/cost-usage/generate-query', v2Query({
			date: { unixTimeMillisecondsStart: Date.UTC(2025, 0, 1), unixTimeMillisecondsEnd: Date.UTC(2025, 0, 1) + 60 * DAY },
			dimensions: [{ costCenter: 'AWS', key: 'resource_id', type: 'resource' }],
			rowLimit: 100_000,
		}))).json.data.queryId;
		const res = await call(sim, 'GET', `/v2/data/cost-usage/${id}/results?pageSize=10000`);
		expect(res.json.pagination.totalRows).toBe(100_000);
		expect(res.json.data).toHaveLength(10_000);
	});

	it('validates generate-query bodies with messages naming the field', async () => {
		const sim = await start();
		const bad = async (body: unknown) => {
			const r = await call(sim, 'POST', '/v2/data/cost-usage/generate-query', body);
			return { status: r.status, message: r.json.message as string };
		};
		expect(await bad(v2Query({ date: { unixTimeMillSecondsStart: 1, unixTimeMillSecondsEnd: 2 } })))
			.toMatchObject({ status: 400, message: expect.stringContaining('unixTimeMillisecondsStart') });
		expect((await bad(v2Query({ date: { unixTimeMillisecondsStart: Date.UTC(2025, 0, 1), unixTimeMillisecondsEnd: Date.UTC(2025, 0, 1) + 61 * DAY } }))).message)
			.toContain('60 days');
		expect((await bad(v2Query({ timeInterval: { interval: 'hour' } }))).message).toContain('timeInterval.interval');
		expect((await bad(v2Query({ measurements: [] }))).message).toContain('measurements');
		expect((await bad(v2Query({ timeInterval: { interval: 'day', sortDirection: 'ascending' }, measurements: [{ type: 'listCost', sortDirection: 'descending' }] }))).message)
			.toContain('Only one sortDirection');
		expect((await bad(v2Query({ filters: { costCenter: 'AWS', key: 'region', operator: 'oneOf', value: ['x'] } }))).message).toContain('filters.type');
		expect((await bad(v2Query({ rowLimit: 100_001 }))).message).toContain('rowLimit');
		expect((await bad(v2Query({ groupBy: ['x'] }))).message).toContain('dimensions');
		const vt = (i: number) => ({ costCenter: 'Virtual Tags', key: `vt-${i}`, type: 'virtual_tag' });
		expect((await bad(v2Query({ dimensions: [vt(1), vt(2), vt(3), vt(4)] }))).status).toBe(422);
		const invalidJson = await call(sim, 'POST', '/v2/data/cost-usage/generate-query', '{"date":');
		expect(invalidJson.status).toBe(400);
	});
});

describe('V1 cost, keys and values', () => {
	it('query-by-view accepts seconds and milliseconds and returns a Total series', async () => {
		const sim = await start();
		const start_ = Date.UTC(2025, 2, 1);
		const q = (date: unknown, extra: Record<string, unknown> = {}) =>
			call(sim, 'POST', '/v1/cost/query-by-view', { viewId: VIEW_IDS.awsByService, date, ...extra });
		const ms = await q({ unixTimeMillSecondsStart: start_, unixTimeMillSecondsEnd: start_ + 6 * DAY });
		const secs = await q({ unixTimeMillSecondsStart: start_ / 1000, unixTimeMillSecondsEnd: (start_ + 6 * DAY) / 1000 });
		expect(ms.status).toBe(200);
		expect(secs.json.data).toEqual(ms.json.data);
		expect(ms.json.request).toEqual({ viewId: VIEW_IDS.awsByService });
		const series = ms.json.data as Array<{ name: string; data: Array<{ time: number; cost: number }> }>;
		expect(series).toHaveLength(9); // 8 services + Total
		const total = series.find((s) => s.name === 'Total')!;
		expect(total.data.map((p) => p.time)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => start_ + i * DAY));
		const sum = series.filter((s) => s.name !== 'Total').reduce((acc, s) => acc + s.data[0].cost, 0);
		expect(total.data[0].cost).toBeCloseTo(sum, 1);

		const grouped = await q({ unixTimeMillSecondsStart: start_, unixTimeMillSecondsEnd: start_ }, { groupBy: ['region'] });
		expect(grouped.json.data.map((s: { name: string }) => s.name)).toContain('us-east-1');
		const unblended = await q({ unixTimeMillSecondsStart: start_, unixTimeMillSecondsEnd: start_ }, { costType: 'unblendedCost' });
		expect(unblended.json.data[0].data[0].cost).not.toBe(ms.json.data[0].data[0].cost);

		expect((await q({ unixTimeMillSecondsStart: start_, unixTimeMillSecondsEnd: start_ + 91 * DAY })).json.message).toContain('90 days');
		expect((await q({ unixTimeMillSecondsStart: start_ })).json.message).toContain('date.unixTimeMillSecondsEnd');
		expect((await q(undefined, { costType: 'cheapCost' })).status).toBe(400);
		expect((await call(sim, 'POST', '/v1/cost/query-by-view', { viewId: 'nope' })).status).toBe(404);
		expect((await call(sim, 'POST', '/v1/cost/query-by-view', {})).status).toBe(400);
	});

	it('setDailyCost overrides the model (for planted spikes)', async () => {
		const sim = await start();
		const spikeDay = Date.UTC(2025, 2, 3);
		sim.setDailyCost(({ dayStartMs }) => (dayStartMs === spikeDay ? 1000 : 10));
		const res = await call(sim, 'POST', '/v1/cost/query-by-view', {
			viewId: VIEW_IDS.gcpByProject, date: { unixTimeMillSecondsStart: spikeDay - DAY, unixTimeMillSecondsEnd: spikeDay + DAY },
		});
		const total = res.json.data.find((s: { name: string }) => s.name === 'Total');
		expect(total.data.map((p: { cost: number }) => p.cost)).toEqual([50, 5000, 50]);
	});

	it('serves keys and values; V2 values need ?type= for multi-type keys; path params are decoded', async () => {
		const sim = await start();
		const v1 = await call(sim, 'GET', '/v1/megabill/query-language/keys');
		expect(v1.json).toMatchObject({ accountId: expect.any(String), requestId: expect.any(String) });
		expect(v1.json.keys[0]).toEqual({ costCenter: 'AWS', key: 'service', displayName: 'Service' });
		const v2 = await call(sim, 'GET', '/v2/query-language/keys');
		expect(v2.json.data.keys.length).toBeGreaterThanOrEqual(15);
		expect(v2.json.data.keys.find((k: { key: string }) => k.key === VT_IDS.team).types).toEqual(['virtual_tag']);

		const vals = await call(sim, 'GET', `/v1/megabill/query-language/values/${encodeURIComponent('Virtual Tags')}/${VT_IDS.team}`);
		expect(vals.json).toMatchObject({ values: expect.arrayContaining(['Payments', 'unallocated']), request: { costCenter: 'Virtual Tags', key: VT_IDS.team } });
		expect((await call(sim, 'GET', '/v2/query-language/values/AWS/aws_account_name')).status).toBe(400);
		const typed = await call(sim, 'GET', '/v2/megabill/query-language/values/AWS/aws_account_name?type=tag');
		expect(typed.json.data.values).toContain('prod-core');
		expect((await call(sim, 'GET', '/v2/query-language/values/AWS/resource_id')).json.data.values).toHaveLength(2000);
		expect((await call(sim, 'GET', '/v2/query-language/values/AWS/nope')).status).toBe(404);
	});
});

describe('virtual tags, versions and metadata', () => {
	const rule = { to: 'Payments', filters: { costCenter: 'Kubernetes', key: 'namespace', type: 'k8s_namespace', operator: 'oneOf', value: ['payments'] } };

	it('shares one store between V1 and V2 and validates rules', async () => {
		const sim = await start();
		const created = await call(sim, 'POST', '/v1/virtual-tags', { name: 'Owner', rules: [rule], defaultValue: 'none' });
		expect(created.status).toBe(201);
		expect(created.json.createdAt).toMatch(/GMT\+0000 \(Greenwich Mean Time\)$/);
		const id = created.json.id as string;
		expect((await call(sim, 'GET', `/v2/virtual-tags/${id}`)).json.data).toMatchObject({ id, name: 'Owner', rules: [rule] });
		expect((await call(sim, 'GET', '/v1/virtual-tags')).json.virtualTags).toHaveLength(5);

		const upd = await call(sim, 'PUT', `/v1/virtual-tags/${id}/`, { ...created.json, name: 'Owner 2' });
		expect(upd.json).toEqual({ name: 'Owner 2', rules: [rule], defaultValue: 'none', requestId: expect.any(String) });

		const badOp = await call(sim, 'POST', '/v1/virtual-tags', { name: 'x', rules: [{ to: 'a', filters: { AND: [rule.filters, { ...rule.filters, operator: 'like' }] } }] });
		expect(badOp.json.message).toContain('rules[0].filters.AND[1].operator');
		expect((await call(sim, 'POST', '/v1/virtual-tags', { name: '', rules: [] })).json.message).toContain('name');
		expect((await call(sim, 'POST', '/v2/virtual-tags', { name: 'x', rules: [rule] })).json.message).toContain('defaultValue');

		expect((await call(sim, 'DELETE', `/v1/virtual-tags/${id}`)).json).toEqual({ requestId: expect.any(String) });
		expect((await call(sim, 'GET', `/v1/virtual-tags/${id}`)).status).toBe(404);
		expect((await call(sim, 'DELETE', `/v2/virtual-tags/${VT_IDS.environment}`)).json.data).toEqual({ id: VT_IDS.environment, name: 'Environment' });
		sim.resetData();
		expect(sim.state.virtualTags.size).toBe(4);
	});

	it('records versions, stages with setAsLive=false and pages versions with a cursor', async () => {
		let now = Date.UTC(2025, 6, 1);
		const sim = await start({ now: () => now });
		const body = (to: string, note: string) => ({ name: 'Env', rules: [{ ...rule, to }], defaultValue: 'other', versionMetadata: { changeDescription: note } });
		const created = await call(sim, 'POST', '/v2/virtual-tags', body('a', 'v1'));
		expect(created.status).toBe(201);
		const id = created.json.data.id as string;
		for (const [i, live] of [[2, true], [3, true], [4, false]] as const) {
			now += 1000;
			await call(sim, 'PUT', `/v2/virtual-tags/${id}?setAsLive=${live}`, body(String.fromCharCode(96 + i), `v${i}`));
		}
		expect((await call(sim, 'GET', `/v2/virtual-tags/${id}`)).json.data.rules[0].to).toBe('c'); // staged v4 is not live

		const seen: Array<{ id: string; isLive: boolean; changeDescription: string }> = [];
		let cursor: string | null = null;
		do {
			const res: Reply = await call(sim, 'GET', `/v2/virtual-tags/${id}/versions?pageSize=3${cursor ? `&cursor=${cursor}` : ''}`);
			seen.push(...res.json.data);
			cursor = res.json.pagination.nextCursor;
			expect(res.json.pagination.hasMore).toBe(cursor !== null);
			expect(res.json.data[0].versionData).toBeUndefined();
		} while (cursor);
		expect(seen.map((v) => v.changeDescription)).toEqual(['v4', 'v3', 'v2', 'v1']);
		expect(seen.map((v) => v.isLive)).toEqual([false, true, false, false]);

		const asc = await call(sim, 'GET', `/v2/virtual-tags/${id}/versions?sortDirection=asc&from=${Date.UTC(2025, 6, 1) + 1500}`);
		expect(asc.json.data.map((v: { changeDescription: string }) => v.changeDescription)).toEqual(['v3', 'v4']);
		const one = await call(sim, 'GET', `/v2/virtual-tags/${id}/versions/${seen[0].id}`);
		expect(one.json.data.versionData).toEqual({ rules: [{ ...rule, to: 'd' }], defaultValue: 'other' });
		expect((await call(sim, 'GET', `/v2/virtual-tags/${id}/versions?pageSize=101`)).status).toBe(400);
		expect((await call(sim, 'GET', `/v2/virtual-tags/${id}?setAsLive=maybe`)).status).toBe(200);
		expect((await call(sim, 'PUT', `/v2/virtual-tags/${id}?setAsLive=maybe`, body('x', 'x'))).status).toBe(400);
		expect((await call(sim, 'GET', '/v2/virtual-tags/nope/versions')).status).toBe(404);
	});

	it('overwrites metadata on V1 and merges per value on V2', async () => {
		const sim = await start();
		const path = (gen: string) => `/${gen}/virtual-tags/${VT_IDS.team}/metadata`;
		const v2 = await call(sim, 'PUT', path('v2'), {
			Payments: { customMetadata: { tier: 'gold' }, groups: ['g-new'], mergeValuesAndMetadata: true },
			Search: { customMetadata: { owner: 'Sue' } },
		});
		expect(v2.json.data.virtualTagId).toBe(VT_IDS.team);
		expect(v2.json.data.metadata.Payments.customMetadata).toEqual({ owner: 'Dana', costCenterCode: 'CC-4410', tier: 'gold' });
		expect(v2.json.data.metadata.Payments.groups).toContain('g-new');
		expect(v2.json.data.metadata.Search).toEqual({ customMetadata: { owner: 'Sue' } });
		expect(v2.json.data.metadata['Data Platform']).toBeDefined();

		const v1 = await call(sim, 'PUT', path('v1'), { Search: { endpoints: ['e1'] } });
		expect(v1.json).toMatchObject({ metadata: { Search: { endpoints: ['e1'] } }, request: { virtualTagId: VT_IDS.team } });
		expect(Object.keys((await call(sim, 'GET', path('v1'))).json.metadata)).toEqual(['Search']);
		expect((await call(sim, 'GET', `/v2/virtual-tags/${VT_IDS.environment}/metadata`)).json.data).toEqual({ metadata: {} });
		expect((await call(sim, 'PUT', path('v1'), { 'a.b': {} })).status).toBe(400);
		expect((await call(sim, 'PUT', path('v1'), { A: { endpoint: 'x' } })).json.message).toContain('endpoints');
	});
});

describe('CostGuard and endpoints', () => {
	it('lists scans and recommendations, and lets tests add findings', async () => {
		const sim = await start();
		const scans = await call(sim, 'GET', '/v1/cost-guard/scans');
		expect(scans.json.scans).toHaveLength(5);
		expect(scans.json.scans[0]).toEqual({ scanId: SCAN_IDS.ec2Rightsizing, scanName: 'EC2 - Rightsizing', scanLastRunTime: expect.any(Number), scanMetadata: { type: 'rightsizing', costCenter: 'AWS', analysisDays: 14 } });
		const rec = async () => (await call(sim, 'POST', '/v1/cost-guard/scans-recommendations', { scanId: SCAN_IDS.ec2Rightsizing })).json;
		const before = await rec();
		expect(before.data).toHaveLength(3);
		expect(before.data[0].resources[0]).toMatchObject({ resourceId: expect.any(String), resourceTotalWaste: expect.any(Number), resourceYearlyPotentialSavings: expect.any(Number) });
		sim.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', { resourceId: 'i-0new', resourceTotalWaste: 100 });
		const after = await rec();
		expect(after.scanTotalWaste).toBeCloseTo(before.scanTotalWaste + 100, 2);
		expect((await call(sim, 'POST', '/v1/cost-guard/scans-recommendations', { scanId: 'nope' })).status).toBe(400);
		const grouped = await call(sim, 'POST', '/v1/cost-guard/scans-recommendations', { scanId: SCAN_IDS.rdsIdle, groupBy: { costCenter: 'AWS', key: 'region' } });
		expect(grouped.json.data.every((g: { group: string }) => g.group.includes('-'))).toBe(true);
	});

	it('creates email and slack endpoints and rejects bad ones', async () => {
		const sim = await start();
		const ok = await call(sim, 'POST', '/v1/endpoints', { type: 'email', name: 'ops', configuration: { to: 'ops@example.com' } });
		expect(ok.json).toMatchObject({ endpoint: { type: 'email', name: 'ops', configuration: { to: 'ops@example.com' }, id: expect.any(String), accountId: expect.any(String) }, requestId: expect.any(String) });
		expect((await call(sim, 'POST', '/v1/endpoints', { type: 'slack', name: 's', configuration: { to: 'http://hooks.slack.com/x' } })).status).toBe(400);
		expect((await call(sim, 'POST', '/v1/endpoints', { type: 'email', name: 'e', configuration: { to: 'not-an-email' } })).status).toBe(400);
		expect((await call(sim, 'POST', '/v1/endpoints', { type: 'Email', name: 'e', configuration: { to: 'a@b.co' } })).status).toBe(400);
		expect((await call(sim, 'GET', '/v1/endpoints')).json.endpoints).toHaveLength(4);
	});
});

describe('faults', () => {
	it('scripted 5xx applies the mutation first; scripted 429 refuses it', async () => {
		const sim = await start();
		const body = { name: 'Dup', rules: [], defaultValue: 'x' };
		sim.failNext({ method: 'POST', path: '/v1/virtual-tags', status: 503 });
		expect((await call(sim, 'POST', '/v1/virtual-tags', body)).status).toBe(503);
		expect([...sim.state.virtualTags.values()].filter((t) => t.name === 'Dup')).toHaveLength(1);

		sim.failNext({ path: 'v1.vt.create', status: 429, retryAfter: '3', times: 2 });
		const r1 = await call(sim, 'POST', '/v1/virtual-tags', body);
		const r2 = await call(sim, 'POST', '/v1/virtual-tags', body);
		expect([r1.status, r2.status, r1.headers.get('retry-after')]).toEqual([429, 429, '3']);
		expect((await call(sim, 'POST', '/v1/virtual-tags', body)).status).toBe(201);
		expect([...sim.state.virtualTags.values()].filter((t) => t.name === 'Dup')).toHaveLength(2);
		expect(sim.stats().injectedFaults).toEqual({ 'scripted:503': 1, 'scripted:429': 2 });

		sim.failNext({ path: /\/v1\/view$/, status: 500, body: { custom: true } });
		expect((await call(sim, 'GET', '/v1/view')).json).toEqual({ custom: true });
	});

	it('injects seeded random faults: drop, gateway HTML and HTTP-date Retry-After', async () => {
		const sim = await start({ faults: { rate: 1, kinds: ['drop'], methods: ['GET'] } });
		await expect(call(sim, 'GET', '/v1/view')).rejects.toThrow();
		expect((await call(sim, 'POST', '/v1/endpoints', { type: 'email', name: 'n', configuration: { to: 'a@b.co' } })).status).toBe(200);

		sim.setFaults({ rate: 1, kinds: ['502'], pathPattern: /^\/v2\// });
		const gw = await call(sim, 'GET', '/v2/virtual-tags');
		expect(gw.status).toBe(502);
		expect(gw.headers.get('content-type')).toMatch(/text\/html/);
		expect((await call(sim, 'GET', '/v1/view')).status).toBe(200);

		sim.setFaults({ rate: 1, kinds: ['429-http-date'] });
		const limited = await call(sim, 'GET', '/v1/view');
		expect(limited.status).toBe(429);
		expect(Date.parse(limited.headers.get('retry-after')!)).toBeGreaterThan(Date.now() - 1000);

		sim.setFaults(null);
		expect((await call(sim, 'GET', '/v1/view')).status).toBe(200);
		const stats = sim.stats();
		expect(stats.injectedFaults).toEqual({ drop: 1, '502': 1, '429-http-date': 1 });
		expect(sim.requests[0].status).toBe('dropped');
		expect(stats.inFlightByKey).toEqual({});
	});

	it('draws the same fault sequence for the same seed', async () => {
		const pattern = async () => {
			const sim = await start({ seed: 42, faults: { rate: 0.5, kinds: ['500', '503'] } });
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await call(sim, 'GET', '/v1/endpoints')).status);
			return out;
		};
		const a = await pattern();
		expect(await pattern()).toEqual(a);
		expect(new Set(a).size).toBeGreaterThan(1);
	});

	it('applies latency ± jitter to responses', async () => {
		const sim = await start({ latencyMs: 1000, jitterMs: 10 });
		const t0 = Date.now();
		await call(sim, 'GET', '/v1/view');
		// A lower bound only: the response cannot come before the latency, however loaded the machine.
		expect(Date.now() - t0).toBeGreaterThanOrEqual(989);
		sim.setLatency(0);
		await call(sim, 'GET', '/v1/view');
		const [slow, fast] = sim.requests;
		expect(slow.endedAt - slow.startedAt).toBeGreaterThanOrEqual(989);
		expect(fast.endedAt - fast.startedAt).toBeLessThan(slow.endedAt - slow.startedAt);
	});
});
