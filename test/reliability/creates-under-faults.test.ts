import type { FaultKind } from '../fake-finout/server';
import { expectSuccess, runNode, simpleTagCreate, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 2, jitterMs: 2, seed: 11 });

const FAULTS: FaultKind[] = ['429', '429-no-retry-after', '429-http-date', '500', '502', '503', '504', 'drop'];

// V1: Finout's V2 create allows 50 per minute, which would stretch 200 creates over 4 minutes.
const createTag = simpleTagCreate('={{ $json.name }}', { rateLimitHandling: { maxRetries: 12, maxTotalWaitSeconds: 600 } });

test('200 creates under 20 % faults: every item succeeds, uncertain ones are looked up, no duplicates', async () => {
	const names = Array.from({ length: 200 }, (_, index) => `n8n-reliability-${index}`);
	const before = new Set([...sim.server.state.virtualTags.values()].map((tag) => tag.name));
	sim.server.setFaults({ rate: 0.2, kinds: FAULTS });

	const result = await runNode(sim.server, createTag, { items: names.map((name) => ({ name })), continueOnFail: true });
	expectSuccess(result);
	expect(result.items).toHaveLength(200);

	for (const item of result.items) {
		const index = (item.pairedItem as { item: number }).item;
		expect(item.json).not.toHaveProperty('error');
		expect(item.json.name).toBe(names[index]);
	}
	const created = [...sim.server.state.virtualTags.values()].filter((tag) => !before.has(tag.name));
	// Each item carries the ID of the one tag with its name.
	const idByName = new Map(created.map((tag) => [tag.name, tag.id]));
	for (const item of result.items) expect(item.json.id).toBe(idByName.get(String(item.json.name)));

	expect(new Set(created.map((tag) => tag.name)).size).toBe(created.length);
	expect(created.map((tag) => tag.name).sort()).toEqual([...names].sort());

	// Faults after Finout acted (5xx, drops) really happened and were reconciled, not resent blindly.
	const uncertain = sim.server.requests.filter(
		(request) => request.method === 'POST' && (request.status === 'dropped' || Number(request.status) >= 500),
	);
	expect(uncertain.length).toBeGreaterThan(10);
	expect(Object.keys(sim.server.stats().injectedFaults).some((kind) => kind.startsWith('429'))).toBe(true);
});
