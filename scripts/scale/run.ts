/**
 * `npm run test:scale`: one Finout key under n8n's queue mode, measured for real.
 *
 * Starts Redis and PostgreSQL from Debian's packages (installed when missing), the Finout
 * simulator, n8n 2.41.1 main with EXECUTIONS_MODE=queue and three `n8n worker` processes; then,
 * per scenario (own key each), posts 30 webhooks at once, each running Finout on 20 items, and
 * reads the simulator's log and n8n's execution table. Fails (exit 1) when the default credential
 * loses an item, duplicates a create, or lets Finout refuse more than 3 % of its requests.
 * Everything it started is stopped by PID at the end, also after an error or Ctrl-C.
 *
 * A/B of the adaptive limit: `SCALE_SCENARIOS=adaptive,adaptive-2,adaptive-3 SCALE_VARIANT=<name>
 * npx tsx scripts/scale/run.ts --package <dir>` runs only those scenarios with another build of the
 * package (a copy of the compiled package with one change), keeps them in scale/runs.jsonl and
 * rewrites the variants block of docs/BENCHMARKS.md; `--variants-table` only rewrites that block.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

import { prepareN8n } from '../../bench/lib/n8n';
import { writeBlock } from '../../bench/report';
import { SimProcess } from '../../bench/lib/sim';
import { say } from '../lib/log';
import { freePort } from '../lib/process';
import { createHome, installPackage } from '../n8n/home';
import { cacheRoot } from '../runtime';
import type { QueueCluster } from './cluster';
import { n8nImport, n8nOnce, queueModeEnv, startCluster } from './cluster';
import type { ScenarioResult } from './measure';
import { formatTable, measure } from './measure';
import type { Postgres, Service } from './services';
import { ensureDebianPackages, killService, startPostgres, startRedis, stopService } from './services';
import type { Scenario } from './workflows';
import { buildScenarios, credentialJson, workflowJson } from './workflows';

const WORKERS = 3;
const EXECUTIONS = 30;
const ITEMS = 20;
const LATENCY_MS = 50;
const JITTER_MS = 20;
const CAPACITY = 5;
const SCENARIO_TIMEOUT_MS = 240_000;
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

const log = (line: string) => say('scale', line);

async function main(): Promise<number> {
	const root = join(cacheRoot(), 'scale');
	// --variants-table: only rewrite the A/B block from the runs kept in runs.jsonl.
	if (process.argv.includes('--variants-table')) {
		writeBlock('queue-mode-variants', variantsSection(root));
		return 0;
	}
	const logDir = join(root, 'logs', new Date().toISOString().replace(/[:.]/g, '-'));
	mkdirSync(logDir, { recursive: true });
	const services: Service[] = [];
	let postgres: Postgres | undefined;
	let sim: SimProcess | undefined;
	let fastSim: SimProcess | undefined;
	let fastSimUrl: string | undefined;
	let queueSim: SimProcess | undefined;
	let queueSimUrl: string | undefined;
	let stopping: Promise<void> | undefined;
	const stopAll = () =>
		(stopping ??= (async () => {
			for (const service of services.reverse()) await stopService(service).catch(() => undefined);
			await sim?.close().catch(() => undefined);
			await fastSim?.close().catch(() => undefined);
			await queueSim?.close().catch(() => undefined);
			await postgres?.stop().catch((error: Error) => log(`PostgreSQL: ${error.message}`));
		})());
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void stopAll().then(() => process.exit(130)));
	}

	try {
		await ensureDebianPackages(['redis-server', 'postgresql'], log);
		const redisPort = await freePort();
		services.push(await startRedis(redisPort, join(logDir, 'redis.log')));
		postgres = await startPostgres('n8n_finout_scale', log);

		const only = process.env.SCALE_SCENARIOS?.split(',').map((key) => key.trim()).filter(Boolean);
		const scenarios = buildScenarios(only);
		const secrets = scenarios.map((scenario) => scenario.secretKey);
		sim = await SimProcess.spawn();
		const simUrl = await sim.start({
			latencyMs: LATENCY_MS,
			jitterMs: JITTER_MS,
			seed: 7,
			credentials: scenarios.map(({ clientId, secretKey }) => ({ clientId, secretKey })),
		});
		if (scenarios.some((scenario) => scenario.noLatency)) {
			fastSim = await SimProcess.spawn();
			fastSimUrl = await fastSim.start({
				latencyMs: 0,
				maxConcurrentPerKey: 1_000,
				seed: 7,
				credentials: scenarios.map(({ clientId, secretKey }) => ({ clientId, secretKey })),
			});
		}
		if (scenarios.some((scenario) => scenario.coordinated)) {
			queueSim = await SimProcess.spawn();
			queueSimUrl = await queueSim.start({
				latencyMs: LATENCY_MS,
				jitterMs: JITTER_MS,
				seed: 7,
				overConcurrency: 'queue',
				credentials: scenarios.map(({ clientId, secretKey }) => ({ clientId, secretKey })),
			});
		}
		const simFor = (scenario: Scenario) => (scenario.noLatency ? fastSim! : scenario.coordinated ? queueSim! : sim!);
		const urlFor = (scenario: Scenario) => (scenario.noLatency ? fastSimUrl! : scenario.coordinated ? queueSimUrl! : simUrl);

		const { runtime } = await prepareN8n(log);
		const home = createHome(runtime, { root: join(root, 'home'), fresh: true });
		// --package <dir>: another build of this package (a variant under A/B), installed instead.
		const packageIndex = process.argv.indexOf('--package');
		const packageDir = packageIndex === -1 ? join(cacheRoot(), 'bench', 'package') : process.argv[packageIndex + 1];
		installPackage(home, packageDir, 'copy');
		log(`package: ${packageDir}`);
		const env = queueModeEnv({ redisPort, postgresPort: postgres.port, database: postgres.database });
		log('importing credentials and workflows (first start runs the migrations) …');
		await n8nImport(home, env, 'import:credentials', scenarios.map((scenario) => credentialJson(scenario, urlFor(scenario))), secrets);
		await n8nImport(home, env, 'import:workflow', scenarios.map(workflowJson), secrets);
		for (const scenario of scenarios) await n8nOnce(home, env, ['publish:workflow', `--id=${scenario.workflowId}`], secrets);

		log(`starting n8n main + ${WORKERS} workers (queue mode) …`);
		const cluster = await startCluster(home, env, WORKERS, logDir, (service) => services.push(service));
		// Webhooks are registered once the main process has activated the published workflows.
		await sleep(3_000);

		const loadBefore = loadavg()[0].toFixed(1);
		const results: ScenarioResult[] = [];
		for (const scenario of scenarios) {
			log(`scenario: ${scenario.label} …`);
			results.push(await runScenario(scenario, cluster, simFor(scenario), postgres));
			log(`  ${JSON.stringify(results[results.length - 1])}`);
		}
		const table = formatTable(results);
		const load = `${loadBefore} → ${loadavg()[0].toFixed(1)}`;
		const kill = results.find((result) => result.busyAroundKill);
		const killLine = kill
			? `Key busy (mean admitted in flight ÷ 5) per second around the SIGKILL, second 0 = the first second after it: ${kill.busyAroundKill!.map(({ second, busy }) => `${second}: ${busy}`).join(', ')}.`
			: '';
		process.stdout.write(`\n${EXECUTIONS} executions × ${ITEMS} items per scenario, ${WORKERS} workers, L = ${LATENCY_MS} ± ${JITTER_MS} ms, load average ${load}\n\n${table}\n\n${killLine}\n`);
		const variant = process.env.SCALE_VARIANT ?? (packageIndex === -1 ? 'as built' : packageDir);
		// A run of picked scenarios (an A/B variant) is kept in scale/runs.jsonl, not in the docs.
		writeFileSync(join(root, 'last-run.json'), JSON.stringify({ at: new Date().toISOString(), variant, load, results }, null, 2));
		appendFileSync(join(root, 'runs.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), variant, load, results })}\n`);
		if (!only) writeBlock('queue-mode', docSection(table, killLine, load, results));
		else if (process.env.SCALE_VARIANT) writeBlock('queue-mode-variants', variantsSection(root));
		return verdict(results);
	} finally {
		log('stopping everything this run started …');
		await stopAll();
		log(`logs: ${logDir}`);
	}
}

async function runScenario(scenario: Scenario, cluster: QueueCluster, sim: SimProcess, postgres: Postgres): Promise<ScenarioResult> {
	const url = `${cluster.mainUrl}/webhook/${scenario.webhookPath}`;
	const post = async (run: number) => {
		const response = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ items: Array.from({ length: ITEMS }, (_, index) => ({ run, index })) }),
		});
		const text = await response.body.text();
		if (response.statusCode !== 200) throw new Error(`webhook ${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
	};
	await Promise.all(Array.from({ length: EXECUTIONS }, (_, run) => post(run)));

	let killedAt: number | undefined;
	if (scenario.killWorkerAt !== undefined) {
		const answersBeforeKill = Math.round(scenario.killWorkerAt * EXECUTIONS * ITEMS);
		while ((await answered(sim, scenario)) < answersBeforeKill) await sleep(50);
		killService(cluster.workers[0]);
		killedAt = Date.now();
		log(`  SIGKILL sent to ${cluster.workers[0].name} (pid ${cluster.workers[0].pid}) after ${answersBeforeKill} answers`);
	}

	const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
	let executions: Record<string, number> = {};
	while (Date.now() < deadline) {
		executions = await executionStatuses(postgres, scenario.workflowId);
		const finished = FINISHED.reduce((sum, status) => sum + (executions[status] ?? 0), 0);
		if (finished >= EXECUTIONS) break;
		await sleep(500);
	}
	const stats = await sim.stats();
	const requests = await sim.requests();
	return measure(
		scenario,
		requests,
		executions,
		stats.maxInFlightByKey[scenario.clientId] ?? 0,
		{ executions: EXECUTIONS, items: ITEMS, latencyMs: scenario.noLatency ? 0 : LATENCY_MS, capacity: CAPACITY },
		killedAt,
	);
}

async function answered(sim: SimProcess, scenario: Scenario): Promise<number> {
	const requests = await sim.requests();
	return requests.filter((sent) => sent.clientId === scenario.clientId && sent.status === 200).length;
}

async function executionStatuses(postgres: Postgres, workflowId: string): Promise<Record<string, number>> {
	const rows = await postgres.sql(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status ORDER BY status`);
	const statuses: Record<string, number> = {};
	for (const row of rows.split('\n').filter(Boolean)) {
		const [status, count] = row.split('|');
		statuses[status] = Number(count);
	}
	return statuses;
}

function docSection(table: string, killLine: string, load: string, results: ScenarioResult[]): string {
	return [
		'## One key across n8n queue mode (real Redis, Postgres, main + 3 workers)',
		'',
		`_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores; load average ${load} (other processes share this machine); \`npm run test:scale\` (scripts/scale/run.ts)._`,
		'',
		`n8n 2.41.1 with \`EXECUTIONS_MODE=queue\`: one main process (receives the webhooks, enqueues) and ${WORKERS} \`n8n worker --concurrency=10\` processes, Debian's Redis and PostgreSQL. Per scenario, ${EXECUTIONS} webhook calls are posted at once; each execution is Webhook → Split Out (${ITEMS} items) → Finout on one key (each scenario its own client ID, so nothing learnt carries over). The simulator (L = ${LATENCY_MS} ± ${JITTER_MS} ms) is one process, so it counts every worker's requests on the key: a 6th in flight gets 429 with \`Retry-After: 1\`. Time = first request at the simulator to the last answer; ideal = answered requests × L ÷ 5; key utilisation = Σ time the admitted requests spent at the simulator ÷ (5 × time), the mean share of the key's five slots in use (the simulator serves 50–54 ms on average, a little over L, so utilisation × time/ideal is a little over 1). The L ≈ 0 row runs against a second simulator with no latency and no per-key limit: its time is n8n's own work for the same 30 × 20 items in queue mode (webhook → Redis → worker → execution → node → Postgres), with no key to wait for. The yardstick row runs against a third simulator that does what Finout does not: it queues a request over the key's limit instead of refusing it, so every worker's requests wait in one line at the server, as if all workers shared one perfect queue; its time/ideal is the best any mechanism could reach with this n8n cluster on this machine. Failed items: items of executions that did not succeed (creates: items without a created endpoint); duplicates: endpoints created twice under one name.`,
		'',
		table,
		'',
		busyLine(results),
		'',
		killLine,
		'',
		'Inside the workers (a diagnostic build that logs every answer with its worker\'s limit, permits in use and requests waiting; 2026-12-02 05:34 UTC, adaptive scenario alone, 1.46×, 1.5 % refused): after the first collisions every worker was at 2 permits, and from 1.0 to 1.75 s each held both with 12–127 requests waiting, yet got only 2–4 answers per 250 ms where two permits at L = 50 ms give 10; from 2 s on they got 8–10, with the limits at 2 + 2 + 1 or 2 + 1 + 2 and every worker still with work waiting (the middle of the run uses the key\'s five). In the start the permits are held inside workers busy starting their executions on 2 cores, not at Finout: the yardstick hides that by keeping up to 15 requests waiting at the server, which a mechanism that never exceeds the key\'s five cannot. The tail: two workers ran out of work at 7.75–8.0 s while the third still had 28 requests waiting at 2 permits (3 after 8.0 s).',
		'',
		'In the kill row, the failed items are the executions that were running on the killed worker: n8n marks them failed ("job stalled more than maxStalledCount") and does not run them again; the node loses nothing beyond that and duplicates nothing. The growth steps of the adaptive limit (nodes/Finout/transport/adaptiveLimit.ts) were chosen with this run: 16 rounds of successes per step at every limit gave 5.1 % of requests refused, 32 rounds 2.8–5.5 %, 64 rounds 1.0–2.3 %; 64 rounds with 32 at one permit (built in: the single permit passes round, so no worker finishes alone) 1.6–2.8 % and 1.30–1.55× instead of 1.62–1.92×; the other controllers measured are in the A/B section below. Not part of `.ci/run`: it needs root for apt-get and for the machine\'s PostgreSQL cluster, takes 4–5 minutes on 2 cores, and its times and 429 share move with the machine\'s load.',
		'',
	].join('\n');
}

/** Where the default scenario's time goes: how busy the key was in each second of the run. */
function busyLine(results: ScenarioResult[]): string {
	const adaptive = results.find((result) => result.label.startsWith('adaptive (default'));
	const overhead = results.find((result) => result.label.startsWith("n8n's own work"));
	if (!adaptive) return '';
	const seconds = adaptive.busyPerSecond.map((busy, second) => `${second}: ${busy}`).join(', ');
	const own = overhead ? ` n8n's own work for the same executions with no latency took ${(overhead.spanMs / 1000).toFixed(2)} s, ${(overhead.spanMs / adaptive.idealMs).toFixed(2)} of the ideal: in the first seconds of a run the main process takes 30 webhooks and the workers start their executions on 2 cores, so much of the key's idle time there is n8n's own work, not the limit's.` : '';
	return `Key busy per second of the adaptive run (share of the five slots in use, second 0 = the first request): ${seconds}.${own}`;
}

