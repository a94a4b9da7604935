import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { isUncertainWrite } from '../../nodes/Finout/transport/uncertain';
import { finoutRequest } from '../harness/request';

const sleepCalls: number[] = [];
const gateDuringSleep: number[] = [];
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: jest.fn(async (ms: number) => {
			sleepCalls.push(ms);
			gateDuringSleep.push(snapshotGates().reduce((sum, gate) => sum + gate.active, 0));
		}),
	};
});

const SECRET = 'unit-secret-key-4f1d9a';

type Scripted = { statusCode: number; body?: unknown; headers?: Record<string, string> } | Error;

function contextWith(responses: Scripted[], clientId = 'client-' + Math.random()) {
	const calls: Array<{ method?: string; url: string; body?: unknown; options: any }> = [];
	const httpRequestWithAuthentication = jest.fn(async (_type: string, options: any) => {
		calls.push({ method: options.method, url: options.url, body: options.body, options });
		const next = responses.shift();
		if (!next) throw new Error('no scripted response left');
		if (next instanceof Error) throw next;
		return { headers: {}, body: undefined, ...next };
	});
	const ctx = {
		getCredentials: jest.fn(async () => ({
			clientId,
			secretKey: SECRET,
			baseUrl: 'https://finout.example/',
			maxConcurrentRequests: 5,
		})),
		getNode: () => ({ name: 'Finout', type: 'n8n-nodes-finout.finout', typeVersion: 1, parameters: {} }),
		getExecutionCancelSignal: () => undefined,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

beforeEach(() => {
	sleepCalls.length = 0;
	gateDuringSleep.length = 0;
});

test('429 with Retry-After is retried after the time Finout asks for, with the permit released', async () => {
	const { ctx, calls } = contextWith([
		{ statusCode: 429, headers: { 'retry-after': '2' } },
		{ statusCode: 200, body: { data: [] } },
	]);
	await expect(finoutRequest(ctx, 'listViews')).resolves.toEqual({ data: [] });
	expect(calls).toHaveLength(2);
	expect(calls[0].url).toBe('https://finout.example/v1/view');
	expect(sleepCalls).toEqual([2000]);
	expect(gateDuringSleep).toEqual([0]);
});

test('429 with only X-RateLimit-Reset waits that long', async () => {
	const { ctx } = contextWith([
		{ statusCode: 429, headers: { 'x-ratelimit-reset': '3' } },
		{ statusCode: 200, body: {} },
	]);
	await finoutRequest(ctx, 'listScans');
	expect(sleepCalls).toEqual([3000]);
});

test('a create refused with 429 is sent again, exactly once more', async () => {
	const { ctx, calls } = contextWith([
		{ statusCode: 429 },
		{ statusCode: 201, body: { id: 'vt-1' } },
	]);
	await finoutRequest(ctx, 'createVirtualTagV2', { body: { name: 'Team' } });
	expect(calls.map((call) => call.method)).toEqual(['POST', 'POST']);
	expect(sleepCalls).toHaveLength(1);
});

test('503 on a read is retried', async () => {
	const { ctx, calls } = contextWith([{ statusCode: 503 }, { statusCode: 503 }, { statusCode: 200, body: { ok: 1 } }]);
	await expect(finoutRequest(ctx, 'listScans')).resolves.toEqual({ ok: 1 });
	expect(calls).toHaveLength(3);
});

test('503 on a create is not retried and says why', async () => {
	const { ctx, calls } = contextWith([{ statusCode: 503 }, { statusCode: 201 }]);
	const error = await finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' } }).catch((e) => e);
	expect(calls).toHaveLength(1);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.httpCode).toBe('503');
	expect(error.description).toMatch(/never sent twice/);
});

test('a dropped connection is retried for a query POST but not for a delete', async () => {
	const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	const read = contextWith([reset, { statusCode: 200, body: { data: [] } }]);
	await finoutRequest(read.ctx, 'queryCostByView', { body: { viewId: 'v' } });
	expect(read.calls).toHaveLength(2);

	const write = contextWith([reset]);
	const error = await finoutRequest(write.ctx, 'deleteVirtualTagV2', { pathParams: { id: 'vt' } }).catch((e) => e);
	expect(write.calls).toHaveLength(1);
	expect(error.message).toMatch(/ECONNRESET/);
});

describe('a change whose connection was never made is not an uncertain change', () => {
	const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

	test.each(['ECONNREFUSED', 'EAI_AGAIN'])('%s: the create is sent again (nothing reached Finout)', async (code) => {
		const { ctx, calls } = contextWith([networkError(code), { statusCode: 201, body: { id: 'e1' } }]);
		await expect(finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' } })).resolves.toEqual({ id: 'e1' });
		expect(calls).toHaveLength(2);
	});

	test('ECONNREFUSED every time: the error says to check the Base URL, not that the change may have been applied', async () => {
		const { ctx, calls } = contextWith([networkError('ECONNREFUSED'), networkError('ECONNREFUSED')]);
		const error = await finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' }, retry: { maxRetries: 1 } }).catch(
			(e) => e,
		);
		expect(calls).toHaveLength(2);
		expect(isUncertainWrite(error)).toBe(false);
		expect(error.message).toBe('Could not reach Finout (ECONNREFUSED)');
		expect(error.description).toMatch(/Check the Base URL/);
		expect(error.description).not.toMatch(/may or may not have been applied/);
	});

	test('ENOTFOUND once (a name lookup that failed, as Docker\'s DNS does under load) is retried, for a create too; every time: the error says the host was not found', async () => {
		for (const routeId of ['createEndpoint', 'listViews'] as const) {
			const { ctx, calls } = contextWith([networkError('ENOTFOUND'), { statusCode: 200, body: {} }]);
			await finoutRequest(ctx, routeId, { body: { type: 'email' } });
			expect(calls).toHaveLength(2);
		}
		const { ctx, calls } = contextWith([networkError('ENOTFOUND'), networkError('ENOTFOUND')]);
		const error = await finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' }, retry: { maxRetries: 1 } }).catch((e) => e);
		expect(calls).toHaveLength(2);
		expect(isUncertainWrite(error)).toBe(false);
		expect(error.description).toMatch(/host in the Base URL was not found/);
		expect(error.description).toMatch(/nothing was sent .*Check the Base URL in the credential/);
	});

	test.each([
		['CERT_HAS_EXPIRED', /TLS certificate was not accepted/],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /TLS certificate was not accepted/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', /TLS certificate was not accepted/],
		['SELF_SIGNED_CERT_IN_CHAIN', /TLS certificate was not accepted/],
		['ERR_TLS_CERT_ALTNAME_INVALID', /TLS certificate was not accepted/],
	])('%s: neither a create nor a read is sent again, and the error points at the Base URL', async (code, why) => {
		for (const routeId of ['createEndpoint', 'listViews'] as const) {
			const { ctx, calls } = contextWith([networkError(code), { statusCode: 200, body: {} }]);
			const error = await finoutRequest(ctx, routeId, { body: { type: 'email' } }).catch((e) => e);
			expect(calls).toHaveLength(1);
			expect(isUncertainWrite(error)).toBe(false);
			expect(error.message).toBe(`Could not reach Finout (${code})`);
			expect(error.description).toMatch(why);
			expect(error.description).toMatch(/nothing was sent .*Check the Base URL in the credential/);
		}
	});

	test('a connection dropped after sending (ECONNRESET) is still an uncertain change', async () => {
		const { ctx } = contextWith([networkError('ECONNRESET')]);
		const error = await finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' } }).catch((e) => e);
		expect(isUncertainWrite(error)).toBe(true);
		expect(error.description).toMatch(/may or may not have been applied/);
	});
});

test('persistent 429 stops after maxRetries with advice, and the secret appears nowhere', async () => {
	const { ctx, calls } = contextWith(
		Array.from({ length: 4 }, () => ({
			statusCode: 429,
			body: { message: `slow down ${SECRET}`, requestId: 'req-42' },
		})),
	);
	const error = await finoutRequest(ctx, 'listViews', { retry: { maxRetries: 3 } }).catch((e) => e);
	expect(calls).toHaveLength(4);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.httpCode).toBe('429');
	expect(error.message).toMatch(/after 3 retries/);
	expect(error.description).toMatch(/Max Concurrent Requests/);
	expect(error.description).toMatch(/req-42/);
	expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain(SECRET);
});

