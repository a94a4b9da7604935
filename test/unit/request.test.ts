import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { finoutRequest } from '../../nodes/Finout/transport/request';

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
	const calls: Array<{ method?: string; url: string; body?: unknown }> = [];
	const httpRequestWithAuthentication = jest.fn(async (_type: string, options: any) => {
		calls.push({ method: options.method, url: options.url, body: options.body });
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
