import type { FaultKind } from '../fake-finout/server';
import { expectSuccess, runNode, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 2, jitterMs: 2, seed: 11 });

const FAULTS: FaultKind[] = ['429', '429-no-retry-after', '429-http-date', '500', '502', '503', '504', 'drop'];

// V1: Finout's V2 create allows 50 per minute, which would stretch 200 creates over 4 minutes.
const createTag = {
	resource: 'virtualTag',
	operation: 'create',
	apiVersion: 'v1',
	name: '={{ $json.name }}',
	definitionMode: 'simple',
	ruleValue: 'production',
	costCenter: 'AWS',
	key: 'aws_account_name',
	operator: 'oneOf',
	filterValue: 'prod-core',
	defaultValue: 'Untagged',
	rateLimitHandling: { maxRetries: 12, maxTotalWaitSeconds: 600 },
};

test('200 creates under 20 % faults: no duplicates, and what was not resent surfaces per item', async () => {
	const names = Array.from({ length: 200 }, (_, index) => `n8n-reliability-${index}`);
	const before = new Set([...sim.server.state.virtualTags.values()].map((tag) => tag.name));
	sim.server.setFaults({ rate: 0.2, kinds: FAULTS });

	const result = await runNode(sim.server, createTag, { items: names.map((name) => ({ name })), continueOnFail: true });
	expectSuccess(result);
	expect(result.items).toHaveLength(200);

	const failedItems = new Set<number>();
	for (const item of result.items) {
		const index = (item.pairedItem as { item: number }).item;
		if ('error' in item.json) {
			failedItems.add(index);
			// Only changes that may have been applied are left unsent; 429s were retried.
			expect(item.json.error).toMatch(/HTTP 50[0234]|Could not reach Finout/);
			expect(String(item.json.description)).toMatch(/check in Finout/i);
		} else {
			expect(item.json.name).toBe(names[index]);
		}
	}

	const posts = sim.server.requests.filter((request) => request.method === 'POST');
	const attemptsByName = new Map<string, Array<number | 'dropped'>>();
	for (const post of posts) {
		const name = (post.body as { name: string }).name;
		attemptsByName.set(name, [...(attemptsByName.get(name) ?? []), post.status]);
	}
	for (const [, statuses] of attemptsByName) {
		// Every attempt but the last was refused with 429 (before Finout acted).
		expect(statuses.slice(0, -1).every((status) => status === 429)).toBe(true);
	}

	const created = [...sim.server.state.virtualTags.values()].map((tag) => tag.name).filter((name) => !before.has(name));
	expect(new Set(created).size).toBe(created.length);
	// A failed item's change was applied (5xx/drop come after the write) but never duplicated.
	expect(created.sort()).toEqual([...names].sort());
	expect(failedItems.size).toBeGreaterThan(10);
	expect(200 - failedItems.size).toBeGreaterThan(100);
	expect(Object.keys(sim.server.stats().injectedFaults).some((kind) => kind.startsWith('429'))).toBe(true);
});
