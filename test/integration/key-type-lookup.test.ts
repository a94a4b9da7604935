/**
 * Key Type "From the Key": the V2 keys list is read once per API key and shared by every item
 * (and by Simplify's column names), not once per item.
 */
import type { INodeParameters } from 'n8n-workflow';

import { STATIC_KEYS } from '../fake-finout/server';
import { expectSuccess, runNode, useFakeFinout } from './support';

const KEYS_ROUTE = 'v2.ql.keys';
const seededKeys = STATIC_KEYS.map(({ costCenter, key, displayName, types }) => ({ costCenter, key, displayName, types }));

const submitByKey = (key: string): INodeParameters => ({
	resource: 'costAndUsage',
	operation: 'submitQuery',
	dateRange: 'custom',
	startDate: '2026-01-05',
	endDate: '2026-01-06',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: 'AWS', key, type: 'fromKey' }] },
});

/**
 * The keys list is cached per API key and base URL: each describe starts a simulator of its own
 * (another base URL), so that no other test has cached its list.
 */
function freshSimulator() {
	const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50 });
	return {
		sim,
		keysRequests: () => sim.server.requests.filter((request) => request.route === KEYS_ROUTE).length,
		generated: () => sim.server.requests.filter((request) => request.route === 'v2.cu.generate-query'),
	};
}

describe('Key Type "From the Key" reads the keys list once per API key', () => {
	const { sim, keysRequests, generated } = freshSimulator();

	test('20 items that need a key type cost one request to the keys list', async () => {
		const items = Array.from({ length: 20 }, (_, index) => ({ index }));
		const result = await runNode(sim.server, submitByKey('service'), { items });
		expectSuccess(result);
		expect(result.items).toHaveLength(20);
		expect(keysRequests()).toBe(1);
		expect(generated()).toHaveLength(20);
		for (const request of generated()) {
			expect((request.body as { dimensions: unknown[] }).dimensions).toEqual([
				{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' },
			]);
		}
	});

});

describe('a failed read of the keys list', () => {
	const { sim, keysRequests, generated } = freshSimulator();

	test('is not kept: the next run reads it again', async () => {
		sim.server.failNext({ path: KEYS_ROUTE, status: 403, afterMutation: false });
		const failed = await runNode(sim.server, submitByKey('service'), { items: [{}, {}] });
		expect(failed.status).toBe('error');
		expect(generated()).toHaveLength(0);

		const retried = await runNode(sim.server, submitByKey('service'));
		expectSuccess(retried);
		expect(keysRequests()).toBe(2);
		expect(generated()).toHaveLength(1);
	});
});

describe('a keys list read earlier', () => {
	const { sim, keysRequests, generated } = freshSimulator();

	test('a key missing from it is looked up again before it is called unknown', async () => {
		const withoutRegion = seededKeys.filter((entry) => !(entry.costCenter === 'AWS' && entry.key === 'region'));
		sim.server.failNext({
			path: KEYS_ROUTE,
			status: 200,
			body: { requestId: 'keys-before-region', data: { keys: withoutRegion } },
			afterMutation: false,
		});
		expectSuccess(await runNode(sim.server, submitByKey('service')));
		sim.server.reset();

		expectSuccess(await runNode(sim.server, submitByKey('region')));
		expect(keysRequests()).toBe(1);
		expect((generated()[0].body as { dimensions: unknown[] }).dimensions).toEqual([
			{ costCenter: 'AWS', key: 'region', type: 'billing_dimension' },
		]);
	});

	test('a key Finout does not list at all is still the same clear error, naming the item', async () => {
		const result = await runNode(sim.server, submitByKey('no_such_key'), { items: [{}, {}], continueOnFail: true });
		expectSuccess(result);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Dimension 1: "no_such_key" is not a key of cost center "AWS" (item 0)',
			'Dimension 1: "no_such_key" is not a key of cost center "AWS" (item 1)',
		]);
		expect(generated()).toHaveLength(0);
	});
});

describe('a keys list of the wrong shape', () => {
	const { sim, generated } = freshSimulator();

	test('"types" as a text instead of a list is an unexpected answer: the query is not sent with its first letter as the type', async () => {
		const keys = seededKeys.map((entry) =>
			entry.costCenter === 'AWS' && entry.key === 'service' ? { ...entry, types: 'billing_dimension' } : entry,
		);
		sim.server.failNext({ path: KEYS_ROUTE, status: 200, body: { requestId: 'keys-wrong-types', data: { keys } }, afterMutation: false });
		const result = await runNode(sim.server, submitByKey('service'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Finout answered with an unexpected response \(GET \/v2\/query-language\/keys,/);
		expect(result.error?.message).toMatch(/"data\.keys\[\d+\]\.types" list/);
		expect(generated()).toHaveLength(0);
	});

	test.each([
		['an empty type', { types: [''] }, '.types[0]" text'],
		['a display name that is not a text', { displayName: 7 }, '.displayName" text'],
	])('%s is an unexpected answer', async (_name, change, field) => {
		const keys = seededKeys.map((entry) => (entry.costCenter === 'AWS' && entry.key === 'service' ? { ...entry, ...change } : entry));
		sim.server.failNext({ path: KEYS_ROUTE, status: 200, body: { requestId: 'keys-wrong-entry', data: { keys } }, afterMutation: false });
		const result = await runNode(sim.server, submitByKey('service'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(field);
		expect(generated()).toHaveLength(0);
	});
});
