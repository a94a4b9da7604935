import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { SANDBOX_CREDENTIALS } from '../fake-finout/seed';
import type { FinoutCredentialData } from '../harness/engine';
import { runFinoutWorkflow } from '../harness/engine';
import { snapshotGates } from '../../nodes/Finout/transport/gate';

/** Accepts every connection, reads the request, and never answers. */
let server: Server;
let baseUrl: string;
const sockets = new Set<Socket>();
let requestsSeen: string[] = [];

beforeAll(async () => {
	server = createServer((socket) => {
		sockets.add(socket);
		socket.on('data', (chunk) => {
			const firstLine = chunk.toString('latin1').split('\r\n')[0];
			if (/^[A-Z]+ \//.test(firstLine)) requestsSeen.push(firstLine.split(' ').slice(0, 2).join(' '));
		});
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	requestsSeen = [];
});

const credentials = (): FinoutCredentialData => ({
	clientId: `${SANDBOX_CREDENTIALS.clientId}-hung`,
	secretKey: SANDBOX_CREDENTIALS.secretKey,
	baseUrl,
	maxConcurrentRequests: 5,
});

const activeEverywhere = () => snapshotGates().reduce((sum, gate) => sum + gate.active + gate.waiting, 0);

test('a read that gets no answer times out per attempt, is retried a bounded number of times, and frees its permit', async () => {
	const result = await runFinoutWorkflow({
		parameters: {
			resource: 'view',
			operation: 'getAll',
			returnAll: true,
			rateLimitHandling: { timeoutSeconds: 0.3, maxRetries: 2 },
		},
		credentials: credentials(),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/did not answer within 0.3 s/);
	expect(requestsSeen).toEqual(['GET /v1/view', 'GET /v1/view', 'GET /v1/view']);
	expect(activeEverywhere()).toBe(0);
});

test('a create that gets no answer is sent once, and the error says to check Finout before re-running', async () => {
	const result = await runFinoutWorkflow({
		parameters: {
			resource: 'notificationEndpoint',
			operation: 'create',
			endpointType: 'email',
			name: 'FinOps',
			to: 'finops@example.com',
			rateLimitHandling: { timeoutSeconds: 0.3, maxRetries: 0 },
		},
		credentials: credentials(),
	});
	expect(result.status).toBe('error');
	expect(requestsSeen.filter((line) => line.startsWith('POST'))).toEqual(['POST /v1/endpoints']);
	expect(`${result.error?.message} ${result.error?.description}`).toMatch(/check in Finout before re-running/);
	expect(activeEverywhere()).toBe(0);
});

test('attempt time counts in the total wait bound: many retries allowed, few attempts made', async () => {
	const result = await runFinoutWorkflow({
		parameters: {
			resource: 'view',
			operation: 'getAll',
			returnAll: true,
			rateLimitHandling: { timeoutSeconds: 0.25, maxRetries: 20, maxTotalWaitSeconds: 1 },
		},
		credentials: credentials(),
	});
	expect(result.status).toBe('error');
	// Each attempt lasts at least 0.25 s, so at most 1 s / 0.25 s + the first one fit in the bound.
	expect(requestsSeen.length).toBeGreaterThanOrEqual(2);
	expect(requestsSeen.length).toBeLessThanOrEqual(5);
	expect(activeEverywhere()).toBe(0);
});
