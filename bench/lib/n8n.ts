/**
 * Real n8n for the benchmarks: the pinned n8n from scripts/runtime.ts (machine cache), a bench
 * user folder, and this package compiled into a private folder (never the shared dist/, which
 * other work in the tree rebuilds), installed like an npm-installed community package.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PACKAGE_ROOT } from '../../scripts/examples';
import type { CredentialJson, WorkflowJson } from '../../scripts/examples';
import { scrubSecrets } from '../../scripts/lib/log';
import { run } from '../../scripts/lib/process';
import { N8nCli } from '../../scripts/n8n/cli';
import type { ExecuteOutcome } from '../../scripts/n8n/cli';
import type { N8nHome } from '../../scripts/n8n/home';
import { createHome, installPackage } from '../../scripts/n8n/home';
import type { N8nRuntime } from '../../scripts/runtime';
import { N8N_VERSIONS, cacheRoot, ensureN8n, node24Env } from '../../scripts/runtime';

export interface BenchN8n {
	runtime: N8nRuntime;
	home: N8nHome;
	/** "compiled" or "reused (sources unchanged)", plus tsc's complaint if it had one. */
	build: string;
}

const SOURCE_DIRS = ['nodes', 'credentials', 'icons'];
const EXECUTE_TIMEOUT_MS = 300_000;

export async function prepareN8n(log: (line: string) => void, version: string = N8N_VERSIONS.current): Promise<BenchN8n> {
	const runtime = await ensureN8n(version);
	const benchDir = join(cacheRoot(), 'bench');
	const packageDir = join(benchDir, 'package');
	const build = await buildPrivatePackage(packageDir, log);
	// One user folder per n8n version: an older n8n cannot open a database a newer one migrated.
	const homeDir = version === N8N_VERSIONS.current ? 'home' : `home-${version}`;
	const home = createHome(runtime, { root: join(benchDir, homeDir), fresh: false });
	installPackage(home, packageDir, 'copy');
	return { runtime, home, build };
}

/**
 * Compiles nodes/ and credentials/ with the project's tsconfig into `<dir>/dist`, copies the
 * icons and package.json. Skipped when the sources' hash matches the last build.
 */
