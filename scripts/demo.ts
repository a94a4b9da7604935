/**
 * `npm start`: the Finout node in a real n8n (2.41.1) in one command.
 *
 * Builds the package, starts the Finout sandbox (the fake Finout API from test/fake-finout) unless
 * FINOUT_CLIENT_ID + FINOUT_SECRET_KEY are set (then real Finout at FINOUT_BASE_URL or
 * https://app.finout.io is used), installs n8n into the machine cache if needed, imports the
 * credential and every examples/*.json into ./.n8n-demo, starts n8n on 127.0.0.1:5678 (or
 * N8N_PORT), creates the owner login and prints the editor URL. Ctrl-C stops everything.
 *
 * Options: `npm start -- --fresh` wipes ./.n8n-demo first.
 */
import { join } from 'node:path';

import type { CredentialJson } from './examples';
import {
	CREDENTIAL_REF,
	DEFAULT_FINOUT_BASE_URL,
	PACKAGE_ROOT,
	finoutCredential,
	loadExamples,
	withCredentialRef,
} from './examples';
import { maskSecret, say, seconds, timed } from './lib/log';
import { isPortFree, preferPort, runOrThrow } from './lib/process';
import { prepareInstance } from './n8n/instance';
import { DEMO_OWNER, ownerSession } from './n8n/owner';
import type { N8nServer } from './n8n/server';
import { startN8nServer } from './n8n/server';
import { N8N_VERSIONS, cacheRoot } from './runtime';
import type { FakeFinout } from '../test/fake-finout/server';
import { SANDBOX_CREDENTIALS, startFakeFinout } from '../test/fake-finout/server';

const SCOPE = 'demo';
const DEMO_HOME = join(PACKAGE_ROOT, '.n8n-demo');
const SANDBOX_PORT = 18990;
const REAL_CREDENTIAL_REF = { id: CREDENTIAL_REF.id, name: 'Finout' };

interface FinoutTarget {
	credential: CredentialJson;
	sandbox?: FakeFinout;
	describe: string;
	/** Printed with the login; e.g. that the examples hold sandbox ids. */
	note?: string;
}

/** Real Finout when both keys are in the environment, else the in-process sandbox. */
async function startFinoutTarget(): Promise<FinoutTarget> {
	const clientId = process.env.FINOUT_CLIENT_ID;
	const secretKey = process.env.FINOUT_SECRET_KEY;
	if (clientId && secretKey) {
		const baseUrl = process.env.FINOUT_BASE_URL || DEFAULT_FINOUT_BASE_URL;
		return {
			credential: finoutCredential({ clientId, secretKey, baseUrl, maxConcurrentRequests: 5 }, REAL_CREDENTIAL_REF),
			describe: `real Finout at ${baseUrl} (client id ${clientId}, secret ${maskSecret(secretKey)})`,
			note: 'The examples find your views, scans and virtual tags by name, or take the first one.',
		};
	}
	const sandbox = await startFakeFinout({
		port: await preferPort(SANDBOX_PORT),
		latencyMs: 50,
		jitterMs: 20,
		onRequestEnd: (r) =>
			say('finout-sandbox', `${r.method} ${r.path} → ${r.status} (${r.endedAt - r.startedAt} ms, ${r.clientId ?? 'no client id'})`),
	});
	return {
		sandbox,
		credential: finoutCredential({ ...SANDBOX_CREDENTIALS, baseUrl: sandbox.url, maxConcurrentRequests: 5 }),
		describe: `Finout sandbox at ${sandbox.url} (client id ${SANDBOX_CREDENTIALS.clientId})`,
	};
}

async function main(): Promise<void> {
	const started = Date.now();
	say(SCOPE, `First start takes about 7 min (installs Node 24 + n8n ${N8N_VERSIONS.current} into ${cacheRoot()}); later starts about 20–50 s, each step timed below.`);
	const fresh = process.argv.includes('--fresh');
	const n8nPort = Number(process.env.N8N_PORT || 5678);
	if (!(await isPortFree(n8nPort))) {
		say(SCOPE, `Port ${n8nPort} is already in use (another n8n or demo?). Stop it, or run with N8N_PORT=<free port>.`);
		process.exit(1);
	}

	await timed(SCOPE, 'npm run build', () => runOrThrow('npm', ['run', 'build'], { cwd: PACKAGE_ROOT }));
	const target = await startFinoutTarget();
	say(SCOPE, `Finout API: ${target.describe}`);
	let server: N8nServer | undefined;
	let stopping = false;
	const stop = async (reason: string, exitCode: number) => {
		if (stopping) return;
		stopping = true;
		say(SCOPE, `${reason}: stopping n8n and the sandbox …`);
		await server?.stop();
		await target.sandbox?.close();
		process.exit(exitCode);
	};
	process.on('SIGINT', () => void stop('SIGINT', 0));
	process.on('SIGTERM', () => void stop('SIGTERM', 0));

	try {
		const examples = loadExamples().map((example) => withCredentialRef(example.workflow, target.credential));
		// Credential and examples are re-imported on every start, so the credential follows the
		// sandbox port and the examples match the repository (edits to them are overwritten).
		const { home } = await timed(SCOPE, 'prepare the n8n user folder (package, credential, examples)', () =>
			prepareInstance({
			n8nVersion: N8N_VERSIONS.current,
			root: DEMO_HOME,
			fresh,
			linkMode: 'symlink',
			credentials: [target.credential],
			workflows: examples,
			scope: SCOPE,
			}),
		);

		const logFile = join(DEMO_HOME, 'n8n.log');
		server = await timed(SCOPE, `n8n start on 127.0.0.1:${n8nPort} (log: ${logFile})`, () =>
			startN8nServer(home, {
				port: n8nPort,
				logFile,
				secrets: [target.credential.data.secretKey],
				onSpawned: (spawned) => (server = spawned),
			}),
		);
		const { createdOwner } = await ownerSession(server.url);
		const editorUrl = `http://localhost:${n8nPort}`;
		say(SCOPE, `ready in ${seconds(started)}${createdOwner ? ' (owner account created)' : ''}`);
		process.stderr.write(
			[
				'',
				`  n8n editor:  ${editorUrl}`,
				`  login:       ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
				`  credential:  "${target.credential.name}" → ${target.describe}`,
				'  examples:',
				...examples.map((workflow) => `    ${editorUrl}/workflow/${workflow.id}  ${workflow.name}`),
				'',
				...(target.note ? [`  note:        ${target.note}`] : []),
				'  Open a workflow and click "Execute workflow". Ctrl-C stops n8n and the sandbox.',
				'',
			].join('\n'),
		);
		const code = await server.exited;
		if (!stopping) {
			say(SCOPE, `n8n exited on its own (${code}); last lines:\n${server.logTail()}`);
			await stop('n8n exited', 1);
		}
	} catch (error) {
		say(SCOPE, error instanceof Error ? error.message : String(error));
		await stop('error', 1);
	}
}

void main();