/**
 * What each A/B variant of the adaptive limit changed (SCALE_VARIANT names; each variant is a copy of
 * the compiled package with that one change, run with `--package <dir>`).
 */
const VARIANTS: Record<string, string> = {
	base: 'before 2026-12-02: a 429 halves the limit (once per epoch), +1 after 64 rounds of successes at every limit',
	'fast-at-1': 'base, but at one permit +1 after 16 rounds: the single permit passes round between workers',
	'fast-at-1-32': 'base, but at one permit +1 after 32 rounds (adopted: ROUNDS_AT_ONE_PERMIT)',
	rtt: 'one cut per round trip: 429s of requests sent after a cut are ignored until one of them is admitted or a round trip (EWMA of answer times) has passed',
	'rtt-log': 'rtt, with the limit and the gate\'s queue logged in the workers (diagnostic)',
	minus1: 'a 429 takes one off the limit instead of halving it',
	'rtt-minus1': 'rtt and minus1 together',
	'rtt-accel': 'rtt, and each step without a 429 in between needs half the rounds of the one before (64, 32, 16 … ≥ 4)',
	'rtt-r32': 'rtt, and +1 after 32 rounds instead of 64',
	'halve-then-minus1': 'a 429 halves the limit only at the ceiling (first contact), afterwards takes one off (keeps 5 of 5 in use after a collision instead of 4)',
	quiet3s: 'after 3 s without a 429, +1 after every round of successes instead of every 64 rounds (to take back a finished worker\'s share sooner)',
};

