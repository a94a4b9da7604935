import { VT_IDS } from '../fake-finout/seed';
import { expectSuccess, locator, runNode, simpleTagCreate, useFakeFinout } from '../integration/support';

const sim = useFakeFinout();

const createTag = (apiVersion: string, name: string) => simpleTagCreate(name, { apiVersion, type: 'tag' });

const tagsNamed = (name: string) => [...sim.server.state.virtualTags.values()].filter((tag) => tag.name === name);
const lines = () => sim.server.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

describe('an uncertain create is looked up by name instead of reported', () => {
	test.each([
		['v1', 500],
		['v1', 'drop'],
		['v2', 502],
		// What a CDN in front of an API answers when the origin took too long or answered oddly.
		['v1', 520],
		['v2', 524],
	] as const)('%s create answered %s after Finout saved it: the item succeeds with that tag, nothing is sent twice', async (apiVersion, status) => {
		sim.server.failNext({ method: 'POST', status });

		const result = await runNode(sim.server, createTag(apiVersion, 'Reconciled'));

		expectSuccess(result);
		const [tag] = tagsNamed('Reconciled');
		expect(tagsNamed('Reconciled')).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual(expect.objectContaining({ id: tag.id, name: 'Reconciled', defaultValue: 'Untagged' }));
		expect(sim.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	test('a create answered 524 (a CDN gave up while Finout may still be saving it) that a lookup does not find is not sent again', async () => {
		sim.server.failNext({ method: 'POST', status: 524, afterMutation: false });

		const result = await runNode(sim.server, createTag('v2', 'Still Saving'));

		expect(result.status).toBe('error');
		expect(lines().filter((line) => line.startsWith('POST'))).toEqual(['POST /v2/virtual-tags 524']);
		expect(result.error?.description).toMatch(/not sent again/);
	});

	test('a create that failed before Finout saved it is sent again', async () => {
		sim.server.failNext({ method: 'POST', status: 503, afterMutation: false });

		const result = await runNode(sim.server, createTag('v1', 'Resent'));

		expectSuccess(result);
		expect(tagsNamed('Resent')).toHaveLength(1);
		expect(result.items[0].json.id).toBe(tagsNamed('Resent')[0].id);
		expect(lines().filter((line) => line.startsWith('POST'))).toEqual(['POST /v1/virtual-tags 503', 'POST /v1/virtual-tags 201']);
	});

	test('a same-named tag existed before: ambiguous, the error says to check Finout, nothing is resent', async () => {
		sim.server.failNext({ method: 'POST', status: 500 });

		const result = await runNode(sim.server, createTag('v1', 'Team'));

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/HTTP 500/);
		expect(result.error?.description).toMatch(/check in Finout/i);
		expect(result.error?.description).toMatch(/"Team" already existed/);
		expect(tagsNamed('Team')).toHaveLength(2);
		expect(sim.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	test('a notification endpoint whose connection dropped after Finout saved it: the item succeeds with it', async () => {
		sim.server.failNext({ method: 'POST', status: 'drop' });
		const parameters = { resource: 'notificationEndpoint', operation: 'create', endpointType: 'email', name: 'FinOps (reconciled)', to: 'finops@example.com' };

		const result = await runNode(sim.server, parameters);

		expectSuccess(result);
		const saved = [...sim.server.state.endpoints.values()].filter((endpoint) => endpoint.name === 'FinOps (reconciled)');
		expect(saved).toHaveLength(1);
		expect(result.items[0].json).toEqual(expect.objectContaining({ id: saved[0].id, name: 'FinOps (reconciled)', type: 'email' }));
	});
});

describe('uncertain updates and deletes are checked by reading the tag', () => {
	test.each([
		['after', true],
		['before', false],
	] as const)('a delete answered 500 %s Finout acted: the tag is gone and the item succeeds', async (_when, afterMutation) => {
		sim.server.failNext({ method: 'DELETE', status: 500, afterMutation });

		const result = await runNode(sim.server, { resource: 'virtualTag', operation: 'delete', apiVersion: 'v1', virtualTagId: locator(VT_IDS.demoFeature) });

		expectSuccess(result);
		expect(result.items.map((item) => item.json)).toEqual([{ id: VT_IDS.demoFeature, deleted: true }]);
		expect(sim.server.state.virtualTags.has(VT_IDS.demoFeature)).toBe(false);
	});

	test.each([
		['after', true],
		['before', false],
	] as const)('an update answered 502 %s Finout saved it: the item succeeds with the saved tag', async (_when, afterMutation) => {
		sim.server.failNext({ method: 'PUT', status: 502, afterMutation });
		const parameters = {
			resource: 'virtualTag',
			operation: 'update',
			apiVersion: 'v1',
			virtualTagId: locator(VT_IDS.team),
			rulesUpdate: 'keep',
			updateFields: { name: 'Team (renamed)' },
		};

		const result = await runNode(sim.server, parameters);

		expectSuccess(result);
		expect(sim.server.state.virtualTags.get(VT_IDS.team)!.name).toBe('Team (renamed)');
		expect(result.items[0].json).toEqual(expect.objectContaining({ id: VT_IDS.team, name: 'Team (renamed)' }));
	});

	test('a V1 metadata merge whose answer was lost: the item succeeds with what Finout saved', async () => {
		sim.server.failNext({ method: 'PUT', status: 'drop' });
		const parameters = {
			resource: 'virtualTagMetadata',
			operation: 'update',
			apiVersion: 'v1',
			virtualTagId: locator(VT_IDS.team),
			mode: 'merge',
			metadata: JSON.stringify({ Payments: { customMetadata: { tier: '1' } } }),
		};

		const result = await runNode(sim.server, parameters);

		expectSuccess(result);
		expect(sim.server.state.metadata.get(VT_IDS.team)!.Payments.customMetadata).toEqual(expect.objectContaining({ tier: '1', owner: 'Dana' }));
		expect(result.items[0].json).toEqual(expect.objectContaining({ virtualTagId: VT_IDS.team, value: 'Payments' }));
	});
});
