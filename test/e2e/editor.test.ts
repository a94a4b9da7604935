/**
 * Issue 13's five flows in the real n8n 2.41.1 editor (Debian Chromium through playwright-core),
 * from a brand-new workflow, as a first-time FinOps user meets the node: see
 * scripts/screenshots/first-use-tour.ts for the walk itself.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { finoutCredential } from '../../scripts/examples';
import { freePort } from '../../scripts/lib/process';
import { prepareInstance } from '../../scripts/n8n/instance';
import { DEMO_OWNER, ownerSession } from '../../scripts/n8n/owner';
import type { N8nServer } from '../../scripts/n8n/server';
import { startN8nServer } from '../../scripts/n8n/server';
import { CHROMIUM_PATH } from '../../scripts/screenshots/browser';
import { runFirstUseTour } from '../../scripts/screenshots/first-use-tour';
import type { FakeFinout } from '../fake-finout/server';
import { SANDBOX_CREDENTIALS, startFakeFinout } from '../fake-finout/server';
import { CURRENT_N8N } from './support/versions';

const SETUP_TIMEOUT_MS = 5 * 60_000;
const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR || join(tmpdir(), 'n8n-nodes-finout-e2e');
const DAY_MS = 86_400_000;

(existsSync(CHROMIUM_PATH) ? describe : describe.skip)(`editor, first use (n8n ${CURRENT_N8N})`, () => {
	let sim: FakeFinout;
	let root: string;
	let server: N8nServer;

	beforeAll(async () => {
		sim = await startFakeFinout({ latencyMs: 20, jitterMs: 5, queryQueuedMs: 100, queryRunningMs: 100, idSalt: 'e2e-editor' });
		root = mkdtempSync(join(tmpdir(), 'n8n-finout-editor-'));
		mkdirSync(ARTIFACTS_DIR, { recursive: true });
		const instance = await prepareInstance({
			n8nVersion: CURRENT_N8N,
			root,
			fresh: true,
			linkMode: 'tarball',
			credentials: [finoutCredential({ ...SANDBOX_CREDENTIALS, baseUrl: sim.url, maxConcurrentRequests: 5 })],
			workflows: [],
			scope: 'e2e editor',
		});
		server = await startN8nServer(instance.home, {
			port: await freePort(),
			logFile: join(ARTIFACTS_DIR, 'n8n-start-editor.log'),
			secrets: [SANDBOX_CREDENTIALS.secretKey],
		});
		await ownerSession(server.url);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	test('panel search, pickers, empty filter, builder filter and Yesterday, as a user sees them', async () => {
		const findings = await runFirstUseTour({
			baseUrl: server.url,
			email: DEMO_OWNER.email,
			password: DEMO_OWNER.password,
			outDir: join(ARTIFACTS_DIR, 'screenshots-first-use'),
			failureScreenshot: join(ARTIFACTS_DIR, 'editor-first-use-failure.png'),
		});
		process.stderr.write(`[e2e editor] screenshots: ${Object.values(findings.screenshots).join(', ')}\n`);

		// 1. The nodes panel finds the node by FinOps words and describes what the action node does.
		for (const term of ['finops', 'virtual tag'] as const) {
			expect(findings.search[term].names).toContain('Finout');
			expect(findings.search[term].descriptions.join(' ')).toMatch(/Query cloud costs/);
			expect(findings.search[term].descriptions.join(' ')).not.toMatch(/^Starts the workflow/);
		}
		// 2. A brand-new workflow's first Finout node loads cost centers and keys, without errors.
		expect(findings.costCenters).toEqual(expect.arrayContaining(['AWS', 'GCP', 'Kubernetes']));
		expect(findings.keys).toEqual(expect.arrayContaining(['Regions (region) · Billing Dimension', 'Service (service) · Billing Dimension']));
		expect(findings.pickerErrors).toEqual([]);
		// 3. An empty filter shows no error.
		expect(findings.emptyFilterErrors).toEqual([]);
		// 4 + 5. Yesterday, by region, filtered to us-east-1 with the builder: one day, one region.
		const yesterday = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
		expect(findings.outputItems).toBe(1);
		expect(findings.outputText).toContain('us-east-1');
		expect(findings.outputText).toContain(yesterday);
		expect(findings.outputText).not.toMatch(/eu-west-1|us-west-2|ap-/);
		// The trigger form says how often to poll daily data.
		expect(findings.triggerNotice).toMatch(/Every Hour/);
	});
});
