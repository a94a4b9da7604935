/**
 * Diagnosis for the throughput section: where the time above the ideal goes.
 */
import { performance } from 'node:perf_hooks';

import { SANDBOX_CREDENTIALS } from '../../test/fake-finout/seed';
import type { NodeRunTiming, PermitRecord } from '../lib/engine';
import { assertSuccess, credentials, probeGates, runFinout } from '../lib/engine';
import { profile, summarise } from '../lib/profile';
import type { SimProcess, SimRequest } from '../lib/sim';
import { MAX_IN_FLIGHT, simOptions } from '../lib/sim';
import { mean, ms, percentile, pct, sum } from '../lib/stats';
import { COST_BY_VIEW, N_REQUESTS, viewItems } from '../lib/workload';
import type { Table } from '../report';

/**
 * A second run of the single-execution workload with probes: the gate's permits are timed (how
 * long a request holds one) and compared with the simulator's own time per request, and the CPU
 * of this process is sampled. Answers "where does the time above the ideal go".
 */
export async function diagnose(sim: SimProcess): Promise<{ tables: Table[]; findings: string[] }> {
	const url = await sim.start(simOptions(1));
	const probe = probeGates();
	let timing: NodeRunTiming;
	let cpu;
	try {
		const profiled = await profile(() => runFinout(COST_BY_VIEW, credentials(url, SANDBOX_CREDENTIALS), viewItems(N_REQUESTS)));
		timing = profiled.result;
		cpu = summarise(profiled.profile, HOT_PATH_BUCKETS);
	} finally {
		probe.restore();
	}
	assertSuccess('diagnostic run', timing);
	const requests = await sim.requests();
	const drawn = sim.drawnLatencies(requests.length);
	return breakdown(timing, probe.records, requests, drawn, cpu);
}