/** Every variant run kept in runs.jsonl: per variant, the adaptive scenarios' spread. */
function variantsSection(root: string): string {
	const runs = readFileSync(join(root, 'runs.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as { at: string; variant: string; load: string; results: ScenarioResult[] })
		.filter((run) => VARIANTS[run.variant] !== undefined);
	const byVariant = new Map<string, Array<ScenarioResult & { load: string }>>();
	for (const run of runs) {
		const rows = byVariant.get(run.variant) ?? [];
		for (const result of run.results.filter((entry) => entry.label.startsWith('adaptive') && !entry.busyAroundKill)) rows.push({ ...result, load: run.load });
		byVariant.set(run.variant, rows);
	}
	const range = (values: number[], digits: number, unit = '') => {
		const sorted = [...values].sort((a, b) => a - b);
		const median = sorted[Math.floor((sorted.length - 1) / 2)];
		return `${median.toFixed(digits)}${unit} (${sorted[0].toFixed(digits)}–${sorted[sorted.length - 1].toFixed(digits)})`;
	};
	const lines = [
		'## Adaptive limit: A/B variants in queue mode',
		'',
		`_Runs of \`SCALE_SCENARIOS=adaptive,adaptive-2,adaptive-3 SCALE_VARIANT=<name> npm run test:scale -- --package <dir>\`, last ${runs.at(-1)?.at.slice(0, 16).replace('T', ' ')} UTC; the same cluster as above (main + 3 workers, 30 executions × 20 items, L = 50 ± 20 ms), each scenario its own key. Variants ran one after another on a 2-core machine shared with other work, so their spread overlaps._`,
		'',
		'| variant | what changed | runs | max in flight | 429 share: median (min–max) | failed items | duplicates | time / ideal: median (min–max) | key utilisation: median (min–max) |',
		'| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const [variant, rows] of byVariant) {
		lines.push(
			`| ${variant} | ${VARIANTS[variant]} | ${rows.length} | ${Math.max(...rows.map((row) => row.maxInFlight))} | ${range(rows.map((row) => (100 * row.refused) / row.requests), 1, ' %')} | ${rows.reduce((sum, row) => sum + row.failedItems, 0)} | ${rows.reduce((sum, row) => sum + row.duplicates, 0)} | ${range(rows.map((row) => row.spanMs / row.idealMs), 2, '×')} | ${range(rows.map((row) => 100 * (row.utilisation ?? 0)), 0, ' %')} |`,
		);
	}
	return lines.join('\n');
}

/** The default credential (adaptive) must meet the targets; the others are comparisons. */
function verdict(results: ScenarioResult[]): number {
	const problems: string[] = [];
	for (const result of results.filter((entry) => entry.label.startsWith('adaptive'))) {
		if (result.failedItems !== 0 && !result.busyAroundKill) problems.push(`${result.label}: ${result.failedItems} failed items`);
		if (result.duplicates !== 0) problems.push(`${result.label}: ${result.duplicates} duplicated creates`);
		if (!result.busyAroundKill && result.refused > 0.03 * result.requests) problems.push(`${result.label}: ${result.refused} of ${result.requests} refused (> 3 %)`);
	}
	for (const problem of problems) log(`FAILED ${problem}`);
	return problems.length === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		log(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		process.exit(1);
	},
);