async function buildPrivatePackage(dir: string, log: (line: string) => void): Promise<string> {
	const hash = sourceHash();
	const marker = join(dir, '.bench-build.json');
	if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { hash: string }).hash === hash) {
		return 'reused (sources unchanged since the last bench build)';
	}
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	log(`compiling the package into ${dir} …`);
	const tsc = join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', join(dir, 'dist'), '--declaration', 'false', '--sourceMap', 'false'], {
		cwd: PACKAGE_ROOT,
		timeoutMs: 300_000,
	});
	if (!existsSync(join(dir, 'dist', 'nodes', 'Finout', 'Finout.node.js'))) {
		throw new Error(`tsc produced no Finout.node.js (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	}
	cpSync(join(PACKAGE_ROOT, 'icons'), join(dir, 'dist', 'icons'), { recursive: true });
	cpSync(join(PACKAGE_ROOT, 'package.json'), join(dir, 'package.json'));
	writeFileSync(marker, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
	const complaint = result.code === 0 ? '' : ` (tsc reported type errors in files under edit; JavaScript was emitted: ${firstLine(result.stdout)})`;
	return `compiled from the working tree${complaint}`;
}

function firstLine(text: string): string {
	return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

function sourceHash(): string {
	const hash = createHash('sha256');
	const visit = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) visit(path);
			else hash.update(relative(PACKAGE_ROOT, path)).update(readFileSync(path));
		}
	};
	for (const dir of SOURCE_DIRS) visit(join(PACKAGE_ROOT, dir));
	hash.update(readFileSync(join(PACKAGE_ROOT, 'package.json')));
	hash.update(readFileSync(join(PACKAGE_ROOT, 'tsconfig.json')));
	return hash.digest('hex');
}

/** One node's last run as n8n recorded it (summarised by the reader script). */
export interface NodeTaskData {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	outputItems: number;
	/** Output items with a `json.error` (what On Error = Continue emits for a failed item). */
	errorItems: number;
	firstError?: string;
}

export interface ExecutedWorkflow {
	outcome: ExecuteOutcome;
	executionId: number;
	status: string;
	nodes: Record<string, NodeTaskData>;
}

/**
 * Runs on n8n's Node 24 with n8n's own sqlite3 and flatted: reads the newest execution of a
 * workflow from the database and prints one small JSON summary. `n8n execute` also prints the
 * run on stdout, but with thousands of items that output is megabytes of pretty JSON and arrives
 * truncated when n8n exits; the saved execution is complete.
 */
const READER = `
const sqlite3 = require('sqlite3');
const { parse } = require('flatted');
const [dbPath, workflowId, notBefore] = process.argv.slice(1);
const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY);
db.get(
  'SELECT e.id, e.status, e.startedAt, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC LIMIT 1',
  [workflowId],
  (error, row) => {
    if (error) throw error;
    if (!row) { console.log(JSON.stringify({ error: 'no execution found' })); return; }
    const runData = parse(row.data).resultData.runData;
    const nodes = {};
    for (const [name, runs] of Object.entries(runData)) {
      const task = runs[runs.length - 1];
      const items = (task.data && task.data.main && task.data.main[0]) || [];
      const failed = items.filter((item) => item.json && item.json.error !== undefined);
      const first = failed[0] && failed[0].json.error;
      nodes[name] = {
        startTime: task.startTime, executionTime: task.executionTime, executionStatus: task.executionStatus,
        outputItems: items.length, errorItems: failed.length,
        firstError: task.error ? task.error.message : (first ? (typeof first === 'string' ? first : first.message) : undefined),
      };
    }
    const startedAt = Date.parse(String(row.startedAt).replace(' ', 'T') + 'Z');
    console.log(JSON.stringify({ executionId: row.id, status: row.status, stale: startedAt < Number(notBefore), nodes }));
  },
);
`;

/** Imports the credentials and the workflow, then `n8n execute --id` in a fresh n8n process. */
export async function importAndExecute(
	n8n: BenchN8n,
	credentials: CredentialJson[],
	workflow: WorkflowJson,
	secrets: string[],
	options: { cpuProfileDir?: string; env?: Record<string, string> } = {},
): Promise<ExecutedWorkflow> {
	const cli = new N8nCli(n8n.home, secrets);
	await cli.importCredentials(credentials);
	await cli.importWorkflows([workflow]);
	const notBefore = Date.now() - 1000;
	// With cpuProfileDir, n8n (and its task runner) write V8 CPU profiles there.
	const extraEnv: Record<string, string> = {
		...options.env,
		...(options.cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.cpuProfileDir}` } : {}),
	};
	const started = Date.now();
	const result = await cli.run(['execute', `--id=${workflow.id}`], EXECUTE_TIMEOUT_MS, extraEnv);
	const outcome: ExecuteOutcome = {
		exitCode: result.code,
		output: scrubSecrets(result.stdout + result.stderr, secrets),
		durationMs: Date.now() - started,
	};
	const read = await run(
		n8n.runtime.node.nodeBin,
		['-e', READER, join(n8n.home.dataDir, 'database.sqlite'), workflow.id, String(notBefore)],
		{ cwd: n8n.runtime.installDir, env: node24Env(n8n.runtime.node) },
	);
	const tail = () => outcome.output.split('\n').slice(-30).join('\n');
	let summary: { executionId?: number; status?: string; stale?: boolean; error?: string; nodes?: Record<string, NodeTaskData> };
	try {
		summary = JSON.parse(read.stdout.trim().split('\n').pop() ?? '');
	} catch {
		throw new Error(`Could not read the execution back (exit ${read.code}): ${read.stderr.slice(-2000)}\n n8n said:\n${tail()}`);
	}
	if (!summary.nodes || summary.stale) {
		throw new Error(`n8n execute saved no new execution (exit ${outcome.exitCode}; ${summary.error ?? 'stale'}):\n${tail()}`);
	}
	return { outcome, executionId: summary.executionId!, status: summary.status ?? 'unknown', nodes: summary.nodes };
}
