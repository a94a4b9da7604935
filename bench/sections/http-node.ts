/**
 * This package against what users do today: n8n's own HTTP Request node calling the same Finout
 * endpoint with the same credential, (a) with default settings and (b) with Batching tuned to
 * stay under Finout's five-in-flight limit. One workflow, one `n8n execute` of real n8n: the
 * variants run one after another in the same process, each with its own Finout client ID so the
 * simulator counts them separately.
 */
import type { CredentialJson } from '../../scripts/examples';
import { N8N_VERSIONS, NODE24_VERSION } from '../../scripts/runtime';
import type { Variant } from '../lib/comparison-workflow';
import { BATCH_INTERVALS_MS, BATCH_SIZE, HTTP_NODE_VERSION, WARM_UP_ITEMS, variants, workflow } from '../lib/comparison-workflow';
import type { BenchN8n, NodeTaskData } from '../lib/n8n';
import { importAndExecute, prepareN8n } from '../lib/n8n';
import { profileOurs } from '../lib/n8n-profile';
import type { SimProcess, SimRequest } from '../lib/sim';
import { JITTER_MS, LATENCY_MS, MAX_IN_FLIGHT } from '../lib/sim';
import { int, mean, ms, ratio, sum, times } from '../lib/stats';
import { N_REQUESTS } from '../lib/workload';
import type { SectionResult, Table } from '../report';

export { HTTP_NODE_VERSION } from '../lib/comparison-workflow';

const TARGET_VS_BATCHED = 1.5;

interface VariantResult {
	variant: Variant;
	task?: NodeTaskData;
	timeMs: number;
	requests: number;
	concurrency429: number;
	maxInFlight: number;
	outputItems: number;
	failedItems: number;
	/** Σ drawn latency of this variant's requests ÷ 5. */
	idealMs: number;
	/** Mean number of this variant's requests in flight at the simulator over the node's time. */
	serverBusyLanes: number;
	/** This variant's requests, in arrival order. */
	own: SimRequest[];
}

