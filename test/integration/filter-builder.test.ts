/**
 * Issue 13: filters a person can write (a condition builder, JSON as the advanced mode) and
 * cost center / key pickers that are searchable resource locators.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { searchCostCenters, searchKeys } from '../../nodes/Finout/methods/listSearch/keys';
import { Finout } from '../../nodes/Finout/Finout.node';
import { FinoutTrigger } from '../../nodes/FinoutTrigger/FinoutTrigger.node';
import { additionalDataFor, FINOUT_NODE_TYPE, TestNodeTypes } from '../harness/engine';
import { PollHarness } from '../harness/poll';
import { credentialsFor, expectSuccess, jsonOf, runNode, useFakeFinout } from './support';

const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50 });
const picked = (value: string) => ({ __rl: true, mode: 'list', value });

const byRegion: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'custom',
	startDate: '2026-01-05',
	endDate: '2026-01-06',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: picked('AWS'), key: picked('region'), type: 'fromKey' }] },
	returnAll: true,
	options: { pollIntervalSeconds: 0.5 },
	filterMode: 'builder',
};
const condition = (key: string, operator: string, values: string) => ({
	costCenter: picked('AWS'),
	key: picked(key),
	type: 'fromKey',
	operator,
	values,
});
const sentFilters = () =>
	(sim.server.requests.find((request) => request.route === 'v2.cu.generate-query')?.body as Record<string, unknown>)?.filters;

describe('filter condition builder', () => {
	test('one condition built with the builder returns only the matching rows', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			filterConditions: { condition: [condition('region', 'oneOf', 'us-east-1, eu-west-1')] },
		});
		expectSuccess(result);
		expect(sentFilters()).toEqual({
			costCenter: 'AWS',
			key: 'region',
			type: 'billing_dimension',
			operator: 'oneOf',
			value: ['us-east-1', 'eu-west-1'],
		});
		const regions = new Set(jsonOf(result).map((row) => row.Regions));
		expect([...regions].sort()).toEqual(['eu-west-1', 'us-east-1']);
	});

	test('two conditions with Match Any become an OR group; "exists" takes no value', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			filterMatch: 'OR',
			filterConditions: { condition: [condition('region', 'is', 'us-east-1'), condition('team', 'exists', '')] },
		});
		expectSuccess(result);
		expect(sentFilters()).toEqual({
			OR: [
				{ costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'is', value: 'us-east-1' },
				{ costCenter: 'AWS', key: 'team', type: 'tag', operator: 'exists' },
			],
		});
	});

	test('no condition and no JSON is valid and sends no filter', async () => {
		expectSuccess(await runNode(sim.server, byRegion));
		expect(sentFilters()).toBeUndefined();
		sim.server.reset();
		expectSuccess(await runNode(sim.server, { ...byRegion, filterMode: 'json', filterJson: '{}' }));
		expectSuccess(await runNode(sim.server, { ...byRegion, filterMode: 'json', filterJson: '' }));
		expect(sentFilters()).toBeUndefined();
	});

	test('every problem of the item is reported at once, before anything is sent', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			filterConditions: {
				condition: [
					{ ...condition('region', 'oneOf', ''), key: picked('') },
					condition('team', 'is', ''),
				],
			},
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Filter condition 1 has no key/);
		expect(result.error?.message).toMatch(/condition 1 .*needs a value/);
		expect(result.error?.message).toMatch(/condition 2 .*needs a value/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('a key that Finout does not list, with Type "From the Key", is named in the error', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			filterConditions: { condition: [condition('no_such_key', 'is', 'x')] },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/"no_such_key" is not a key of cost center "AWS"/);
		expect(sim.server.requests.some((request) => request.route === 'v2.cu.generate-query')).toBe(false);
	});
});

describe('JSON stays the advanced mode, and saved workflows keep working', () => {
	const leaf = { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf', value: ['us-east-1'] };

	test('JSON mode sends the JSON filter', async () => {
		expectSuccess(await runNode(sim.server, { ...byRegion, filterMode: 'json', filterJson: JSON.stringify(leaf) }));
		expect(sentFilters()).toEqual(leaf);
	});

	test('a workflow saved before the builder (version 1, JSON filter, no mode) still filters', async () => {
		const { filterMode: _none, ...saved } = byRegion;
		expectSuccess(await runNode(sim.server, { ...saved, filterJson: JSON.stringify(leaf) }));
		expect(sentFilters()).toEqual(leaf);
	});

	test('JSON errors are all listed, and the hint example has every field the message asks for', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			filterMode: 'json',
			filterJson: JSON.stringify({ AND: [{ ...leaf, type: undefined }, { ...leaf, operator: 'like' }] }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/filters\.AND\[0\]\.type is missing/);
		expect(result.error?.message).toMatch(/filters\.AND\[1\]\.operator must be one of/);
		expect(result.error?.description).toMatch(/"type"/);
	});

	test('plain-text cost center and key from older workflows are still read', async () => {
		const result = await runNode(sim.server, {
			...byRegion,
			dimensions: { dimension: [{ costCenter: 'AWS', key: 'region', type: 'billing_dimension' }] },
		});
		expectSuccess(result);
		expect(jsonOf(result)[0].Regions).toEqual(expect.any(String));
	});
});

describe('cost center and key pickers', () => {
	function context(parameters: INodeParameters, path: string): ILoadOptionsFunctions {
		const node: INode = {
			id: 'picker-node',
			name: 'Finout',
			type: FINOUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { finoutApi: { id: 'pickerCredential', name: 'Finout account' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes() });
		const additionalData = additionalDataFor({ pickerCredential: credentialsFor(sim.server) });
		additionalData.currentNodeParameters = parameters;
		return new LoadOptionsContext(workflow, node, additionalData, path);
	}

	test('cost centers are listed and searchable', async () => {
		const all = await searchCostCenters.call(context({}, 'parameters.dimensions.dimension[0].costCenter'));
		expect(all.results.map((entry) => entry.value)).toEqual(expect.arrayContaining(['AWS', 'Kubernetes']));
		const found = await searchCostCenters.call(context({}, 'parameters.dimensions.dimension[0].costCenter'), 'kube');
		expect(found.results.map((entry) => entry.value)).toEqual(['Kubernetes']);
	});

	test('keys follow the cost center picked in the same row and show readable types', async () => {
		const parameters = { dimensions: { dimension: [{ costCenter: picked('AWS'), key: picked('') }] } };
		const keys = await searchKeys.call(context(parameters, 'parameters.dimensions.dimension[0].key'), 'account');
		expect(keys.results).toEqual([{ name: 'Account Name (aws_account_name) · Billing Dimension, Tag', value: 'aws_account_name' }]);
	});

	test('Query Language → Get Values takes picked cost center and key, and its Key Type is a list in words', async () => {
		const result = await runNode(sim.server, {
			resource: 'queryLanguage',
			operation: 'getValues',
			costCenter: picked('AWS'),
			key: picked('region'),
			keyType: 'billing_dimension',
			returnAll: true,
		});
		expectSuccess(result);
		expect(jsonOf(result).length).toBeGreaterThan(0);
		const keyType = new Finout().description.properties.find(
			(p) => p.name === 'keyType' && p.displayOptions?.show?.operation?.includes('getValues'),
		);
		expect(keyType?.type).toBe('options');
		expect(keyType?.options).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Billing Dimension', value: 'billing_dimension' })]));
	});

	test('dimension, filter and trigger cost center / key fields are searchable resource locators', () => {
		const fields: INodeProperties[] = [];
		const collect = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (['costCenter', 'key', 'dimensionCostCenter', 'dimensionKey'].includes(property.name)) fields.push(property);
				for (const option of (property.options ?? []) as Array<{ values?: INodeProperties[] }>) {
					if (option.values) collect(option.values);
				}
			}
		};
		const isCostAndUsage = (property: INodeProperties) =>
			property.displayOptions?.show?.resource?.some((resource) => ['costAndUsage', 'queryLanguage', 'virtualTag'].includes(String(resource))) ?? true;
		collect(new Finout().description.properties.filter(isCostAndUsage));
		collect(new FinoutTrigger().description.properties);
		expect(fields.length).toBeGreaterThanOrEqual(6);
		for (const field of fields) {
			expect(field.type).toBe('resourceLocator');
			expect(field.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		}
	});
});

describe('the trigger uses the same builder and pickers', () => {
	test('Cost and Usage source: a picked dimension and a builder filter reach Finout with real key types', async () => {
		const trigger = new PollHarness({
			parameters: {
				event: 'costThresholdCrossed',
				costSource: 'costAndUsage',
				costAndUsageScope: 'perDimension',
				dimensionCostCenter: picked('AWS'),
				dimensionKey: picked('service'),
				dimensionType: 'billing_dimension',
				filterMode: 'builder',
				filterConditions: { condition: [condition('region', 'oneOf', 'us-east-1')] },
				rule: 'above',
				amount: 1e12,
			},
			credentials: credentialsFor(sim.server),
		});
		const outcome = await trigger.poll('manual');
		expect(outcome.error).toBeUndefined();
		const generate = sim.server.requests.find((request) => request.route === 'v2.cu.generate-query')!;
		expect(generate.body).toMatchObject({
			dimensions: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }],
			filters: { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf', value: ['us-east-1'] },
		});
	});
});