test('401 tells the user where to re-copy the keys', async () => {
	const { ctx } = contextWith([{ statusCode: 401, body: { message: 'Unauthorized' } }]);
	const error = await finoutRequest(ctx, 'listViews').catch((e) => e);
	expect(error.message).toMatch(/401/);
	expect(error.description).toMatch(/Admin Portal → API Tokens/);
});

test('400 passes on what Finout said about the field', async () => {
	const { ctx } = contextWith([{ statusCode: 400, body: { message: 'date.unixTimeMillSecondsEnd is required' } }]);
	const error = await finoutRequest(ctx, 'queryCostByView', { body: {} }).catch((e) => e);
	expect(error.description).toContain('date.unixTimeMillSecondsEnd is required');
});

test('path parameters are URL-encoded', async () => {
	const { ctx, calls } = contextWith([{ statusCode: 200, body: {} }]);
	await finoutRequest(ctx, 'listKeyValuesV2', { pathParams: { costCenter: 'Custom Cost', key: 'a/b' } });
	expect(calls[0].url).toBe('https://finout.example/v2/query-language/values/Custom%20Cost/a%2Fb');
});

test('every field echoed from Finout is scrubbed of the secret key', async () => {
	const { ctx } = contextWith([
		{ statusCode: 400, body: { message: `bad key ${SECRET}`, requestId: `req-${SECRET}` } },
	]);
	const error = await finoutRequest(ctx, 'listViews').catch((e) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.description).toContain('req-[redacted]');
	const everything = JSON.stringify({ ...error, message: error.message, description: error.description });
	expect(everything).not.toContain(SECRET);
});

