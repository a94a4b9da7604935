/** Child-process and port helpers shared by the runtime installer, the demo and the e2e tests. */
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Append stdout+stderr to this file (install logs are long; keep them out of the terminal). */
	logFile?: string;
	timeoutMs?: number;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] };
		const child = spawn(command, args, spawnOptions);
		const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		log?.write(`\n$ ${command} ${args.join(' ')}\n`);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			log?.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			log?.write(chunk);
		});
		const timer = options.timeoutMs
			? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			log?.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			log?.end();
			resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
		});
	});
}

/** Like run(), but throws with the tail of the output when the command fails. */
export async function runOrThrow(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = (result.stdout + result.stderr).split('\n').slice(-30).join('\n');
		const where = options.logFile ? ` (full log: ${options.logFile})` : '';
		throw new Error(`${command} ${args.join(' ')} exited with ${result.code}${where}\n${tail}`);
	}
	return result;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('Could not determine a free port'));
			});
		});
	});
}

export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Returns `preferred` when it is free on 127.0.0.1, else any free port. */
export async function preferPort(preferred: number): Promise<number> {
	return (await isPortFree(preferred)) ? preferred : await freePort();
}

/**
 * npm settings passed down from the caller that a nested npm may keep: where the registry and
 * its credentials are, proxies and certificates, where the cache and config files live.
 */
const KEEP_NPM_SETTING = /^npm_config_(.*registry.*|.*_auth.*|cache|proxy|https_proxy|noproxy|cafile|ca|strict_ssl|userconfig|globalconfig)$/i;

/**
 * The caller's environment without what `npm run`/`npx` inject: npm exports the project's
 * config as npm_config_* (here ignore_scripts=true, local_prefix=<clone>, loglevel=silent for
 * `npm run -s`), which would make a nested `npm install` skip the sqlite3 build, install into the
 * clone or hide its errors. Registry/proxy/cache settings are kept (see KEEP_NPM_SETTING).
 * NODE_OPTIONS is dropped so loaders of the calling tool (tsx, jest) never reach n8n, and so is
 * jest's NODE_ENV=test, under which n8n silences its logger (and with it `n8n execute`'s result).
 */
export function cleanEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(base)) {
		if (/^npm_/i.test(key) && !KEEP_NPM_SETTING.test(key)) continue;
		if (/^JEST_/i.test(key) || ['NODE_OPTIONS', 'NODE_ENV', 'INIT_CWD'].includes(key)) continue;
		env[key] = value;
	}
	return env;
}
