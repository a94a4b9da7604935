import { VT_IDS } from '../fake-finout/seed';
import { activeTargetLanes } from '../../nodes/Finout/actions/common/targetLanes';
import { expectSuccess, locator, runNode, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 20 });

const metadataMerge = {
	resource: 'virtualTagMetadata',
	operation: 'update',
	apiVersion: 'v1',
	virtualTagId: locator('={{ $json.tag }}'),
	mode: 'merge',
	metadata: '={{ JSON.stringify({ [$json.value]: { customMetadata: { owner: $json.owner } } }) }}',
};

const lines = () => sim.server.requests.map((request) => `${request.method} ${request.path}`);

test('three metadata merges on one tag (V1): all three values are stored', async () => {
	const items = ['Alpha', 'Beta', 'Gamma'].map((value) => ({ tag: VT_IDS.team, value, owner: value.toLowerCase() }));

	const seededPayments = structuredClone(sim.server.state.metadata.get(VT_IDS.team)!.Payments);
	const result = await runNode(sim.server, metadataMerge, { items });

	expectSuccess(result);
	const stored = sim.server.state.metadata.get(VT_IDS.team)!;
	expect(stored.Alpha).toEqual({ customMetadata: { owner: 'alpha' } });
	expect(stored.Beta).toEqual({ customMetadata: { owner: 'beta' } });
	expect(stored.Gamma).toEqual({ customMetadata: { owner: 'gamma' } });
	// Seeded values survive too.
	expect(stored.Payments).toBeDefined();
	expect(stored.Payments).toEqual(seededPayments);
	const path = `/v1/virtual-tags/${VT_IDS.team}/metadata`;
	expect(lines()).toEqual([`GET ${path}`, `PUT ${path}`, `GET ${path}`, `PUT ${path}`, `GET ${path}`, `PUT ${path}`]);
	expect(activeTargetLanes()).toBe(0);
});

test('items on two tags still run concurrently, each tag in item order', async () => {
	const items = [
		{ tag: VT_IDS.team, value: 'Alpha', owner: 'a' },
		{ tag: VT_IDS.environment, value: 'Alpha', owner: 'a' },
		{ tag: VT_IDS.team, value: 'Beta', owner: 'b' },
		{ tag: VT_IDS.environment, value: 'Beta', owner: 'b' },
	];

	const result = await runNode(sim.server, metadataMerge, { items });

	expectSuccess(result);
	for (const tag of [VT_IDS.team, VT_IDS.environment]) {
		expect(Object.keys(sim.server.state.metadata.get(tag)!)).toEqual(expect.arrayContaining(['Alpha', 'Beta']));
	}
	const requests = sim.server.requests;
	const firstTeamPut = requests.find((request) => request.method === 'PUT' && request.path.includes(VT_IDS.team))!;
	const firstEnvironmentGet = requests.find((request) => request.method === 'GET' && request.path.includes(VT_IDS.environment))!;
	// The second tag's read did not wait for the first tag's write.
	expect(firstEnvironmentGet.startedAt).toBeLessThan(firstTeamPut.endedAt);
	expect(sim.server.stats().maxInFlightByKey).not.toEqual({});
	expect(Math.max(...requests.map((request) => request.inFlightAtStart))).toBeGreaterThan(0);
	expect(activeTargetLanes()).toBe(0);
});

test('Virtual Tag → Update keeping current rules: an item does not undo the rules another item just set', async () => {
	const newRules = [{ to: 'core', filters: { costCenter: 'AWS', key: 'aws_account_name', operator: 'oneOf', value: ['prod-core'] } }];
	const update = {
		resource: 'virtualTag',
		operation: 'update',
		apiVersion: 'v1',
		virtualTagId: locator(VT_IDS.team),
		rulesUpdate: '={{ $json.rulesUpdate }}',
		rules: JSON.stringify(newRules),
		// Filled only because n8n asks for the simple rule's fields whenever Rules is an expression.
		ruleValue: 'unused',
		costCenter: 'AWS',
		key: 'aws_account_name',
		filterValue: 'unused',
		updateFields: { name: '={{ $json.name }}' },
	};
	// Item 0 replaces the rules; item 1 renames the tag and keeps whatever rules it finds.
	const items = [
		{ rulesUpdate: 'json', name: 'Team' },
		{ rulesUpdate: 'keep', name: 'Team (renamed)' },
	];

	const result = await runNode(sim.server, update, { items });

	expectSuccess(result);
	const tag = sim.server.state.virtualTags.get(VT_IDS.team)!;
	expect(tag.name).toBe('Team (renamed)');
	expect(tag.rules).toEqual(newRules);
	expect(activeTargetLanes()).toBe(0);
});

test('a failed write releases the lane: the next item on the tag still runs', async () => {
	sim.server.failNext({ method: 'PUT', status: 400, body: { message: 'refused' } });
	const items = ['Alpha', 'Beta'].map((value) => ({ tag: VT_IDS.team, value, owner: value }));

	const result = await runNode(sim.server, metadataMerge, { items, continueOnFail: true });

	expectSuccess(result);
	expect('error' in result.items[0].json).toBe(true);
	expect(sim.server.state.metadata.get(VT_IDS.team)!.Beta).toEqual({ customMetadata: { owner: 'Beta' } });
	expect(activeTargetLanes()).toBe(0);
});