const HOT_PATH_BUCKETS = [
	{ label: 'operation.read for all items (parameters, expressions, validation) before any request', pattern: /^read .*\/nodes\/Finout\/actions\// },
	{ label: 'credentialsHelper.authenticate (the harness stand-in for n8n\'s: the two auth header expressions, per request)', pattern: /^authenticate .*credentials-helper/ },
	{ label: 'getCredentials (credential lookup; a DB read + decryption in real n8n), per request', pattern: /^getCredentials / },
	{ label: 'n8n HTTP client (axios, agents, proxy detection, follow-redirects)', pattern: /node_modules\/(axios|follow-redirects|proxy-from-env|@n8n\/backend-network)\// },
	{ label: 'expression engine (all callers)', pattern: /node_modules\/n8n-workflow\/dist\/cjs\/(expression|workflow-data-proxy)/ },
	{ label: 'output shaping (toSeries / toPoints, ISO dates)', pattern: /^(toSeries|toPoints) / },
];

function breakdown(
	timing: NodeRunTiming,
	permits: PermitRecord[],
	requests: SimRequest[],
	drawn: number[],
	cpu: ReturnType<typeof summarise>,
): { tables: Table[]; findings: string[] } {
	const epoch = (perfMs: number) => performance.timeOrigin + perfMs;
	const nodeEnd = timing.nodeStart + timing.nodeMs;
	const firstAsk = epoch(Math.min(...permits.map((p) => p.askedAt)));
	const lastRelease = epoch(Math.max(...permits.map((p) => p.releasedAt)));
	const holds = permits.map((p) => p.releasedAt - p.grantedAt);
	const serverTimes = requests.map((r) => r.endedAt - r.startedAt);
	const n = requests.length;

	const preSend = firstAsk - timing.nodeStart;
	const tail = nodeEnd - lastRelease;
	const drawnTotal = sum(drawn);
	const serverExtra = sum(serverTimes) - drawnTotal;
	const clientInPermit = sum(holds) - sum(serverTimes);
	const permitTime = sum(holds) / MAX_IN_FLIGHT;
	const idlePermits = timing.nodeMs - preSend - tail - permitTime;

	// Means need no pairing of permits to requests: each permit carried exactly one request, so
	// Σ(arrival − grant) = Σ arrivals − Σ grants. Date.now() floors to the ms: +0.5 ms unbiases it.
	const arrivalsEpoch = sum(requests.map((r) => r.startedAt + 0.5));
	const endsEpoch = sum(requests.map((r) => r.endedAt + 0.5));
	const grantsEpoch = sum(permits.map((p) => epoch(p.grantedAt)));
	const releasesEpoch = sum(permits.map((p) => epoch(p.releasedAt)));
	const beforeSend = (arrivalsEpoch - grantsEpoch) / n;
	const afterResponse = (releasesEpoch - endsEpoch) / n;
	const share = (value: number) => pct(value / timing.nodeMs);
	const rows = [
		['latency the simulator drew (the ideal)', ms(drawnTotal / n), ms(drawnTotal / MAX_IN_FLIGHT), share(drawnTotal / MAX_IN_FLIGHT)],
		['simulator time beyond the drawn latency (timer lateness, I/O)', ms(serverExtra / n), ms(serverExtra / MAX_IN_FLIGHT), share(serverExtra / MAX_IN_FLIGHT)],
		['client work while holding a permit (build, auth, connect, parse)', ms(clientInPermit / n), ms(clientInPermit / MAX_IN_FLIGHT), share(clientInPermit / MAX_IN_FLIGHT)],
		['before the first request (read + validate all items)', '', ms(preSend), share(preSend)],
		['permits left unused between requests', '', ms(idlePermits), share(idlePermits)],
		['after the last response (output items, engine)', '', ms(tail), share(tail)],
		['**node execution time**', '', ms(timing.nodeMs), share(timing.nodeMs)],
	];
	const timeTable: Table = {
		title: `Where the time goes (diagnostic run: ${N_REQUESTS} items, permits timed, CPU sampled — ${ms(timing.nodeMs)})`,
		columns: ['component', 'per request', 'contribution (÷ 5 lanes)', 'share of node time'],
		rows,
	};
	const requestTable: Table = {
		title: 'Per-request times in the diagnostic run',
		columns: ['measure', 'mean', 'p50', 'p95', 'max'],
		rows: [
			['latency drawn by the simulator', ms(mean(drawn)), ms(percentile(drawn, 50)), ms(percentile(drawn, 95)), ms(Math.max(...drawn))],
			['simulator: arrival → response end', ms(mean(serverTimes)), ms(percentile(serverTimes, 50)), ms(percentile(serverTimes, 95)), ms(Math.max(...serverTimes))],
			['client: permit held (acquire granted → released)', ms(mean(holds)), ms(percentile(holds, 50)), ms(percentile(holds, 95)), ms(Math.max(...holds))],
			['client, in the permit: granted → request arrives at the simulator (auth, options, connect, send)', ms(beforeSend), '', '', ''],
			['client, in the permit: response end → permit released (receive, parse, return)', ms(afterResponse), '', '', ''],
		],
	};
	const busy = cpu.totalMs - cpu.idleMs;
	const cpuTable: Table = {
		title: `CPU of the n8n process during the diagnostic run (sampled; ${ms(busy)} busy of ${ms(cpu.totalMs)}, ${ms(busy / n)} per request)`,
		columns: ['where', 'CPU', 'per request'],
		rows: [
			...cpu.inclusive.map((bucket) => [bucket.label, ms(bucket.ms), ms(bucket.ms / n)]),
			['garbage collector', ms(cpu.gcMs), ms(cpu.gcMs / n)],
			...cpu.selfByArea
				.filter((area) => !['(idle)', '(garbage collector)'].includes(area.label))
				.slice(0, 8)
				.map((area) => [`self time in ${area.label}`, ms(area.ms), ms(area.ms / n)]),
		],
	};
	const findings = [
		`Diagnostic run: a request holds its permit ${ms(mean(holds))} on average while the simulator draws ${ms(mean(drawn))}: ${ms(clientInPermit / n)} of client time per request sits inside the 5 lanes (${ms(beforeSend)} from grant to arrival at the simulator, ${ms(afterResponse)} from response end to release), where it costs throughput directly; ${ms(preSend)} pass before the first request.`,
		`The n8n process is busy ${pct(busy / cpu.totalMs)} of the run (${ms(busy / n)} CPU per request); one event loop serves all 5 lanes, so a lane whose response has arrived waits while another lane's request is built or parsed.`,
	];
	return { tables: [timeTable, requestTable, cpuTable], findings };
}
