/**
 * `npx tsx bench/single-process.ts [label]`: this package alone in one real n8n process (n8n
 * execute), Cost → Query by View on 500 and 50 items at L = 50 ms and L = 300 ms. Prints each
 * run's share of the physical limit (ideal = items × L ÷ 5, over the node's executionTime) and
 * appends the figures to ~/.cache/n8n-nodes-finout/bench/single-process.jsonl, so a run before
 * and after a change can be compared.
 */
import './lib/env';

import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import type { WorkflowJson } from '../scripts/examples';
import { FINOUT_NODE_TYPE } from '../scripts/examples';
import { installPackage } from '../scripts/n8n/home';
import { N8N_VERSIONS, cacheRoot } from '../scripts/runtime';
import { SANDBOX_CREDENTIALS, VIEW_IDS } from '../test/fake-finout/seed';
import { importAndExecute, prepareN8n } from './lib/n8n';
import { writeBlock } from './report';
import { SimProcess } from './lib/sim';
import { COST_BY_VIEW } from './lib/workload';

const ALL_CASES = [
	{ items: 500, latencyMs: 50 },
	{ items: 50, latencyMs: 50 },
	{ items: 500, latencyMs: 300 },
	{ items: 50, latencyMs: 300 },
];
const JITTER_MS = 20;
const WARM_UP_ITEMS = 25;

