import { SANDBOX_CREDENTIALS, VIEW_IDS } from '../fake-finout/seed';
import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { startFinoutWorkflow, summarize } from '../harness/engine';
import { credentialsFor, expectSuccess, locator, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 150 });

const parameters = {
	resource: 'cost',
	operation: 'queryByView',
	viewId: locator(VIEW_IDS.awsByService),
	dateRange: 'last7Days',
};

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not reached in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const waitingOnKey = () => snapshotGates().reduce((sum, gate) => sum + gate.waiting, 0);
const activeOnKey = () => snapshotGates().reduce((sum, gate) => sum + gate.active, 0);

test('cancelling an execution while 50 of its requests wait: they leave the queue, others proceed', async () => {
	const credentials = credentialsFor(sim.server);
	const doomed = startFinoutWorkflow({
		parameters,
		credentials,
		items: Array.from({ length: 55 }, (_, index) => ({ index })),
	});
	await until(() => waitingOnKey() === 50 && activeOnKey() === 5);

	doomed.cancel();
	const outcome = await doomed.then(
		(run) => run.status,
		(error: Error) => error.name,
	);
	expect(['canceled', 'CancelError']).toContain(outcome);
	expect(waitingOnKey()).toBe(0);

	const survivor = await startFinoutWorkflow({
		parameters,
		credentials,
		items: Array.from({ length: 10 }, (_, index) => ({ index })),
	});
	expectSuccess(summarize(survivor));
	await until(() => activeOnKey() === 0);

	const sentForDoomed = sim.server.requests.length - 10;
	expect(sentForDoomed).toBeLessThanOrEqual(5);
	expect(snapshotGates()).toEqual([expect.objectContaining({ active: 0, waiting: 0 })]);
	expect(sim.server.stats().maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBeLessThanOrEqual(5);
});
