/** `n8n start` for one home: spawn, wait until ready, stop (with its task-runner children). */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

import { scrubSecrets } from '../lib/log';
import type { N8nHome } from './home';
import { n8nEnv } from './home';

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;

export interface N8nServer {
	/** Base URL on 127.0.0.1, for REST calls and the browser. */
	url: string;
	port: number;
	/** Resolves with the exit code (or signal name) when n8n exits, for whatever reason. */
	exited: Promise<number | string>;
	/** The last lines n8n printed (masked), for error messages. */
	logTail(): string;
	stop(): Promise<void>;
}

export interface StartOptions {
	port: number;
	/** Also append n8n's output here. */
	logFile?: string;
	secrets?: string[];
	/**
	 * Called as soon as the process exists, before it is ready, so a caller interrupted while
	 * waiting (Ctrl-C in the demo) can still stop it: it runs in its own process group.
	 */
	onSpawned?: (server: N8nServer) => void;
}

export async function startN8nServer(home: N8nHome, options: StartOptions): Promise<N8nServer> {
	const env = await n8nEnv(home, {
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
	});
	// detached: own process group, so stop() reaches the task runner n8n spawns as well.
	const child = spawn(home.runtime.node.nodeBin, [home.runtime.n8nBin, 'start'], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const url = `http://127.0.0.1:${options.port}`;
	const tail: string[] = [];
	const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
	const onOutput = (chunk: Buffer) => {
		const text = scrubSecrets(chunk.toString(), options.secrets ?? []);
		tail.push(...text.split('\n').filter(Boolean));
		tail.splice(0, Math.max(0, tail.length - 60));
		log?.write(text);
	};
	child.stdout?.on('data', onOutput);
	child.stderr?.on('data', onOutput);

	const exited = new Promise<number | string>((resolve) =>
		child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
	);
	const server: N8nServer = {
		url,
		port: options.port,
		exited,
		logTail: () => tail.join('\n'),
		stop: () => stopProcessGroup(child).finally(() => log?.end()),
	};
	options.onSpawned?.(server);
	try {
		await waitForReadiness(url, child);
	} catch (error) {
		await server.stop();
		throw new Error(`${(error as Error).message}\n--- n8n output (last lines) ---\n${server.logTail()}`);
	}
	return server;
}

/**
 * Ready means /healthz/readiness is 200 AND the REST API answers: n8n 1.x reports ready before
 * it has registered its /rest routes (they 404 for a few seconds), 2.x only once they exist.
 */
async function waitForReadiness(url: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n start exited early (code ${child.exitCode ?? child.signalCode})`);
		}
		if ((await statusOf(`${url}/healthz/readiness`)) === 200 && (await statusOf(`${url}/rest/settings`)) === 200) {
			return;
		}
		await sleep(500);
	}
	throw new Error(`n8n did not become ready at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

async function statusOf(url: string): Promise<number | undefined> {
	try {
		const response = await request(url, { headersTimeout: 2_000 });
		await response.body.dump();
		return response.statusCode;
	} catch {
		return undefined; // not listening yet
	}
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child.pid, 'SIGTERM');
	// An unref'd timer: waiting for the grace period must not keep the caller (jest) alive.
	const graceful = await Promise.race([
		exited.then(() => true),
		sleep(STOP_GRACE_MS, false, { ref: false }),
	]);
	if (!graceful) {
		signalGroup(child.pid, 'SIGKILL');
		await exited;
	}
	// The task runner may outlive its parent by a moment; make sure the group is gone.
	signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}
