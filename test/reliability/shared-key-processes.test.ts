import type * as Engine from '../harness/engine';
import { SANDBOX_CREDENTIALS, VIEW_IDS } from '../fake-finout/seed';
import { credentialsFor, locator, useFakeFinout } from '../integration/support';

/**
 * n8n queue mode runs one key's executions in several worker processes, each with its own module
 * state. Loading the node in isolated module registries gives each "worker" its own queue, as a
 * separate process would; the one simulator sees them all, as Finout does.
 */
function loadWorker(): typeof Engine {
	let engine: typeof Engine | undefined;
	jest.isolateModules(() => {
		engine = jest.requireActual<typeof Engine>('../harness/engine');
	});
	return engine!;
}

const sim = useFakeFinout({ latencyMs: 30, jitterMs: 10 });
const KEY = SANDBOX_CREDENTIALS.clientId;
const queryByView = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService), dateRange: 'last7Days' };
const items = Array.from({ length: 20 }, (_, index) => ({ index }));

test('three workers on one key with the default credential: nothing fails and Finout refuses few requests', async () => {
	const workers = [loadWorker(), loadWorker(), loadWorker()];
	const runs = await Promise.all(
		workers.flatMap((worker) =>
			[0, 1, 2].map(() => worker.runFinoutWorkflow({ parameters: queryByView, credentials: credentialsFor(sim.server), items })),
		),
	);
	expect(runs.map((run) => run.status)).toEqual(Array(9).fill('success'));
	const stats = sim.server.stats();
	const refused = stats.concurrency429ByKey[KEY] ?? 0;
	// Without adaptation each worker keeps 5 in flight: about half of all attempts are refused.
	expect(refused / sim.server.requests.length).toBeLessThan(0.15);
});

test('one worker alone on the key keeps all five permits and is never refused', async () => {
	const worker = loadWorker();
	const runs = await Promise.all(
		[0, 1].map(() => worker.runFinoutWorkflow({ parameters: queryByView, credentials: credentialsFor(sim.server), items })),
	);
	expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
	const stats = sim.server.stats();
	expect(stats.concurrency429ByKey[KEY] ?? 0).toBe(0);
	expect(stats.maxInFlightByKey[KEY]).toBe(5);
});
