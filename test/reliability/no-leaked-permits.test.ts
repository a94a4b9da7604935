import type { IExecuteFunctions } from 'n8n-workflow';

import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { finoutRequest } from '../harness/request';
import type { RouteId } from '../../nodes/Finout/transport/routes';

// Backoff sleeps return at once here (Dataverse-style mocked sleep), so 10,000 requests take
// seconds; the HTTP call is a fake that answers after a random number of ticks.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => {}) }));

function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const random = seededRandom(20261128);
const ticks = async (count: number) => {
	for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

type Outcome = 'ok' | '429' | '503' | 'drop' | '400';
const OUTCOMES: Outcome[] = ['ok', 'ok', 'ok', '429', '503', 'drop', '400'];

function contextFor(clientId: string, signal: AbortSignal): { ctx: IExecuteFunctions; inFlight: () => number; maxInFlight: () => number } {
	let inFlight = 0;
	let maxInFlight = 0;
	const ctx = {
		getCredentials: async () => ({ clientId, secretKey: 's', baseUrl: 'https://finout.test', maxConcurrentRequests: 5 }),
		getNode: () => ({ name: 'Finout', type: 'n8n-nodes-finout.finout', typeVersion: 1, parameters: {} }),
		getExecutionCancelSignal: () => signal,
		helpers: {
			httpRequestWithAuthentication: async () => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				try {
					await ticks(1 + Math.floor(random() * 3));
					const outcome = OUTCOMES[Math.floor(random() * OUTCOMES.length)];
					if (outcome === 'drop') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
					return { statusCode: outcome === 'ok' ? 200 : Number(outcome), headers: {}, body: {} };
				} finally {
					inFlight--;
				}
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, inFlight: () => inFlight, maxInFlight: () => maxInFlight };
}

test('10,000 requests with random failures and cancellations leave no permit behind on any key', async () => {
	const routes: RouteId[] = ['listViews', 'createEndpoint', 'queryCostByView', 'deleteVirtualTagV1'];
	const keys = ['key-a', 'key-b', 'key-c'];
	const executions = Array.from({ length: 100 }, (_, index) => {
		const controller = new AbortController();
		return { controller, ...contextFor(keys[index % keys.length], controller.signal) };
	});
	const settled = { ok: 0, failed: 0, cancelled: 0 };
	const requests = Array.from({ length: 10_000 }, (_, index) => {
		const execution = executions[index % executions.length];
		return finoutRequest(execution.ctx, routes[index % routes.length], {
			pathParams: { id: `vt-${index}` },
			retry: { maxRetries: 2 },
		}).then(
			() => settled.ok++,
			(error: Error) => (error.name === 'ExecutionCancelledError' ? settled.cancelled++ : settled.failed++),
		);
	});
	// Cancel a third of the executions at random moments while their requests queue or retry.
	for (const execution of executions.filter(() => random() < 1 / 3)) {
		await ticks(Math.floor(random() * 50));
		execution.controller.abort();
	}
	await Promise.all(requests);

	expect(settled.ok + settled.failed + settled.cancelled).toBe(10_000);
	expect(settled.ok).toBeGreaterThan(1000);
	expect(settled.failed).toBeGreaterThan(100);
	expect(settled.cancelled).toBeGreaterThan(100);
	for (const gate of snapshotGates()) expect(gate).toMatchObject({ active: 0, waiting: 0 });
	expect(snapshotGates()).toHaveLength(keys.length);
	for (const execution of executions) expect(execution.inFlight()).toBe(0);
});
