/**
 * The Finout node in real n8n, once per supported n8n line (2.41.1 and 1.123.x), against the
 * fake Finout API:
 *   - every examples/*.json runs with `n8n execute` and outputs items of the expected shape;
 *   - three `n8n execute` processes at once stay within Finout's concurrency limit;
 *   - with `n8n start`: the credential test as the editor runs it, three workflows started at
 *     once through the REST API (one process, one shared queue), and (2.41.1 only) the editor
 *     in Chromium with screenshots.
 * n8n and Node 24 are installed by global-setup.ts into the machine cache.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CredentialJson } from '../../scripts/examples';
import { CREDENTIAL_REF, finoutCredential, finoutNodes, loadExamples, withBaseUrl } from '../../scripts/examples';
import type { ExecuteOutcome } from '../../scripts/n8n/cli';
import { nodeOutputItems, runError } from '../../scripts/n8n/execution-output';
import type { PreparedInstance } from '../../scripts/n8n/instance';
import { prepareInstance } from '../../scripts/n8n/instance';
import { startManualRun, waitForExecution } from '../../scripts/n8n/manual-runs';
import { DEMO_OWNER, ownerSession } from '../../scripts/n8n/owner';
import type { N8nRestClient } from '../../scripts/n8n/rest';
import type { N8nServer } from '../../scripts/n8n/server';
import { startN8nServer } from '../../scripts/n8n/server';
import { freePort } from '../../scripts/lib/process';
import { CANVAS_WORKFLOW_ID, canvasWorkflow } from '../../scripts/screenshots/canvas-workflow';
import { runEditorTour } from '../../scripts/screenshots/editor-tour';
import type { FakeFinout } from '../fake-finout/server';
import { SANDBOX_CREDENTIALS, startFakeFinout } from '../fake-finout/server';
import { BURST_ITEMS, BURST_NODE, burstWorkflow } from './support/burst-workflows';
import { EXAMPLE_SHAPES, expectGenericItems } from './support/example-shapes';
import { FINOUT_MAX_IN_FLIGHT, expectWellBehavedTraffic } from './support/traffic';
import { CURRENT_N8N, versionsUnderTest } from './support/versions';

const SETUP_TIMEOUT_MS = 5 * 60_000;
const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR || join(tmpdir(), 'n8n-nodes-finout-e2e');
/** Each view-list request takes this long in the burst scenarios, so the runs surely overlap. */
const BURST_LATENCY_MS = 150;
const CLI_BURST_IDS = ['FinoutE2eBurstC1', 'FinoutE2eBurstC2', 'FinoutE2eBurstC3'];
const REST_BURST_IDS = ['FinoutE2eBurstR1', 'FinoutE2eBurstR2', 'FinoutE2eBurstR3'];

const examples = loadExamples();
/**
 * `n8n execute` starts at a Manual Trigger. Examples built around another trigger (e.g. the
 * Finout Trigger, meant to be activated) cannot run that way; they are listed as skipped.
 */
const isManual = (example: (typeof examples)[number]) =>
	example.workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger');
const manualExamples = examples.filter(isManual);
const activateOnlyExamples = examples.filter((example) => !isManual(example));

function sandboxCredential(sim: FakeFinout, maxConcurrentRequests: number): CredentialJson {
	return finoutCredential({ ...SANDBOX_CREDENTIALS, baseUrl: sim.url, maxConcurrentRequests });
}

function expectSuccess(outcome: ExecuteOutcome): NonNullable<ExecuteOutcome['run']> {
	const context = `exit ${outcome.exitCode}; ${outcome.run ? runError(outcome.run) ?? '' : 'no run JSON'}\n${outcome.output.slice(-3000)}`;
	if (outcome.exitCode !== 0 || outcome.run?.status !== 'success') throw new Error(`n8n execute failed: ${context}`);
	return outcome.run;
}