function workflow(id: string, items: number, credentialId: string): WorkflowJson {
	const code = [
		`const views = ${JSON.stringify(Object.values(VIEW_IDS))};`,
		`return Array.from({ length: ${items} }, (_, index) => ({ json: { index, viewId: views[index % views.length] } }));`,
	].join('\n');
	const finout = (name: string, y: number) => ({
		id: randomBytesId(),
		name,
		type: FINOUT_NODE_TYPE,
		typeVersion: 1,
		position: [660, y] as [number, number],
		parameters: COST_BY_VIEW as Record<string, unknown>,
		credentials: { finoutApi: { id: credentialId, name: 'Finout bench' } },
	});
	return {
		id,
		name: `Benchmark: one process, ${items} items`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: randomBytesId(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: randomBytesId(), name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: code } },
			{ id: randomBytesId(), name: 'Warm-up items', type: 'n8n-nodes-base.limit', typeVersion: 1, position: [440, -200], parameters: { maxItems: WARM_UP_ITEMS } },
			// Loads and JIT-compiles the HTTP stack and the package once, as in a long-running n8n.
			finout('Warm-up', -200),
			finout('Measured', 0),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Warm-up items', type: 'main', index: 0 }, { node: 'Measured', type: 'main', index: 0 }]] },
			'Warm-up items': { main: [[{ node: 'Warm-up', type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

function randomBytesId(): string {
	const hex = randomBytes(16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `--package <dir>` installs another build (a package.json + dist/) instead of the working tree,
 * so a before/after pair can be run alternately under the same machine load; `--cases 500@50,…`
 * picks the cases; `--cpu-prof <dir>` has n8n write V8 CPU profiles there; `--n8n <version>` runs another
 * cached n8n (e.g. 1.123.81); `--expression-engine legacy|vm` picks n8n's expression engine (2.x default: vm, an isolate per evaluation); `--table`
 * only rewrites the docs block from the kept runs.
 */
function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

const CASES = option('cases')
	? option('cases')!.split(',').map((spec) => {
			const [items, latencyMs] = spec.split('@').map(Number);
			return { items, latencyMs };
		})
	: ALL_CASES;

async function main(): Promise<void> {
	// --table: only rewrite the docs block from the runs kept in single-process.jsonl.
	if (process.argv[2] === '--table') {
		writeBlock('single-process', docSection());
		return;
	}
	const label = process.argv[2] ?? 'unlabelled';
	if (label.startsWith('--')) throw new Error(`The first argument is the run's label, not an option: ${label}`);
	const log = (line: string) => process.stderr.write(`[single-process] ${line}\n`);
	const n8nVersion = option('n8n') ?? N8N_VERSIONS.current;
	const n8n = await prepareN8n(log, n8nVersion);
	const packageDir = option('package');
	if (packageDir) {
		installPackage(n8n.home, packageDir, 'copy');
		n8n.build = `installed from ${packageDir}`;
	}
	log(`package: ${n8n.build}`);
	const sim = await SimProcess.spawn();
	try {
		for (const [index, { items, latencyMs }] of CASES.entries()) {
			const url = await sim.start({ latencyMs, jitterMs: JITTER_MS, seed: 11 + index, credentials: [SANDBOX_CREDENTIALS] });
			const credentialId = `SingleCred${String(index).padStart(6, '0')}`;
			const result = await importAndExecute(
				n8n,
				[{ id: credentialId, name: 'Finout bench', type: 'finoutApi', data: { ...SANDBOX_CREDENTIALS, baseUrl: url, maxConcurrentRequests: 5 } }],
				workflow(`SingleProcess${String(index).padStart(3, '0')}`, items, credentialId),
				[SANDBOX_CREDENTIALS.secretKey],
				{
					cpuProfileDir: option('cpu-prof'),
					env: option('expression-engine') ? { N8N_EXPRESSION_ENGINE: option('expression-engine')! } : {},
				},
			);
			const measured = result.nodes.Measured;
			const stats = await sim.stats();
			const idealMs = (items * latencyMs) / 5;
			const phases = phasesOf(await sim.requests(), measured.startTime, measured.executionTime);
			const row = {
				label,
				n8n: n8nVersion,
				expressionEngine: option('expression-engine') ?? 'default',
				items,
				latencyMs,
				nodeMs: measured.executionTime,
				idealMs,
				ofIdeal: Math.round((idealMs / measured.executionTime) * 1000) / 1000,
				errorItems: measured.errorItems,
				maxInFlight: stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId],
				refused: stats.concurrency429ByKey[SANDBOX_CREDENTIALS.clientId] ?? 0,
				load: loadavg()[0].toFixed(1),
				...phases,
			};
			process.stdout.write(`${JSON.stringify(row)}\n`);
			appendFileSync(HISTORY, `${JSON.stringify({ at: new Date().toISOString(), ...row })}\n`);
		}
	} finally {
		await sim.close();
	}
	writeBlock('single-process', docSection());
}

/**
 * Where the measured node's time went: reading and checking the items before the first request
 * reached the simulator, the sending phase (first arrival → last answer) with the share of the
 * key's five slots in use during it, and the time after the last answer (building the output).
 */
function phasesOf(requests: Array<{ startedAt: number; endedAt: number }>, startTime: number, executionTime: number) {
	const measured = requests.filter((request) => request.startedAt >= startTime);
	if (measured.length === 0) return {};
	const first = Math.min(...measured.map((request) => request.startedAt));
	const last = Math.max(...measured.map((request) => request.endedAt));
	const busy = measured.reduce((sum, request) => sum + request.endedAt - request.startedAt, 0);
	return {
		beforeFirstRequestMs: first - startTime,
		sendingMs: last - first,
		keyBusyWhileSending: Math.round((busy / (5 * Math.max(1, last - first))) * 1000) / 1000,
		afterLastAnswerMs: startTime + executionTime - last,
	};
}

const HISTORY = join(cacheRoot(), 'bench', 'single-process.jsonl');

interface HistoryRow {
	at: string;
	label: string;
	items: number;
	latencyMs: number;
	nodeMs: number;
	idealMs: number;
	ofIdeal: number;
	errorItems: number;
	maxInFlight: number;
	refused: number;
	load?: string;
	n8n?: string;
	expressionEngine?: string;
	beforeFirstRequestMs?: number;
	sendingMs?: number;
	keyBusyWhileSending?: number;
	afterLastAnswerMs?: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** The phases of the 500-item runs at L = 50 ms, per label that recorded them. */
function phaseTable(rows: HistoryRow[]): string[] {
	const phased = rows.filter((row) => row.items === 500 && row.latencyMs === 50 && row.beforeFirstRequestMs !== undefined);
	const labels = [...new Set(phased.map((row) => row.label))];
	if (labels.length === 0) return [];
	return [
		'Where the time of a 500-item run goes (L = 50 ms; medians): **before the first request** is the node reading and checking every item (n8n evaluating the View expression once per item) before it sends anything; **sending** runs from the first arrival at the simulator to the last answer; **key busy** is the share of the key\'s five slots in use while sending; the last column is the share of the limit the same run would reach if its first request had gone out when the node started.',
		'',
		'| label | n8n, expression engine | runs | share of the limit | before the first request | per item | sending | key busy while sending | share without the read phase |',
		'| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...labels.map((label) => {
			const runs = phased.filter((row) => row.label === label);
			const before = median(runs.map((row) => row.beforeFirstRequestMs!));
			const withoutRead = median(runs.map((row) => row.idealMs / (row.nodeMs - row.beforeFirstRequestMs!)));
			return `| ${label} | ${runs[0].n8n ?? '2.41.1'}, ${runs[0].expressionEngine ?? 'default'} | ${runs.length} | ${median(runs.map((row) => row.ofIdeal)).toFixed(2)} | ${before} ms | ${(before / 500).toFixed(2)} ms | ${median(runs.map((row) => row.sendingMs!))} ms | ${median(runs.map((row) => row.keyBusyWhileSending!)).toFixed(2)} | ${withoutRead.toFixed(2)} |`;
		}),
		'',
	];
}

/** The latest run of every label (before / after a change), one column each. */
function docSection(): string {
	const rows = existsSync(HISTORY)
		? readFileSync(HISTORY, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryRow)
		: [];
	const labels = [...new Set(rows.map((row) => row.label))];
	const runsOf = (label: string, items: number, latencyMs: number) =>
		rows.filter((row) => row.label === label && row.items === items && row.latencyMs === latencyMs);
	const lines = [
		'## One process in real n8n: 500 and 50 items at L = 50 and 300 ms',
		'',
		`_Last run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores; \`npx tsx bench/single-process.ts <label>\`; one column per label: the median share of the physical limit over all its runs, with min–max and the number of runs (other processes share this machine, so runs of a pair were alternated)._`,
		'',
		`\`n8n execute\` (n8n 2.41.1) of Manual Trigger → Code (N items, 6 views) → Finout Cost → Query by View, after a ${WARM_UP_ITEMS}-item warm-up in the same execution. Share of the physical limit = (N × L ÷ 5) ÷ the node's executionTime; simulator L ± ${JITTER_MS} ms, 5 in flight per key. Every run: 0 failed items, 0 429s and at most 5 in flight unless marked ⚠.`,
		'',
		'The pair ab-before-generic / ab-after-function is one build of this package, installed once with the credential\'s former generic `authenticate` block (two `={{$credentials…}}` header expressions, patched into a copy of the compiled credential) and once as built (an `authenticate` function); the two were run alternately.',
		'',
		'quiet-1202 is the build as it is on a quiet machine (load 0.4–2.0, nothing else running). pipelined-proto is a prototype, not merged, that sends each read as soon as its own item is checked instead of after all items are; its runs alternated with quiet-1202 ones.',
		'',
		"n8n-2.41-default, n8n-2.41-legacy-expressions and n8n-1.123 are one build (with the per-item checks of every item before the first request) run alternately on a quiet machine: in n8n 2.41.1 as installed (expressions in an isolated VM, n8n 2.x's default), in the same n8n with `N8N_EXPRESSION_ENGINE=legacy` (`--expression-engine legacy`), and in n8n 1.123.81 (`--n8n 1.123.81`). They separate the node's work from n8n's work of evaluating each item's View expression before the node may send.",
		'',
		`| items, L | ${labels.join(' | ')} |`,
		`| :--- | ${labels.map(() => '---:').join(' | ')} |`,
		...ALL_CASES.map(({ items, latencyMs }) => {
			const cells = labels.map((label) => {
				const runs = runsOf(label, items, latencyMs);
				if (runs.length === 0) return '—';
				const shares = runs.map((row) => row.ofIdeal).sort((a, b) => a - b);
				const failures = runs.reduce((sum, row) => sum + row.errorItems + row.refused, 0);
				const overLimit = runs.some((row) => row.maxInFlight > 5);
				const notes = failures || overLimit ? ` ⚠ ${failures} failed or refused, max in flight ${Math.max(...runs.map((row) => row.maxInFlight))}` : '';
				return `${median(shares).toFixed(2)} (${shares[0].toFixed(2)}–${shares[shares.length - 1].toFixed(2)}, n = ${runs.length})${notes}`;
			});
			return `| ${items} items, L = ${latencyMs} ms | ${cells.join(' | ')} |`;
		}),
		'',
		...phaseTable(rows),
	];
	return lines.join('\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
