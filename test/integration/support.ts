import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeFinout, FakeFinoutOptions } from '../fake-finout/server';
import { startFakeFinout } from '../fake-finout/server';
import { SANDBOX_CREDENTIALS } from '../fake-finout/seed';
import type { FinoutCredentialData, FinoutRunResult, RunFinoutOptions } from '../harness/engine';
import { runFinoutWorkflow } from '../harness/engine';
import type { PollHarness } from '../harness/poll';
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

/** One poll that must succeed: its items, or the poll's own error text as the test failure. */
export async function pollOk(trigger: PollHarness, mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[]> {
	const outcome = await trigger.poll(mode);
	if (outcome.error) throw new Error(`poll failed: ${outcome.error.message} — ${outcome.error.description ?? ''}`);
	return outcome.items ?? [];
}

/** A request to the simulator as the sandbox key, as another Finout user would change things. */
export async function sandboxRequest(server: FakeFinout, method: string, path: string, body?: unknown): Promise<{ status: number; body: IDataObject }> {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			'content-type': 'application/json',
			'x-finout-client-id': SANDBOX_CREDENTIALS.clientId,
			'x-finout-secret-key': SANDBOX_CREDENTIALS.secretKey,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as IDataObject };
}

/** Saves a new version of a virtual tag through the simulator's V2 route (PUT /v2/virtual-tags/{id}). */
export async function saveTagVersion(server: FakeFinout, id: string, changeDescription: string, setAsLive = true): Promise<void> {
	const current = (await sandboxRequest(server, 'GET', `/v2/virtual-tags/${id}`)).body.data as IDataObject;
	const saved = await sandboxRequest(server, 'PUT', `/v2/virtual-tags/${id}${setAsLive ? '' : '?setAsLive=false'}`, {
		name: current.name,
		rules: current.rules,
		defaultValue: current.defaultValue,
		versionMetadata: { changeDescription },
	});
	expect(saved.status).toBe(200);
}

/** Virtual Tag → Create (V1, simple mode): one rule, "production" for the prod-core AWS account. */
export function simpleTagCreate(name: string, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'virtualTag',
		operation: 'create',
		apiVersion: 'v1',
		name,
		definitionMode: 'simple',
		ruleValue: 'production',
		costCenter: 'AWS',
		key: 'aws_account_name',
		operator: 'oneOf',
		filterValue: 'prod-core',
		defaultValue: 'Untagged',
		...overrides,
	};
}