export async function httpNode(sim: SimProcess, options: { profile?: boolean } = {}): Promise<SectionResult> {
	const log = (line: string) => process.stderr.write(`[bench:http-node] ${line}\n`);
	let n8n: BenchN8n;
	try {
		n8n = await prepareN8n(log);
	} catch (error) {
		throw new Error(`Real n8n is not available (${error instanceof Error ? error.message : String(error)}). Install it with \`npx tsx scripts/runtime.ts\`.`);
	}
	const { warmUp, list } = variants();
	await sim.start({
		latencyMs: LATENCY_MS,
		jitterMs: JITTER_MS,
		seed: 3,
		credentials: [warmUp, ...list].map(({ clientId, secretKey }) => ({ clientId, secretKey })),
	});
	const credentials: CredentialJson[] = [warmUp, ...list].map((variant) => ({
		id: variant.credentialId,
		name: variant.nodeName,
		type: 'finoutApi',
		data: { clientId: variant.clientId, secretKey: variant.secretKey, baseUrl: sim.url, maxConcurrentRequests: MAX_IN_FLIGHT },
	}));
	log(`n8n execute (${list.length} variants × ${N_REQUESTS} items; about a minute) …`);
	const executed = await importAndExecute(n8n, credentials, workflow(list, sim.url, warmUp), [warmUp, ...list].map((variant) => variant.secretKey));
	const stats = await sim.stats();
	const requests = await sim.requests();
	const drawn = sim.drawnLatencies(Math.max(0, ...requests.map((request) => request.id)));

	const results: VariantResult[] = list.map((variant) => {
		const task = executed.nodes[variant.nodeName];
		const own = requests.filter((request) => request.clientId === variant.clientId);
		const accepted = own.filter((request) => request.status !== 429);
		return {
			variant,
			task,
			timeMs: task?.executionTime ?? NaN,
			requests: own.length,
			concurrency429: stats.concurrency429ByKey[variant.clientId] ?? 0,
			maxInFlight: stats.maxInFlightByKey[variant.clientId] ?? 0,
			outputItems: task?.outputItems ?? 0,
			failedItems: task?.errorItems ?? 0,
			idealMs: sum(accepted.map((request: SimRequest) => drawn[request.id - 1])) / MAX_IN_FLIGHT,
			serverBusyLanes: sum(own.map((request) => request.endedAt - request.startedAt)) / (task?.executionTime ?? NaN),
			own,
		};
	});
	const missing = results.filter((result) => !result.task).map((result) => result.variant.nodeName);
	if (missing.length > 0) {
		throw new Error(`n8n did not run: ${missing.join(', ')} (exit ${executed.outcome.exitCode}):\n${executed.outcome.output.split('\n').slice(-30).join('\n')}`);
	}
	ensureSequential(results);

	const oursRuns = results.filter((result) => result.variant.kind === 'finout');
	const oursMs = mean(oursRuns.map((result) => result.timeMs));
	const defaults = results.find((result) => result.variant.kind === 'http-default')!;
	const batched = results.filter((result) => result.variant.kind === 'http-batched');
	const clean = (result: VariantResult) => result.concurrency429 === 0 && result.failedItems === 0;
	// (b): the smallest interval that ran clean, provided every larger candidate also ran clean.
	const chosen = batched.find((result, index) => batched.slice(index).every(clean));
	const vsOurs = (result: VariantResult) => times(result.timeMs / oursMs);

	const headline: Table = {
		title: `${N_REQUESTS} Cost-by-view requests per variant in one n8n ${N8N_VERSIONS.current} execution (L = ${LATENCY_MS} ± ${JITTER_MS} ms); ratios against the mean of this package's two runs (${ms(oursMs)})`,
		columns: ['variant', 'node time', 'ratio to this package', 'requests sent', '429s', 'failed items', 'max in flight', 'mean in flight'],
		rows: [...oursRuns, defaults, ...(chosen ? [chosen] : [])].map((result) => [
			result === chosen ? `${result.variant.nodeName} ← (b)` : result.variant.nodeName,
			ms(result.timeMs),
			vsOurs(result),
			int(result.requests),
			int(result.concurrency429),
			int(result.failedItems),
			int(result.maxInFlight),
			result.serverBusyLanes.toFixed(2),
		]),
	};
	const sweep: Table = {
		title: `(b) Batching sweep: ${BATCH_SIZE} items per batch, interval candidates (same execution)`,
		columns: ['batch interval', 'measured batch period', 'node time', 'ratio to this package', '429s', 'failed items', 'max in flight', 'mean in flight'],
		rows: batched.map((result) => [
			`${result.variant.intervalMs} ms${result === chosen ? ' ← chosen' : ''}`,
			ms(batchPeriod(result.own)),
			ms(result.timeMs),
			vsOurs(result),
			int(result.concurrency429),
			int(result.failedItems),
			int(result.maxInFlight),
			result.serverBusyLanes.toFixed(2),
		]),
	};
	const phases = oursRuns.map(oursPhases);
	const perRun = (pick: (result: VariantResult, index: number) => string) => oursRuns.map(pick);
	const oursTable: Table = {
		title: 'This package in real n8n against the physical limit (from the simulator\'s log)',
		columns: ['measure', 'first run', 'last run'],
		rows: [
			['node time', ...perRun((result) => ms(result.timeMs))],
			[`ideal (Σ drawn latency ÷ ${MAX_IN_FLIGHT})`, ...perRun((result) => ms(result.idealMs))],
			['achieved / ideal', ...perRun((result) => ratio(result.idealMs / result.timeMs))],
			['node start → first request at the simulator (read + validate all items)', ...perRun((_, index) => ms(phases[index].beforeFirst))],
			['first request → last response', ...perRun((_, index) => ms(phases[index].requestPhase))],
			['last response → node done (output items)', ...perRun((_, index) => ms(phases[index].afterLast))],
			['mean in flight at the simulator during the request phase (max 5)', ...perRun((_, index) => phases[index].meanInFlight.toFixed(2))],
			['simulator time per request (mean)', ...perRun((_, index) => ms(phases[index].serverPerRequest))],
			[`n8n time per request inside the ${MAX_IN_FLIGHT} lanes ((${MAX_IN_FLIGHT} × request phase − Σ simulator time) ÷ N)`, ...perRun((_, index) => ms(phases[index].clientPerRequest))],
			['output items (one per series)', ...perRun((result) => int(result.outputItems))],
		],
	};

	const oursFailed = sum(oursRuns.map((result) => result.failedItems));
	const ours429 = sum(oursRuns.map((result) => result.concurrency429));
	const findings: string[] = [];
	findings.push(
		`(a) defaults: ${int(defaults.failedItems)} of ${N_REQUESTS} items failed (${int(defaults.concurrency429)} refused with 429); this package: ${int(oursFailed)} failed, ${int(ours429)} 429s in ${oursRuns.length} × ${N_REQUESTS} — ${defaults.failedItems > 0 && oursFailed === 0 && ours429 === 0 ? 'meets' : 'misses'} "(a) fails where this package loses nothing".`,
	);
	if (chosen) {
		const speedup = chosen.timeMs / oursMs;
		findings.push(
			`(b) batched at ${chosen.variant.intervalMs} ms takes **${times(speedup)}** this package's time (target ≥ ${TARGET_VS_BATCHED}×) — ${speedup >= TARGET_VS_BATCHED ? 'meets' : 'misses'} the target. Its measured batch period is ${ms(batchPeriod(chosen.own))}, not ${chosen.variant.intervalMs} ms: the HTTP Request node's own per-item work (credential read, expression for the body) adds to every batch.`,
		);
	} else {
		findings.push(`(b): no candidate interval (${BATCH_INTERVALS_MS.join(', ')} ms) ran without 429s; widen the candidates.`);
	}
	findings.push(
		`This package in real n8n: achieved / ideal = **${oursRuns.map((result) => ratio(result.idealMs / result.timeMs)).join('** and **')}** (first and last run). Before the first request ${phases.map((phase) => ms(phase.beforeFirst)).join(' / ')} pass; during the request phase the simulator sees ${phases.map((phase) => phase.meanInFlight.toFixed(2)).join(' / ')} of 5 lanes busy, because each request also spends ${phases.map((phase) => ms(phase.clientPerRequest)).join(' / ')} in n8n while it holds its permit.`,
	);

	const tables = [headline, sweep, oursTable];
	if (options.profile) {
		log('n8n execute of this package alone under --cpu-prof …');
		const profiled = await profileOurs(n8n, sim, list[0], warmUp);
		tables.push(profiled.table);
		findings.push(profiled.finding);
	}

	return {
		id: 'http-node',
		title: 'This package vs. the HTTP Request node (real n8n)',
		method: [
			`Ran on n8n ${N8N_VERSIONS.current} (Node ${NODE24_VERSION}), real \`n8n execute\`: one workflow Manual Trigger → Code node (${N_REQUESTS} items \`{viewId, start, end}\`, 6 views, the last 7 full UTC days) → one branch per variant, executed one after another in the same n8n process (v1 execution order): first a ${WARM_UP_ITEMS}-item Finout warm-up (not measured), then this package, the HTTP Request variants, and this package once more. Times are each node's \`executionTime\` from the run data. The package was ${n8n.build}, installed into the bench n8n user folder like an npm-installed community package.`,
			`Every variant calls \`POST /v1/cost/query-by-view\` with the same body and the \`finoutApi\` credential (HTTP Request node: Authentication = Predefined Credential Type, Credential Type = Finout API, node version ${HTTP_NODE_VERSION}), each variant with its own client ID so the simulator's counters (429s, max in flight) are per variant. All variants have On Error = Continue, so failed items are counted instead of stopping the run (with the default "Stop Workflow", (a) ends the execution at its first 429). Simulator: L = ${LATENCY_MS} ± ${JITTER_MS} ms, at most ${MAX_IN_FLIGHT} in flight per key (the 6th gets 429 at once).`,
			`(b) uses the node's Batching option (Items per Batch = ${BATCH_SIZE}, Batch Interval = I). The HTTP Request node sleeps I between starting batches without waiting for the previous batch, so a batch is only safe when every request of the previous one has finished: I must exceed the largest latency (${LATENCY_MS + JITTER_MS} ms) plus client overhead. The run sweeps I over ${BATCH_INTERVALS_MS.join(', ')} ms and (b) is the smallest I that produced no 429 and no failed item (and all larger candidates too) in this very run.`,
		],
		tables,
		findings,
	};
}

