import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode } from 'n8n-workflow';
import { NodeApiError, Workflow } from 'n8n-workflow';

import { searchCostCenters, searchKeys } from '../../nodes/Finout/methods/listSearch/keys';
import { searchScans } from '../../nodes/Finout/methods/listSearch/scans';
import { searchViews } from '../../nodes/Finout/methods/listSearch/views';
import { searchVirtualTags } from '../../nodes/Finout/methods/listSearch/virtualTags';
import { additionalDataFor, FINOUT_NODE_TYPE, TestNodeTypes } from '../harness/engine';
import { credentialsFor, useFakeFinout } from '../integration/support';

/**
 * The editor's lists (From List locators) read the same answers as the operations: a
 * wrong-shaped 200 is the unexpected-response error, never an empty list that looks like
 * "you have no views".
 */
const sim = useFakeFinout();

function loadOptionsContext(): ILoadOptionsFunctions {
	const node: INode = {
		id: 'list-search-node',
		name: 'Finout',
		type: FINOUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'queryLanguage', operation: 'getValues', apiVersion: 'v2' },
		credentials: { finoutApi: { id: 'listCredential', name: 'Finout account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes() });
	const additionalData = additionalDataFor({ listCredential: credentialsFor(sim.server) });
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.costCenter');
}

const LISTS: Array<[string, string, (ctx: ILoadOptionsFunctions) => Promise<unknown>]> = [
	['searchViews', 'v1.view.list', async (ctx) => await searchViews.call(ctx)],
	['searchScans', 'v1.costguard.scans', async (ctx) => await searchScans.call(ctx)],
	['searchVirtualTags', 'v2.vt.list', async (ctx) => await searchVirtualTags.call(ctx)],
	['searchCostCenters', 'v2.ql.keys', async (ctx) => await searchCostCenters.call(ctx)],
	['searchKeys', 'v2.ql.keys', async (ctx) => await searchKeys.call(ctx)],
];

const WRONG_BODIES: Array<[string, unknown]> = [
	['{}', {}],
	['{"data":{}}', { data: {} }],
	['[]', []],
	['a list of names instead of objects', { data: ['a'], scans: ['a'], endpoints: ['a'] }],
];

describe('editor lists refuse a wrong-shaped answer', () => {
	test.each(LISTS.flatMap(([name, route, list]) => WRONG_BODIES.map(([bodyName, body]) => [name, bodyName, route, list, body] as const)))(
		'%s answered with %s',
		async (_, __, route, list, body) => {
			sim.server.failNext({ path: route, status: 200, body, afterMutation: false });
			await expect(list(loadOptionsContext())).rejects.toThrow(/^Finout answered with an unexpected response \(GET \/v[12]\//);
		},
	);

	test.each(LISTS)('%s still lists what the simulator answers', async (_, __, list) => {
		const result = (await list(loadOptionsContext())) as { results?: unknown[] } | unknown[];
		const entries = Array.isArray(result) ? result : (result.results ?? []);
		expect(entries.length).toBeGreaterThan(0);
	});
});

describe('the key picker refuses a key entry of the wrong shape', () => {
	test('"types" as a text instead of a list is the unexpected-response error, not a TypeError', async () => {
		sim.server.failNext({
			path: 'v2.ql.keys',
			status: 200,
			body: {
				requestId: 'keys-types-text',
				data: { keys: [{ costCenter: 'AWS', key: 'service', displayName: 'Service', types: 'billing_dimension' }] },
			},
			afterMutation: false,
		});
		const outcome = searchKeys.call(loadOptionsContext());
		await expect(outcome).rejects.toBeInstanceOf(NodeApiError);
		await expect(outcome).rejects.toThrow(/^Finout answered with an unexpected response \(GET \/v2\/.*"data\.keys\[0\]\.types" list was missing$/);
	});
});
