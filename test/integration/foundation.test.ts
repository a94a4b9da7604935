import { SANDBOX_CREDENTIALS, VIEW_IDS } from '../fake-finout/seed';
import { capturedLogLines } from '../setup/capture-logs';
import { testFinoutCredential } from '../harness/credential-test';
import { startFinoutWorkflow, summarize } from '../harness/engine';
import { credentialsFor, expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout({ latencyMs: 25, jitterMs: 10 });
const KEY = SANDBOX_CREDENTIALS.clientId;
const VIEW = VIEW_IDS[Object.keys(VIEW_IDS)[0] as keyof typeof VIEW_IDS];

const queryByView = (extra: Record<string, unknown> = {}) => ({
	resource: 'cost',
	operation: 'queryByView',
	viewId: locator(VIEW),
	dateRange: 'last7Days',
	...extra,
});

describe('credential', () => {
	test('both Finout headers reach the server on every request', async () => {
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true }, { items: [{}, {}, {}] });
		expectSuccess(result);
		expect(sim.server.requests).toHaveLength(3);
		for (const request of sim.server.requests) {
			expect(request.headersSeen).toMatchObject({ clientId: true, secretKey: true });
			expect(request.authOk).toBe(true);
			expect(request.clientId).toBe(KEY);
		}
	});

	test('the credential test passes with good keys', async () => {
		await expect(testFinoutCredential(credentialsFor(sim.server))).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/view']);
	});

	test('the credential test fails with a message that says where to re-copy the keys', async () => {
		const result = await testFinoutCredential(credentialsFor(sim.server, { secretKey: 'wrong-secret' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Admin Portal → API Tokens/);
	});

	test.each([
		['an HTML login page', { body: '<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>', contentType: 'text/html; charset=utf-8' }],
		['a JSON object that is not a list of views', { body: { status: 'ok' } }],
		['a "data" that is not a list', { body: { data: { views: [] } } }],
	])('the credential test fails when the Base URL answers 200 with %s', async (_name, answer) => {
		// What a Base URL pointing at a company SSO gateway or another service answers.
		sim.server.failNext({ path: '/v1/view', status: 200, ...answer, afterMutation: false });
		const result = await testFinoutCredential(credentialsFor(sim.server));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL answered, but not with Finout's list of views/) });
	});

	test('the credential test passes for an account without views', async () => {
		sim.server.failNext({ path: '/v1/view', status: 200, body: { data: [], requestId: 'r' }, afterMutation: false });
		await expect(testFinoutCredential(credentialsFor(sim.server))).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a trailing slash in the base URL is tolerated', async () => {
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true }, {
			credentials: { baseUrl: `${sim.server.url}/` },
		});
		expectSuccess(result);
		expect(sim.server.requests[0].path).toBe('/v1/view');
	});
});

