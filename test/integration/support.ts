import type { INodeParameters } from 'n8n-workflow';

import type { FakeFinout, FakeFinoutOptions } from '../fake-finout/server';
import { startFakeFinout } from '../fake-finout/server';
import { SANDBOX_CREDENTIALS } from '../fake-finout/seed';
import type { FinoutCredentialData, FinoutRunResult, RunFinoutOptions } from '../harness/engine';
import { runFinoutWorkflow } from '../harness/engine';
import { fakeClockOnly } from '../harness/poll';

/**
 * Starts a fresh simulator for each test file and hands out credentials pointing at it.
 * Each file gets its own server port, so the process-wide queue (keyed by base URL + client ID)
 * never mixes two files' requests.
 */
export function useFakeFinout(options: FakeFinoutOptions = {}) {
	const context: { server: FakeFinout } = {} as { server: FakeFinout };
	beforeAll(async () => {
		context.server = await startFakeFinout(options);
	});
	afterAll(async () => {
		await context.server?.close();
	});
	beforeEach(() => {
		context.server.reset();
		context.server.resetData();
		context.server.setFaults(null);
	});
	return context;
}

/**
 * A trigger test file's setup: only Date is faked (fakeClockOnly), the simulator's "now" follows
 * it, and real timers come back after the file. With `startAt`, each test starts at that time.
 */
export function useTriggerSimulator(options: FakeFinoutOptions & { startAt?: number } = {}) {
	const { startAt, ...simulatorOptions } = options;
	fakeClockOnly();
	const sim = useFakeFinout({ now: () => Date.now(), ...simulatorOptions });
	afterAll(() => {
		jest.useRealTimers();
	});
	if (startAt !== undefined) {
		beforeEach(() => {
			jest.setSystemTime(startAt);
		});
	}
	return sim;
}

export function credentialsFor(
	server: FakeFinout,
	overrides: Partial<FinoutCredentialData> = {},
): FinoutCredentialData {
	return {
		clientId: SANDBOX_CREDENTIALS.clientId,
		secretKey: SANDBOX_CREDENTIALS.secretKey,
		baseUrl: server.url,
		maxConcurrentRequests: 5,
		...overrides,
	};
}

/** Runs one Finout node with these parameters against the simulator. */
export async function runNode(
	server: FakeFinout,
	parameters: INodeParameters,
	options: Omit<RunFinoutOptions, 'parameters' | 'credentials'> & {
		credentials?: Partial<FinoutCredentialData>;
	} = {},
): Promise<FinoutRunResult> {
	return await runFinoutWorkflow({
		...options,
		parameters,
		credentials: credentialsFor(server, options.credentials),
	});
}

/** Fails the test with the workflow's own error text when the run did not succeed. */
export function expectSuccess(result: FinoutRunResult): void {
	if (result.status !== 'success') {
		throw new Error(`Workflow ${result.status}: ${result.error?.message} — ${result.error?.description ?? ''}`);
	}
}

export function jsonOf(result: FinoutRunResult) {
	return result.items.map((item) => item.json);
}

export const locator = (value: string) => ({ __rl: true, mode: 'id', value });
