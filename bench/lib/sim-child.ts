/**
 * The Finout simulator in its own process, driven over IPC by bench/lib/sim.ts.
 *
 * Why a separate process: in production Finout is not inside the n8n process. Running the
 * simulator in the benchmark's own event loop would charge its work (and its late timers) to
 * the node under test. Here n8n (or the in-process engine) and "Finout" each have a core.
 */
import type { FakeFinout, FakeFinoutOptions, RequestRecord } from '../../test/fake-finout/server';
import { startFakeFinout } from '../../test/fake-finout/server';

export type SimCommand =
	| { cmd: 'start'; options: FakeFinoutOptions }
	| { cmd: 'stats' }
	| { cmd: 'reset' }
	| { cmd: 'requests' }
	| { cmd: 'close' };

/** A request-log entry without headers or bodies (what the benchmarks read). */
export type SimRequest = Pick<
	RequestRecord,
	'id' | 'method' | 'path' | 'route' | 'clientId' | 'status' | 'startedAt' | 'endedAt' | 'inFlightAtStart'
> & {
	/** The body's `name`, when it has one (creates): how duplicated mutations are counted. */
	name?: string;
};

let sim: FakeFinout | undefined;

function nameOf(body: unknown): string | undefined {
	const name = body && typeof body === 'object' ? (body as { name?: unknown }).name : undefined;
	return typeof name === 'string' ? name : undefined;
}

async function handle(message: SimCommand): Promise<unknown> {
	switch (message.cmd) {
		case 'start':
			await sim?.close();
			sim = await startFakeFinout({ maxLoggedRequests: 500_000, ...message.options });
			return { url: sim.url };
		case 'stats':
			return sim!.stats();
		case 'reset':
			sim!.reset();
			return null;
		case 'requests':
			return sim!.requests.map(
				(r): SimRequest => ({
					id: r.id,
					method: r.method,
					path: r.path,
					route: r.route,
					clientId: r.clientId,
					status: r.status,
					startedAt: r.startedAt,
					endedAt: r.endedAt,
					inFlightAtStart: r.inFlightAtStart,
					name: nameOf(r.body),
				}),
			);
		case 'close':
			await sim?.close();
			sim = undefined;
			return null;
	}
}

process.on('message', (raw: { id: number } & SimCommand) => {
	handle(raw).then(
		(result) => process.send!({ id: raw.id, result }),
		(error: unknown) => process.send!({ id: raw.id, error: error instanceof Error ? error.message : String(error) }),
	);
});
process.on('disconnect', () => process.exit(0));
