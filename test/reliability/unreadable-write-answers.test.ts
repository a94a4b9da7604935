import type { INodeParameters } from 'n8n-workflow';

import { VT_IDS } from '../fake-finout/seed';
import { expectSuccess, locator, runNode, useFakeFinout } from '../integration/support';

/**
 * Finout answered a change with 2xx, but with a body the node cannot read (a proxy's text, an
 * HTML page, JSON of another shape). The change was most likely applied: the item must not blame
 * the Base URL and invite a re-run that creates it twice, and must never send it again itself.
 */
const sim = useFakeFinout();

const createTag = (name: string): INodeParameters => ({
	resource: 'virtualTag',
	operation: 'create',
	apiVersion: 'v2',
	name,
	definitionMode: 'json',
	rules: '[]',
	defaultValue: 'unallocated',
});

const tagsNamed = (name: string) => [...sim.server.state.virtualTags.values()].filter((tag) => tag.name === name);
const posts = () => sim.server.requests.filter((request) => request.method === 'POST');

describe('a change answered 2xx with a body that cannot be read', () => {
	test('a create Finout applied is found by name: the item succeeds with the saved tag, one POST', async () => {
		sim.server.failNext({ method: 'POST', path: '/v2/virtual-tags', status: 201, body: 'Created', contentType: 'text/plain', afterMutation: true });

		const result = await runNode(sim.server, createTag('Unreadable Created'));

		expectSuccess(result);
		const saved = tagsNamed('Unreadable Created');
		expect(saved).toHaveLength(1);
		expect(result.items.map((item) => item.json.id)).toEqual([saved[0].id]);
		expect(posts()).toHaveLength(1);
	});

	test('a create answered 201 with JSON of another shape (no tag in it) is found by name the same way', async () => {
		sim.server.failNext({ method: 'POST', path: '/v2/virtual-tags', status: 201, body: {}, afterMutation: true });

		const result = await runNode(sim.server, createTag('Unreadable Shape'));

		expectSuccess(result);
		expect(result.items.map((item) => item.json.id)).toEqual([tagsNamed('Unreadable Shape')[0].id]);
		expect(posts()).toHaveLength(1);
	});

	test('a create answered 2xx that a lookup cannot find is not sent again, and the error says it was probably applied', async () => {
		sim.server.failNext({ method: 'POST', path: '/v2/virtual-tags', status: 200, body: '<html>OK</html>', contentType: 'text/html', afterMutation: false });

		const result = await runNode(sim.server, createTag('Unreadable Lost'));

		expect(result.status).toBe('error');
		expect(posts()).toHaveLength(1);
		expect(`${result.error?.message} ${result.error?.description}`).toMatch(/probably applied/);
		expect(result.error?.description).toMatch(/check Finout before running this item again/i);
	});

	test('a delete answered 2xx with text is checked by reading: the tag is gone, the item succeeds', async () => {
		sim.server.failNext({ method: 'DELETE', status: 200, body: 'Deleted', contentType: 'text/plain', afterMutation: true });

		const result = await runNode(sim.server, { resource: 'virtualTag', operation: 'delete', apiVersion: 'v1', virtualTagId: locator(VT_IDS.demoFeature) });

		expectSuccess(result);
		expect(result.items.map((item) => item.json)).toEqual([{ id: VT_IDS.demoFeature, deleted: true }]);
		expect(sim.server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
	});
});
