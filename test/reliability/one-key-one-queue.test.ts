import { SANDBOX_CREDENTIALS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { startFinoutWorkflow, summarize } from '../harness/engine';
import { credentialsFor, locator, runNode, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 30, jitterMs: 10 });
const KEY = SANDBOX_CREDENTIALS.clientId;

const queryByView = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService), dateRange: 'last7Days' };
const items = Array.from({ length: 10 }, (_, index) => ({ index }));

test('two spellings of one Base URL share one queue: nothing refused, at most 5 in flight', async () => {
	const upper = sim.server.url.replace('http://', 'HTTP://') + '/';
	const runs = await Promise.all(
		[upper, sim.server.url].map((baseUrl) =>
			startFinoutWorkflow({ parameters: queryByView, credentials: credentialsFor(sim.server, { baseUrl }), items }),
		),
	);
	expect(runs.map((run) => summarize(run).status)).toEqual(['success', 'success']);
	const stats = sim.server.stats();
	expect(stats.concurrency429ByKey[KEY] ?? 0).toBe(0);
	expect(stats.maxInFlightByKey[KEY]).toBeLessThanOrEqual(5);
});

test('a credential with a higher Max Concurrent Requests does not undo a lower one on the same key', async () => {
	const lowered = await runNode(sim.server, queryByView, { items, credentials: { maxConcurrentRequests: 2 } });
	expect(lowered.status).toBe('success');
	sim.server.reset();
	const other = await runNode(sim.server, queryByView, { items, credentials: { maxConcurrentRequests: 5 } });
	expect(other.status).toBe('success');
	expect(sim.server.stats().maxInFlightByKey[KEY]).toBe(2);
});

describe('IDs that would change the path are refused before sending', () => {
	test.each(['..', '.', '%2e%2e', '%2E%2e', '%2e', 'a/b', '../x'])('virtual tag Delete with ID %j sends nothing', async (id) => {
		const result = await runNode(sim.server, { resource: 'virtualTag', operation: 'delete', virtualTagId: locator(id) });
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/Virtual Tag/);
		expect(result.error?.message).toMatch(/\(item 0\)/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('virtual tag version Get with version ID ".." sends nothing', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'get',
			virtualTagId: locator(VT_IDS.team),
			versionId: '..',
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/Version ID/);
		expect(result.error?.message).toMatch(/\(item 0\)/);
		expect(sim.server.requests).toHaveLength(0);
	});
});