/** Mean time between the starts of consecutive batches of 5, from the simulator's arrival times. */
function batchPeriod(requests: SimRequest[]): number {
	const arrivals = requests.map((request) => request.startedAt).sort((a, b) => a - b);
	const starts = arrivals.filter((_, index) => index % BATCH_SIZE === 0);
	return starts.length < 2 ? NaN : (starts[starts.length - 1] - starts[0]) / (starts.length - 1);
}

/** Where this package's node time went, from the simulator's log (no probe inside n8n). */
function oursPhases(ours: VariantResult) {
	const start = ours.task!.startTime;
	const end = start + ours.task!.executionTime;
	const first = Math.min(...ours.own.map((request) => request.startedAt));
	const last = Math.max(...ours.own.map((request) => request.endedAt));
	const requestPhase = last - first;
	const serverTotal = sum(ours.own.map((request) => request.endedAt - request.startedAt));
	const n = ours.own.length;
	return {
		beforeFirst: first - start,
		requestPhase,
		afterLast: end - last,
		meanInFlight: serverTotal / requestPhase,
		serverPerRequest: serverTotal / n,
		clientPerRequest: (MAX_IN_FLIGHT * requestPhase - serverTotal) / n,
	};
}

/** The variants must not overlap in time, or their counters would not be comparable. */
function ensureSequential(results: VariantResult[]): void {
	const spans = results
		.map((result) => ({ name: result.variant.nodeName, start: result.task!.startTime, end: result.task!.startTime + result.task!.executionTime }))
		.sort((a, b) => a.start - b.start);
	for (let index = 1; index < spans.length; index++) {
		if (spans[index].start < spans[index - 1].end) {
			throw new Error(`"${spans[index].name}" started before "${spans[index - 1].name}" ended: the variants overlapped`);
		}
	}
}
