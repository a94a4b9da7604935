/**
 * n8n 2.41.1 in queue mode: one main process (webhooks, enqueues executions) and workers that run
 * them, all on one Postgres database and one Redis, each process with its own task-broker port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

import { scrubSecrets } from '../lib/log';
import { freePort, run } from '../lib/process';
import type { N8nHome } from '../n8n/home';
import { n8nEnv } from '../n8n/home';
import type { Service } from './services';
import { startService } from './services';

const READY_TIMEOUT_MS = 180_000;

export interface QueueModeSettings {
	redisPort: number;
	postgresPort: number;
	database: string;
}

export function queueModeEnv(settings: QueueModeSettings): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(settings.postgresPort),
		DB_POSTGRESDB_DATABASE: settings.database,
		DB_POSTGRESDB_USER: 'n8n_scale',
		DB_POSTGRESDB_PASSWORD: 'n8n_scale',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(settings.redisPort),
		N8N_LOG_LEVEL: 'warn',
	};
}

/** `n8n <args>` once (imports, publish), on the queue-mode database. */
export async function n8nOnce(home: N8nHome, env: Record<string, string>, args: string[], secrets: string[]): Promise<void> {
	const result = await run(home.runtime.node.nodeBin, [home.runtime.n8nBin, ...args], { env: await n8nEnv(home, env), timeoutMs: 180_000 });
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${scrubSecrets((result.stdout + result.stderr).slice(-3000), secrets)}`);
	}
}

/** Imports a JSON array through a private temp file (it may hold credential secrets). */
export async function n8nImport(home: N8nHome, env: Record<string, string>, command: string, content: unknown, secrets: string[]): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-finout-scale-'));
	const file = join(dir, 'import.json');
	try {
		writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
		await n8nOnce(home, env, [command, `--input=${file}`], secrets);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface QueueCluster {
	mainUrl: string;
	main: Service;
	workers: Service[];
}

export async function startCluster(
	home: N8nHome,
	env: Record<string, string>,
	workerCount: number,
	logDir: string,
	track: (service: Service) => void,
): Promise<QueueCluster> {
	const port = await freePort();
	const mainEnv = await n8nEnv(home, { ...env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: 'localhost', N8N_PROTOCOL: 'http' });
	const main = startService('n8n-main', home.runtime.node.nodeBin, [home.runtime.n8nBin, 'start'], mainEnv, join(logDir, 'main.log'));
	track(main);
	const mainUrl = `http://127.0.0.1:${port}`;
	const workers: Service[] = [];
	const health: string[] = [];
	for (let index = 0; index < workerCount; index++) {
		const healthPort = await freePort();
		const workerEnv = await n8nEnv(home, { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) });
		const worker = startService(`n8n-worker-${index + 1}`, home.runtime.node.nodeBin, [home.runtime.n8nBin, 'worker', '--concurrency=10'], workerEnv, join(logDir, `worker-${index + 1}.log`));
		track(worker);
		workers.push(worker);
		health.push(`http://127.0.0.1:${healthPort}/healthz/readiness`);
	}
	await waitFor(`${mainUrl}/healthz/readiness`, main);
	for (const [index, url] of health.entries()) await waitFor(url, workers[index]);
	return { mainUrl, main, workers };
}

async function waitFor(url: string, service: Service): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (service.child.exitCode !== null || service.child.signalCode !== null) throw new Error(`${service.name} exited before it was ready`);
		try {
			const response = await request(url, { headersTimeout: 2_000 });
			await response.body.dump();
			if (response.statusCode === 200) return;
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	throw new Error(`${service.name} was not ready at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}
