/**
 * `npm run sandbox`: run the fake Finout API locally so the node can be tried in n8n
 * without a Finout account.
 *
 *   npm run sandbox -- --port 18990 --latency 50 --jitter 20 --fault-rate 0.05 --v2-window-ms 60000
 *
 * Logs one line per request (method, path, status, duration, clientId — never the secret)
 * and stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { FAULT_KINDS, SANDBOX_CREDENTIALS, startFakeFinout, type RequestRecord } from './server';

const USAGE = `Usage: tsx test/fake-finout/cli.ts [--port N] [--latency MS] [--jitter MS] [--fault-rate 0..1] [--v2-window-ms MS]
  --port          port on 127.0.0.1 (default: $FINOUT_SANDBOX_PORT or 18990)
  --latency       mean response latency in ms (default 50)
  --jitter        ± uniform jitter in ms (default 20)
  --fault-rate    probability of a random fault per request (default 0; kinds: ${FAULT_KINDS.join(', ')})
  --v2-window-ms  length of the V2 per-route rate-limit window (default 60000)`;

function numberOption(values: Record<string, string | boolean | undefined>, name: string, fallback: number): number {
	const raw = values[name];
	if (raw === undefined) return fallback;
	const n = Number(raw);
	if (typeof raw !== 'string' || !Number.isFinite(n) || n < 0) {
		console.error(`--${name} must be a non-negative number (got ${String(raw)})\n\n${USAGE}`);
		process.exit(2);
	}
	return n;
}

function formatLine(r: RequestRecord): string {
	const qs = new URLSearchParams(r.query).toString();
	const ms = Math.max(0, r.endedAt - r.startedAt);
	return `${new Date(r.endedAt).toISOString()} ${r.method} ${r.path}${qs ? `?${qs}` : ''} ${r.status} ${ms}ms ${r.clientId ?? '-'}`;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			latency: { type: 'string' },
			jitter: { type: 'string' },
			'fault-rate': { type: 'string' },
			'v2-window-ms': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const envPort = process.env.FINOUT_SANDBOX_PORT ? Number(process.env.FINOUT_SANDBOX_PORT) : 18990;
	const port = numberOption(values, 'port', envPort);
	const faultRate = numberOption(values, 'fault-rate', 0);
	if (faultRate > 1) {
		console.error('--fault-rate must be within 0..1');
		process.exit(2);
	}

	const sim = await startFakeFinout({
		port,
		latencyMs: numberOption(values, 'latency', 50),
		jitterMs: numberOption(values, 'jitter', 20),
		v2WindowMs: numberOption(values, 'v2-window-ms', 60_000),
		faults: faultRate > 0 ? { rate: faultRate, kinds: [...FAULT_KINDS] } : undefined,
		onRequestEnd: (r) => console.log(formatLine(r)),
	});

	console.log(`Fake Finout API listening on ${sim.url}`);
	console.log(`  Client ID:  ${SANDBOX_CREDENTIALS.clientId}`);
	console.log(`  Secret Key: ${SANDBOX_CREDENTIALS.secretKey}`);
	console.log(`Hint: in n8n, create a Finout credential with base URL ${sim.url} and the key pair above. Ctrl+C to stop.`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal} received, stopping…`);
		sim.close().then(
			() => process.exit(0),
			(e: unknown) => {
				console.error(e);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
