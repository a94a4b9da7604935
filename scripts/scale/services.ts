/**
 * What n8n's queue mode needs around it on this machine: Debian's Redis and PostgreSQL (installed
 * with apt-get when missing), and helpers to run long-lived processes in their own process group
 * so that each one can be stopped by its PID with everything it spawned.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { run, runOrThrow } from '../lib/process';

export interface Service {
	name: string;
	pid: number;
	child: ChildProcess;
	exited: Promise<void>;
}

/** Installs Debian packages that are missing (redis-server, postgresql). */
export async function ensureDebianPackages(packages: string[], log: (line: string) => void): Promise<void> {
	const missing: string[] = [];
	for (const name of packages) {
		const status = await run('dpkg-query', ['-W', '-f=${Status}', name]);
		if (!status.stdout.includes('install ok installed')) missing.push(name);
	}
	if (missing.length === 0) return;
	log(`installing ${missing.join(', ')} with apt-get …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runOrThrow('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, timeoutMs: 600_000 });
}

/** Spawns a command in its own process group, its output appended to `logFile`. */
export function startService(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Service {
	const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = createWriteStream(logFile, { flags: 'a' });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	if (child.pid === undefined) throw new Error(`${name} did not start`);
	return { name, pid: child.pid, child, exited };
}

/** SIGTERM to the service's process group, SIGKILL after `graceMs`. */
export async function stopService(service: Service, graceMs = 15_000): Promise<void> {
	if (service.child.exitCode !== null || service.child.signalCode !== null) {
		signalGroup(service.pid, 'SIGKILL');
		return;
	}
	signalGroup(service.pid, 'SIGTERM');
	const graceful = await Promise.race([service.exited.then(() => true), sleep(graceMs, false, { ref: false })]);
	if (!graceful) signalGroup(service.pid, 'SIGKILL');
	await service.exited;
	signalGroup(service.pid, 'SIGKILL');
}

export function killService(service: Service): void {
	signalGroup(service.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

export async function startRedis(port: number, logFile: string): Promise<Service> {
	const redis = startService('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env, logFile);
	for (let attempt = 0; attempt < 50; attempt++) {
		const ping = await run('redis-cli', ['-p', String(port), 'ping']);
		if (ping.stdout.trim() === 'PONG') return redis;
		await sleep(100);
	}
	await stopService(redis);
	throw new Error(`redis-server did not answer on port ${port}`);
}

/** Debian's cluster: started if it was down (and then stopped by `stop`), one database per run. */
export interface Postgres {
	database: string;
	port: number;
	stop(): Promise<void>;
	sql(query: string): Promise<string>;
}

export async function startPostgres(database: string, log: (line: string) => void): Promise<Postgres> {
	const clusters = await runOrThrow('pg_lsclusters', ['--no-header']);
	const line = clusters.stdout.split('\n').find((row) => row.trim() !== '');
	if (!line) throw new Error('pg_lsclusters lists no PostgreSQL cluster');
	const [version, cluster, port, status] = line.trim().split(/\s+/);
	const startedHere = status !== 'online';
	if (startedHere) {
		log(`starting PostgreSQL ${version}/${cluster} …`);
		await runOrThrow('pg_ctlcluster', [version, cluster, 'start']);
	}
	const psql = (query: string, db = 'postgres') =>
		runOrThrow('runuser', ['-u', 'postgres', '--', 'psql', '-p', port, '-d', db, '-v', 'ON_ERROR_STOP=1', '-tAc', query]);
	await psql(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'n8n_scale') THEN CREATE ROLE n8n_scale LOGIN PASSWORD 'n8n_scale'; END IF; END $$;`);
	await psql(`DROP DATABASE IF EXISTS ${database}`);
	await psql(`CREATE DATABASE ${database} OWNER n8n_scale`);
	return {
		database,
		port: Number(port),
		sql: async (query) => (await psql(query, database)).stdout.trim(),
		stop: async () => {
			await psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error: Error) => log(`could not drop ${database}: ${error.message}`));
			if (startedHere) await runOrThrow('pg_ctlcluster', [version, cluster, 'stop']);
		},
	};
}