test('every request is sent without following redirects, with the route kind\'s timeout', async () => {
	const { ctx, calls } = contextWith([
		{ statusCode: 200, body: {} },
		{ statusCode: 200, body: {} },
		{ statusCode: 201, body: {} },
		{ statusCode: 200, body: {} },
	]);
	await finoutRequest(ctx, 'listViews');
	await finoutRequest(ctx, 'queryCostByView', { body: {} });
	await finoutRequest(ctx, 'createEndpoint', { body: {} });
	await finoutRequest(ctx, 'listViews', { retry: { timeoutMs: 7000 } });
	expect(calls.map((call) => call.options.disableFollowRedirect)).toEqual([true, true, true, true]);
	expect(calls.map((call) => call.options.timeout)).toEqual([30_000, 120_000, 60_000, 7000]);
});

test('a timed-out create is not sent again and says to check Finout first', async () => {
	const timeout = Object.assign(new Error('timeout of 60000ms exceeded'), { code: 'ECONNABORTED' });
	const { ctx, calls } = contextWith([timeout, { statusCode: 201 }]);
	const error = await finoutRequest(ctx, 'createEndpoint', { body: { type: 'email' } }).catch((e) => e);
	expect(calls).toHaveLength(1);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/did not answer within 60 s/);
	expect(error.description).toMatch(/check in Finout before re-running/);
});

test('a timed-out read is retried like a dropped connection', async () => {
	const timeout = Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' });
	const { ctx, calls } = contextWith([timeout, { statusCode: 200, body: { data: [] } }]);
	await expect(finoutRequest(ctx, 'listViews')).resolves.toEqual({ data: [] });
	expect(calls).toHaveLength(2);
});

test('an extra signal stops a request waiting for the gate, and the gate keeps no permit for it', async () => {
	const clientId = 'signal-client';
	let answer: (value: unknown) => void = () => {};
	const holding = contextWith([], clientId);
	(holding.ctx.helpers.httpRequestWithAuthentication as jest.Mock).mockImplementation(
		() => new Promise((resolve) => (answer = resolve)),
	);
	(holding.ctx.getCredentials as jest.Mock).mockResolvedValue({ clientId, secretKey: SECRET, baseUrl: 'https://finout.example', maxConcurrentRequests: 1 });
	const first = finoutRequest(holding.ctx, 'listViews');
	await new Promise((resolve) => setImmediate(resolve));
	const controller = new AbortController();
	const second = finoutRequest(holding.ctx, 'listViews', { signal: controller.signal }).catch((e) => e);
	await new Promise((resolve) => setImmediate(resolve));
	controller.abort();
	expect((await second).name).toBe('ExecutionCancelledError');
	answer({ statusCode: 200, headers: {}, body: {} });
	await first;
	expect(snapshotGates().every((gate) => gate.active === 0 && gate.waiting === 0)).toBe(true);
});

test('the extra signal reaches the HTTP call so an in-flight request stops too', async () => {
	const { ctx, calls } = contextWith([{ statusCode: 200, body: {} }]);
	const controller = new AbortController();
	await finoutRequest(ctx, 'listViews', { signal: controller.signal });
	expect(calls[0].options.abortSignal).toBeInstanceOf(AbortSignal);
	expect(calls[0].options.abortSignal.aborted).toBe(false);
});

test('a 2xx whose body is not JSON is an unexpected-response error, not a success', async () => {
	const { ctx } = contextWith([
		{ statusCode: 200, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } },
	]);
	const error = await finoutRequest(ctx, 'listViews').catch((e) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/unexpected response \(GET \/v1\/view, HTTP 200, text\/html\): a JSON body was missing/);
});

test('a 204 without a body is still a success', async () => {
	const { ctx } = contextWith([{ statusCode: 204, body: '' }]);
	await expect(finoutRequest(ctx, 'deleteVirtualTagV2', { pathParams: { id: 'vt-1' } })).resolves.toBe('');
});

test('a redirect is an error naming the status and the Location origin only', async () => {
	const { ctx, calls } = contextWith([
		{ statusCode: 302, headers: { location: 'https://elsewhere.example:8443/sso-path?next=%2F&token=abc' } },
	]);
	const error = await finoutRequest(ctx, 'listViews').catch((e) => e);
	expect(calls).toHaveLength(1);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/302/);
	expect(error.message).toContain('https://elsewhere.example:8443');
	expect(`${error.message} ${error.description}`).not.toMatch(/sso-path|token=abc/);
	expect(error.description).toMatch(/Base URL/);
});

test('an ID that is a dot segment is refused before sending, even past the operation checks', async () => {
	const { ctx, calls } = contextWith([{ statusCode: 200, body: {} }]);
	const error = await finoutRequest(ctx, 'deleteVirtualTagV2', { pathParams: { id: '%2E%2e' }, itemIndex: 3 }).catch((e) => e);
	expect(calls).toHaveLength(0);
	expect(error.name).toBe('NodeOperationError');
	expect(error.message).toMatch(/item 3/);
});