describe('per-key queue', () => {
	test('25 items plus 3 more executions on one key: at most 5 in flight, and no 429', async () => {
		const items = Array.from({ length: 25 }, (_, index) => ({ index }));
		const runs = await Promise.all(
			[0, 1, 2, 3].map(() =>
				startFinoutWorkflow({ parameters: queryByView(), credentials: credentialsFor(sim.server), items }),
			),
		);
		for (const run of runs) expectSuccess(summarize(run));
		const stats = sim.server.stats();
		expect(stats.totalRequests).toBe(100);
		expect(stats.maxInFlightByKey[KEY]).toBe(5);
		expect(stats.concurrency429ByKey[KEY] ?? 0).toBe(0);
	});

	test('a one-item execution is not stuck behind a 100-item one on the same key', async () => {
		const bulk = startFinoutWorkflow({
			parameters: queryByView(),
			credentials: credentialsFor(sim.server),
			items: Array.from({ length: 100 }, (_, index) => ({ index })),
		});
		while (sim.server.requests.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
		const sentBefore = sim.server.requests.length;
		const single = await runNode(sim.server, { resource: 'view', operation: 'getAll', limit: 1 });
		expectSuccess(single);
		const singleAt = sim.server.requests.findIndex((request) => request.path === '/v1/view');
		await bulk;
		// Fair sharing: it waited for about one bulk request, not for the ~90 queued before it.
		expect(singleAt - sentBefore).toBeLessThanOrEqual(6);
		expect(sim.server.stats().maxInFlightByKey[KEY]).toBe(5);
	});

	test('output keeps input order and pairs every item', async () => {
		const items = Array.from({ length: 12 }, (_, index) => ({ index }));
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', limit: 1 }, { items });
		expectSuccess(result);
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	// Last in this block: a lowered limit keeps applying to the key for a while (gate.ts,
	// LIMIT_MEMORY_MS), so the tests above that expect 5 must run before it.
	test('Max Concurrent Requests = 2 keeps the server at 2', async () => {
		const items = Array.from({ length: 20 }, (_, index) => ({ index }));
		const result = await runNode(sim.server, queryByView(), { items, credentials: { maxConcurrentRequests: 2 } });
		expectSuccess(result);
		expect(sim.server.stats().maxInFlightByKey[KEY]).toBe(2);
	});
});

describe('retries', () => {
	test('a 429 with Retry-After is waited out, then succeeds', async () => {
		sim.server.failNext({ path: '/v1/view', status: 429, retryAfter: '1' });
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true });
		expectSuccess(result);
		const [refused, accepted] = sim.server.requests;
		expect(refused.status).toBe(429);
		expect(accepted.status).toBe(200);
		expect(accepted.startedAt - refused.endedAt).toBeGreaterThanOrEqual(950);
		expect(jsonOf(result).length).toBeGreaterThan(0);
	});

	test('a 503 on a read is retried', async () => {
		sim.server.failNext({ path: '/v1/cost/query-by-view', status: 503 });
		const result = await runNode(sim.server, queryByView());
		expectSuccess(result);
		expect(sim.server.requests.map((request) => request.status)).toEqual([503, 200]);
	});

	test('a 503 on a create is not retried, and the error says to check before re-running', async () => {
		// An endpoint of that name existed before the run, so looking the new one up by name cannot
		// tell (reconcile.ts): the error stays.
		const create = { resource: 'notificationEndpoint', operation: 'create', endpointType: 'email', name: 'FinOps', to: 'finops@example.com' };
		expectSuccess(await runNode(sim.server, create));
		sim.server.reset();
		sim.server.failNext({ path: '/v1/endpoints', method: 'POST', status: 503 });
		const result = await runNode(sim.server, create);
		expect(result.status).toBe('error');
		expect(sim.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.error?.message).toMatch(/503/);
		expect(result.error?.description).toMatch(/never sent twice/);
		expect(result.error?.description).toMatch(/"FinOps" already existed/);
	});
});

describe('validation before sending', () => {
	test.each([
		['too long', { dateRange: 'custom', startDate: '2026-01-01', endDate: '2026-05-01' }, /Date Range is 121 days.*at most 90 \(item 0\)/],
		['reversed', { dateRange: 'custom', startDate: '2026-03-01', endDate: '2026-02-01' }, /Start must be before End \(item 0\)/],
		['not a date', { dateRange: 'custom', startDate: 'yesterday-ish', endDate: '2026-02-01' }, /Start is not a valid date \(item 0\)/],
		// Date.parse would move these: 2026-03-02, and March 2001.
		['no-such-day', { dateRange: 'custom', startDate: '2026-02-30', endDate: '2026-03-05' }, /Start is not a valid date \(item 0\)/],
		['yearless', { dateRange: 'custom', startDate: 'March 1', endDate: 'March 7' }, /Start is not a valid date \(item 0\)/],
		// The Unix seconds of Finout's docs example, which as milliseconds are January 1970.
		['seconds-not-milliseconds', { dateRange: 'custom', startDate: 1719824738, endDate: 1719911138 }, /^Start looks like seconds, not milliseconds \(item 0\)$/],
		['seconds-as-text', { dateRange: 'custom', startDate: '2026-06-01', endDate: '1719911138' }, /^End looks like seconds, not milliseconds \(item 0\)$/],
		// Digits alone are epoch ms: 20260301 would be 1970-01-01T05:37:40Z.
		['yyyymmdd', { dateRange: 'custom', startDate: '20260301', endDate: '20260307' }, /^Start looks like a date without dashes \(item 0\)$/],
		// Beyond JavaScript's dates (±8.64e15 ms), where new Date() is "Invalid time value".
		['beyond-any-date', { dateRange: 'custom', startDate: '99999999999999999', endDate: '2026-02-01' }, /^Start is not a valid date \(item 0\)$/],
	])('a %s date range is refused and nothing is sent', async (_, range, message) => {
		const result = await runNode(sim.server, queryByView(range));
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(message);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('epoch seconds are refused with a hint that Finout expects milliseconds', async () => {
		const result = await runNode(sim.server, queryByView({ dateRange: 'custom', startDate: 1719824738, endDate: 1719911138 }));
		expect(result.error?.description).toMatch(/^Finout expects milliseconds; this looks like seconds\./);
	});

	test('a date without dashes is refused with the date written as YYYY-MM-DD', async () => {
		const result = await runNode(sim.server, queryByView({ dateRange: 'custom', startDate: '2026-03-01', endDate: '20260307' }));
		expect(result.error?.description).toMatch(/^Write it as YYYY-MM-DD: 2026-03-07\./);
	});

	test('ISO dates and date-times with offsets, epoch milliseconds and JavaScript date texts are read as given', async () => {
		const result = await runNode(sim.server, queryByView({ dateRange: 'custom', startDate: '2026-03-01T02:00:00+02:00', endDate: String(Date.UTC(2026, 2, 7)) }));
		expectSuccess(result);
		const dated = await runNode(sim.server, queryByView({ dateRange: 'custom', startDate: Date.UTC(2026, 2, 1), endDate: 'Sat Mar 07 2026 00:00:00 GMT+0000 (Coordinated Universal Time)' }));
		expectSuccess(dated);
		const sent = sim.server.requests.map((request) => (request.body as { date: Record<string, number> }).date);
		const march = { unixTimeMillSecondsStart: Date.UTC(2026, 2, 1), unixTimeMillSecondsEnd: Date.UTC(2026, 2, 8) - 1 };
		expect(sent).toEqual([march, march]);
	});

	test('one bad item stops the node before any item is sent', async () => {
		const result = await runNode(sim.server, queryByView({ viewId: '={{ $json.view }}' }), {
			items: [{ view: VIEW }, { view: '' }, { view: VIEW }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('View is empty (item 1)');
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('continueOnFail', () => {
	test('one error item per failed input, each paired, the rest succeed', async () => {
		const result = await runNode(
			sim.server,
			queryByView({ viewId: { __rl: true, mode: 'id', value: '={{ $json.view }}' }, output: 'series' }),
			{
				items: [{ view: VIEW }, { view: '' }, { view: 'no-such-view' }, { view: VIEW }],
				continueOnFail: true,
			},
		);
		expectSuccess(result);
		const byItem = new Map<number, Array<Record<string, unknown>>>();
		for (const item of result.items) {
			const index = (item.pairedItem as { item: number }).item;
			byItem.set(index, [...(byItem.get(index) ?? []), item.json]);
		}
		expect(byItem.get(1)).toEqual([expect.objectContaining({ error: 'View is empty (item 1)' })]);
		expect(byItem.get(2)).toEqual([expect.objectContaining({ error: expect.stringMatching(/40[04]/) })]);
		expect(byItem.get(0)!.every((json) => !('error' in json))).toBe(true);
		expect(byItem.get(3)!.every((json) => !('error' in json))).toBe(true);
	});
});

describe('secret key', () => {
	test('appears in no output, error or run data, whether calls succeed or fail', async () => {
		const secret = SANDBOX_CREDENTIALS.secretKey;
		sim.server.failNext({ path: '/v1/view', status: 400, body: { message: `bad request from ${secret}` } });
		const failed = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true }, {
			continueOnFail: true,
		});
		const unauthorized = await runNode(sim.server, { resource: 'view', operation: 'getAll' }, {
			credentials: { clientId: 'someone-else' },
		});
		const succeeded = await runNode(sim.server, queryByView());
		for (const result of [failed, unauthorized, succeeded]) {
			const everything = JSON.stringify({ run: result.run, error: result.error, stack: result.error?.stack });
			expect(everything).not.toContain(secret);
		}
		expect(unauthorized.error?.message).toMatch(/401/);
		// The engine did log these failures (the file-wide check in test/setup scans those lines too).
		expect(capturedLogLines().some((line) => line.includes('Finout rejected the API key'))).toBe(true);
		expect(capturedLogLines().join('\n')).not.toContain(secret);
	});

	/** Everything a user can see of a run, where no part of the secret may show. */
	const shownOf = (result: Awaited<ReturnType<typeof runNode>>) =>
		JSON.stringify({
			error: result.error,
			description: (result.error as { description?: string } | undefined)?.description,
			items: result.items.map((item) => item.json),
			run: result.run.data.resultData,
		});

	test('echoed near the 500th character of a long Finout message, no part of it is shown', async () => {
		// Removed before the message is shortened: cutting first would leave the secret's start.
		const secret = SANDBOX_CREDENTIALS.secretKey;
		const message = `${'x'.repeat(480)}${secret} (header x-finout-secret-key)`;
		sim.server.failNext({ path: '/v1/view', status: 400, body: { message } });

		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true });

		expect(result.status).toBe('error');
		expect(result.error?.description).toContain('[redacted]');
		expect(shownOf(result)).not.toContain(secret.slice(0, 20));
	});

	test('echoed in a value of a 2xx answer that is shown shortened, no part of it is shown', async () => {
		const secret = SANDBOX_CREDENTIALS.secretKey;
		sim.server.failNext({
			path: 'v1.cost.query-by-view',
			status: 200,
			body: { data: [{ name: 'AmazonEC2', data: [{ time: `${'x'.repeat(20)}${secret}`, cost: 1 }] }] },
			afterMutation: false,
		});

		const result = await runNode(sim.server, queryByView());

		expect(result.error?.message).toContain('(got "xxxxxxxxxxxxxxxxxxxx[redacted]');
		expect(shownOf(result)).not.toContain(secret.slice(0, 20));
	});
});
