/**
 * `npm run demo:screenshots`: regenerates docs/img/*.png from a real n8n 2.41.1 editor in
 * headless Chromium, against the Finout sandbox. Self-contained: its own sandbox, a throw-away
 * n8n user folder and free ports, so it can run next to `npm start`.
 *
 * Needs /usr/bin/chromium (Debian: apt-get install -y chromium fonts-liberation).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { PACKAGE_ROOT, finoutCredential } from './examples';
import { say, seconds, timed } from './lib/log';
import { freePort, runOrThrow } from './lib/process';
import { prepareInstance } from './n8n/instance';
import { DEMO_OWNER, ownerSession } from './n8n/owner';
import { startN8nServer } from './n8n/server';
import { N8N_VERSIONS } from './runtime';
import { CANVAS_WORKFLOW_ID, canvasWorkflow } from './screenshots/canvas-workflow';
import type { TourFindings } from './screenshots/editor-tour';
import { runEditorTour } from './screenshots/editor-tour';
import { runFirstUseTour } from './screenshots/first-use-tour';
import { SANDBOX_CREDENTIALS, startFakeFinout } from '../test/fake-finout/server';

const SCOPE = 'screenshots';

export interface ScreenshotRunOptions {
	n8nVersion: string;
	outDir: string;
	/** Skip `npm run build` (the e2e tests build once up front). */
	skipBuild?: boolean;
}

/** Sandbox + n8n + editor tour, everything stopped and removed afterwards. */
export async function captureScreenshots(options: ScreenshotRunOptions): Promise<TourFindings> {
	if (!options.skipBuild) {
		await timed(SCOPE, 'npm run build', () => runOrThrow('npm', ['run', 'build'], { cwd: PACKAGE_ROOT }));
	}
	const sandbox = await startFakeFinout({ latencyMs: 50, jitterMs: 20 });
	const root = mkdtempSync(join(tmpdir(), 'n8n-finout-screenshots-'));
	try {
		const credential = finoutCredential({ ...SANDBOX_CREDENTIALS, baseUrl: sandbox.url, maxConcurrentRequests: 5 });
		const { home } = await prepareInstance({
			n8nVersion: options.n8nVersion,
			root,
			fresh: true,
			linkMode: 'copy',
			credentials: [credential],
			workflows: [canvasWorkflow()],
			scope: SCOPE,
		});
		const server = await timed(SCOPE, 'n8n start', async () =>
			startN8nServer(home, { port: await freePort(), secrets: [credential.data.secretKey] }),
		);
		try {
			await ownerSession(server.url);
			const findings = await timed(SCOPE, 'editor tour in Chromium', () =>
				runEditorTour({
					baseUrl: server.url,
					email: DEMO_OWNER.email,
					password: DEMO_OWNER.password,
					workflowId: CANVAS_WORKFLOW_ID,
					credentialName: credential.name,
					outDir: options.outDir,
				}),
			);
			// The pickers, the filter builder and the trigger form, from a brand-new workflow; the
			// README shows these three of its screenshots.
			const firstUse = await timed(SCOPE, 'first-use tour in Chromium', () =>
				runFirstUseTour({ baseUrl: server.url, email: DEMO_OWNER.email, password: DEMO_OWNER.password, outDir: join(root, 'first-use') }),
			);
			for (const name of ['pickers', 'builder', 'trigger'] as const) {
				copyFileSync(firstUse.screenshots[name], join(options.outDir, basename(firstUse.screenshots[name])));
			}
			return findings;
		} finally {
			await server.stop();
		}
	} finally {
		await sandbox.close();
		rmSync(root, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const outDir = join(PACKAGE_ROOT, 'docs', 'img');
	const findings = await captureScreenshots({ n8nVersion: N8N_VERSIONS.current, outDir });
	say(SCOPE, `icon: ${findings.iconSrc}`);
	say(SCOPE, `actions: ${findings.actions.length} (${findings.actions.slice(0, 4).join(', ')}, …)`);
	say(SCOPE, `credential fields: ${findings.credentialLabels.join(', ')}`);
	for (const file of Object.values(findings.screenshots)) say(SCOPE, `wrote ${file}`);
	say(SCOPE, `done in ${seconds(started)}`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.stack ?? error.message : error);
		process.exit(1);
	});
}
