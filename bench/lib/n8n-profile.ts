/**
 * Unless `--no-profile` is given, the HTTP Request section runs this package's variant once more,
 * alone, in a second `n8n execute` under V8's CPU profiler, and splits n8n's CPU over the span in
 * which the node sends its requests. The profiler slows n8n down, so only the split is meaningful.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CredentialJson } from '../../scripts/examples';
import type { Table } from '../report';
import type { Variant } from './comparison-workflow';
import { workflow } from './comparison-workflow';
import type { BenchN8n } from './n8n';
import { importAndExecute } from './n8n';
import type { Profile } from './profile';
import { summarise } from './profile';
import type { SimProcess } from './sim';
import { JITTER_MS, LATENCY_MS, MAX_IN_FLIGHT } from './sim';
import { ms } from './stats';
import { N_REQUESTS } from './workload';

/**
 * The span of the measured node: frames that take CPU on every request (n8n's request helper and
 * axios; only Finout nodes make HTTP requests in the profiled workflow), last burst only (the
 * read phase of the measured node separates it from the warm-up node).
 */
const PROFILE_WINDOW = /^httpRequestWithAuthentication |node_modules\/axios\//;

const REAL_N8N_BUCKETS = [
	{ label: 'httpRequestWithAuthentication: all of n8n\'s per-request work up to the socket', pattern: /^httpRequestWithAuthentication / },
	{ label: '… getCredentials → getDecrypted (credential read from the DB, decrypted, its expressions resolved)', pattern: /^getDecrypted / },
	{ label: '… credentialsHelper.authenticate (the credential\'s authenticate function)', pattern: /^authenticate .*credentials-helper/ },
	{ label: 'SQLite + TypeORM (all callers)', pattern: /node_modules\/(sqlite3|@n8n\/typeorm)\// },
	{ label: 'expression runtime, isolated-vm bridge (all callers)', pattern: /node_modules\/@n8n\/expression-runtime\// },
	{ label: 'HTTP client: axios, agents, proxy detection, redirects', pattern: /node_modules\/(axios|follow-redirects|proxy-from-env|@n8n\/backend-network)\// },
];

export async function profileOurs(n8n: BenchN8n, sim: SimProcess, variant: Variant, warmUp: Variant): Promise<{ table: Table; finding: string }> {
	const both = [warmUp, variant];
	await sim.start({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, seed: 3, credentials: both.map(({ clientId, secretKey }) => ({ clientId, secretKey })) });
	const dir = mkdtempSync(join(tmpdir(), 'n8n-finout-bench-prof-'));
	try {
		const credentials: CredentialJson[] = both.map((entry) => ({
			id: entry.credentialId,
			name: entry.nodeName,
			type: 'finoutApi',
			data: { clientId: entry.clientId, secretKey: entry.secretKey, baseUrl: sim.url, maxConcurrentRequests: MAX_IN_FLIGHT },
		}));
		await importAndExecute(n8n, credentials, workflow([variant], sim.url, warmUp, 'BenchProfileFinou'), both.map((entry) => entry.secretKey), { cpuProfileDir: dir });
		// n8n's own process writes the largest profile (its task runner writes a small one).
		const file = readdirSync(dir)
			.filter((name) => name.endsWith('.cpuprofile'))
			.map((name) => join(dir, name))
			.sort((a, b) => statSync(b).size - statSync(a).size)[0];
		const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, REAL_N8N_BUCKETS, PROFILE_WINDOW, 300);
		const n = N_REQUESTS;
		const busy = summary.totalMs - summary.idleMs;
		const table: Table = {
			title: `CPU of n8n while this package sends its ${n} requests (second execution under --cpu-prof; ${ms(busy)} busy in a ${ms(summary.windowMs)} span)`,
			columns: ['where (inclusive, synchronous stacks)', 'CPU', 'per request'],
			rows: [
				...summary.inclusive.map((bucket) => [bucket.label, ms(bucket.ms), ms(bucket.ms / n)]),
				['garbage collector', ms(summary.gcMs), ms(summary.gcMs / n)],
				...summary.selfByArea
					.filter((area) => !['(idle)', '(garbage collector)'].includes(area.label))
					.slice(0, 8)
					.map((area) => [`self time in ${area.label}`, ms(area.ms), ms(area.ms / n)]),
			],
		};
		const [helper, decrypt, authenticate, , isolate, client] = summary.inclusive;
		const rereads = decrypt.ms / n >= 0.05
			? `n8n re-reads and decrypts the credential for every request (${ms(decrypt.ms / n)})`
			: 'n8n no longer re-reads the credential per request (the transport hands it back as credentialsDecrypted)';
		return {
			table,
			finding: `Under the profiler n8n spends ${ms(busy / n)} of CPU per request of this package, all of it while the request holds one of the 5 permits: ${ms(helper.ms / n)} in httpRequestWithAuthentication before the socket is written, of which credentialsHelper.authenticate (the credential's authenticate function, no expressions since the generic block's two header expressions cost 2.22 ms here) takes ${ms(authenticate.ms / n)} and the isolated-vm expression runtime ${ms(isolate.ms / n)} per request in all — and ${ms(client.ms / n)} in the HTTP client; ${rereads}.`,
		};
	} finally {
		// BENCH_KEEP_PROFILE=1 keeps the .cpuprofile files (open them in Chrome DevTools).
		if (process.env.BENCH_KEEP_PROFILE) process.stderr.write(`[bench:http-node] CPU profiles kept in ${dir}\n`);
		else rmSync(dir, { recursive: true, force: true });
	}
}
