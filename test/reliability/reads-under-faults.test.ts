import type { FaultKind } from '../fake-finout/server';
import { VIEW_IDS } from '../fake-finout/seed';
import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 2, jitterMs: 2, seed: 7 });

const ALL_FAULTS: FaultKind[] = ['429', '429-no-retry-after', '429-http-date', '500', '502', '503', '504', 'drop'];
const views = Object.values(VIEW_IDS);

test('1,000 reads with 20 % faults: every item succeeds and the output equals a fault-free run', async () => {
	const items = Array.from({ length: 1000 }, (_, index) => ({ view: views[index % views.length] }));
	const parameters = {
		resource: 'cost',
		operation: 'queryByView',
		viewId: locator('={{ $json.view }}'),
		dateRange: 'custom',
		startDate: '2026-01-01',
		endDate: '2026-01-03T23:59:59Z',
		output: 'series',
		rateLimitHandling: { maxRetries: 12, maxTotalWaitSeconds: 600 },
	};

	const clean = await runNode(sim.server, parameters, { items });
	expectSuccess(clean);
	const cleanRequests = sim.server.stats().totalRequests;

	sim.server.reset();
	sim.server.setFaults({ rate: 0.2, kinds: ALL_FAULTS });
	const faulty = await runNode(sim.server, parameters, { items });
	expectSuccess(faulty);

	const stats = sim.server.stats();
	const injected = Object.values(stats.injectedFaults).reduce((sum, count) => sum + count, 0);
	expect(injected).toBeGreaterThan(150);
	expect(stats.totalRequests).toBe(cleanRequests + injected);
	expect(jsonOf(faulty)).toEqual(jsonOf(clean));
	expect(faulty.items.map((item) => item.pairedItem)).toEqual(clean.items.map((item) => item.pairedItem));
	expect(Math.max(...Object.values(stats.maxInFlightByKey))).toBeLessThanOrEqual(5);
	expect(snapshotGates().every((gate) => gate.active === 0 && gate.waiting === 0)).toBe(true);
});