describe.each(versionsUnderTest())('n8n %s', (version) => {
	let sim: FakeFinout;
	let instance: PreparedInstance;
	let root: string;

	beforeAll(async () => {
		sim = await startFakeFinout({ latencyMs: 20, jitterMs: 5 });
		root = mkdtempSync(join(tmpdir(), `n8n-finout-e2e-${version}-`));
		instance = await prepareInstance({
			n8nVersion: version,
			root,
			fresh: true,
			linkMode: 'copy',
			credentials: [sandboxCredential(sim, 5)],
			workflows: [
				...examples.map((example) => withBaseUrl(example.workflow, sim.url)),
				...[...CLI_BURST_IDS, ...REST_BURST_IDS].map((id) => burstWorkflow(id, CREDENTIAL_REF)),
				canvasWorkflow(),
			],
			scope: `e2e ${version}`,
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await sim?.close();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	describe('examples/*.json with `n8n execute`', () => {
		test.each(manualExamples.map((example) => [example.file, example] as const))('%s', async (file, example) => {
			sim.reset();

			const run = expectSuccess(await instance.cli.execute(example.workflow.id));

			const runData = run.data?.resultData?.runData ?? {};
			const ranFinoutNodes = finoutNodes(example.workflow).filter((node) => runData[node.name]);
			expect(ranFinoutNodes.length).toBeGreaterThan(0);
			for (const node of ranFinoutNodes) {
				expect(runData[node.name].every((nodeRun) => nodeRun.executionStatus !== 'error')).toBe(true);
				const items = nodeOutputItems(run, node.name);
				expectGenericItems(items);
				EXAMPLE_SHAPES[file]?.(items);
			}
			expectWellBehavedTraffic(sim);
		});

		for (const example of activateOnlyExamples) {
			test.skip(`${example.file} (no Manual Trigger: meant to be activated, not run by \`n8n execute\`)`, () => undefined);
		}
	});

	test('three `n8n execute` processes at once: no 429, at most 5 in flight', async () => {
		// The request queue lives inside one n8n process; three processes cannot see each
		// other's queues. That is why the credential documents lowering Max Concurrent Requests
		// when several processes share a key: with 1 each, 3 processes send at most 3 ≤ 5.
		await instance.cli.importCredentials([sandboxCredential(sim, 1)]);
		sim.reset();
		sim.setLatency(BURST_LATENCY_MS, 20);
		try {
			const outcomes = await Promise.all(CLI_BURST_IDS.map((id) => instance.cli.execute(id)));
			for (const outcome of outcomes) {
				const run = expectSuccess(outcome);
				expect(nodeOutputItems(run, BURST_NODE).length).toBeGreaterThanOrEqual(BURST_ITEMS);
			}
			const traffic = expectWellBehavedTraffic(sim);
			process.stderr.write(`[e2e ${version}] 3 processes × maxConcurrentRequests 1: ${JSON.stringify(traffic)}\n`);
			expect(traffic.requests).toBe(3 * BURST_ITEMS);
			expect(traffic.maxInFlight).toBeLessThanOrEqual(CLI_BURST_IDS.length);
			// The processes really overlapped (otherwise this scenario would prove nothing).
			expect(traffic.maxInFlight).toBeGreaterThanOrEqual(2);
		} finally {
			sim.setLatency(20, 5);
			await instance.cli.importCredentials([sandboxCredential(sim, 5)]);
		}
	});

	describe('with `n8n start`', () => {
		let server: N8nServer;
		let client: N8nRestClient;

		beforeAll(async () => {
			mkdirSync(ARTIFACTS_DIR, { recursive: true });
			server = await startN8nServer(instance.home, {
				port: await freePort(),
				logFile: join(ARTIFACTS_DIR, `n8n-start-${version}.log`),
				secrets: [SANDBOX_CREDENTIALS.secretKey],
			});
			({ client } = await ownerSession(server.url));
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			await server?.stop();
		});

		test('credential test as the editor runs it: OK with good keys, an API Tokens hint with bad ones', async () => {
			const base = { id: CREDENTIAL_REF.id, name: CREDENTIAL_REF.name, type: 'finoutApi' };
			const good = { ...SANDBOX_CREDENTIALS, baseUrl: sim.url, maxConcurrentRequests: 5 };
			sim.reset();

			await expect(client.testCredential({ ...base, data: good })).resolves.toMatchObject({ status: 'OK' });
			const rejected = await client.testCredential({
				...base,
				data: { ...good, clientId: 'revoked-client', secretKey: 'revoked-secret-0000' },
			});
			expect(rejected.status).toBe('Error');
			// n8n 2.x applies the credential's 401 rule (our hint); n8n 1.x loses the HTTP
			// response on the way (its credential tester finds no error.cause.response) and
			// shows its generic 401 text instead.
			expect(rejected.message).toMatch(version === CURRENT_N8N ? /API Tokens/ : /Authorization failed|API Tokens/);
			// One test request for the good keys, then only rejected ones (n8n may try twice).
			const statuses = sim.requests.map((r) => r.status);
			expect(statuses[0]).toBe(200);
			expect(statuses.slice(1).length).toBeGreaterThan(0);
			expect(statuses.slice(1).every((status) => status === 401)).toBe(true);
			expect(sim.requests.every((r) => r.headersSeen.clientId && r.headersSeen.secretKey)).toBe(true);
		});

		test('three workflows started at once through REST share one queue: no 429, at most 5 in flight', async () => {
			// One process, one queue per key: three concurrent runs of 30 items each, with the
			// credential's default of 5, must together stay at 5 in flight.
			sim.reset();
			sim.setLatency(BURST_LATENCY_MS, 20);
			try {
				const executionIds = await Promise.all(REST_BURST_IDS.map((id) => startManualRun(client, id)));
				const executions = await Promise.all(executionIds.map((id) => waitForExecution(client, id)));
				expect(executions.map((execution) => execution.status)).toEqual(['success', 'success', 'success']);
				const traffic = expectWellBehavedTraffic(sim);
				process.stderr.write(`[e2e ${version}] 3 REST runs in one process: ${JSON.stringify(traffic)}\n`);
				expect(traffic.requests).toBe(3 * BURST_ITEMS);
				// Saturated, so the queue (not luck) kept it at the limit.
				expect(traffic.maxInFlight).toBe(FINOUT_MAX_IN_FLIGHT);
			} finally {
				sim.setLatency(20, 5);
			}
		});

		(version === CURRENT_N8N ? test : test.skip)('editor in Chromium: nodes panel, parameters, output, credential dialog', async () => {
			sim.reset();
			const findings = await runEditorTour({
				baseUrl: server.url,
				email: DEMO_OWNER.email,
				password: DEMO_OWNER.password,
				workflowId: CANVAS_WORKFLOW_ID,
				credentialName: CREDENTIAL_REF.name,
				outDir: join(ARTIFACTS_DIR, `screenshots-${version}`),
				failureScreenshot: join(ARTIFACTS_DIR, `editor-failure-${version}.png`),
			});
			process.stderr.write(`[e2e ${version}] screenshots: ${Object.values(findings.screenshots).join(', ')}\n`);

			expect(findings.searchResults).toContain('Finout');
			expect(findings.iconSrc).toMatch(/finout(\.dark)?\.svg$/);
			expect(findings.actions).toEqual(expect.arrayContaining(['Get many views', 'Query costs by view']));
			expect(findings.outputText).toContain('AWS by Service');
			expect(findings.credentialLabels).toEqual(['Client ID', 'Secret Key', 'Base URL', 'Max Concurrent Requests']);
			expect(findings.credentialNotice).toMatch(/API Tokens/);
			expect(findings.tooltip.length).toBeGreaterThan(20);
			expectWellBehavedTraffic(sim);
		});
	});
});
