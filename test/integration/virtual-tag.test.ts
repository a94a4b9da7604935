import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { searchVirtualTags } from '../../nodes/Finout/methods/listSearch/virtualTags';
import { VT_IDS } from '../fake-finout/seed';
import { additionalDataFor, FINOUT_NODE_TYPE, TestNodeTypes } from '../harness/engine';
import { credentialsFor, expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

const SIMPLE_V2 = {
	resource: 'virtualTag',
	operation: 'create',
	name: 'Environment (n8n)',
	definitionMode: 'simple',
	ruleValue: 'production',
	costCenter: 'AWS',
	key: 'aws_account_name',
	keyTypeV2: 'billing_dimension',
	operator: 'oneOf',
	filterValue: 'prod-core, prod-data',
	defaultValue: 'Untagged',
};

const JSON_RULES = [
	{
		to: 'Shared IT',
		filters: {
			OR: [
				{ costCenter: 'Global', key: 'cost_center_type', operator: 'oneOf', value: ['Datadog', 'Snowflake'] },
				{ costCenter: 'Global', key: 'cost_center_type', operator: 'contains', value: 'Custom' },
			],
		},
		timeframe: { from: 1756166400000 },
	},
	{
		to: { key: 'team', costCenter: 'AWS' },
		filters: { costCenter: 'AWS', key: 'team', operator: 'exists' },
	},
];

const requestLines = () => sim.server.requests.map((request) => `${request.method} ${request.path}`);

describe('Virtual Tag → Create', () => {
	test('V2 simple: POST /v2/virtual-tags?setAsLive=true with one rule, default value and change description', async () => {
		const result = await runNode(sim.server, {
			...SIMPLE_V2,
			versionOptions: { changeDescription: 'Created from n8n' },
		});
		expectSuccess(result);
		// The list before the create is what lets an unanswered create be looked up (reconcile.ts).
		expect(requestLines()).toEqual(['GET /v2/virtual-tags', 'POST /v2/virtual-tags']);
		const request = sim.server.requests[1];
		expect(request.query).toEqual({ setAsLive: 'true' });
		expect(request.body).toEqual({
			name: 'Environment (n8n)',
			rules: [
				{
					to: 'production',
					filters: {
						costCenter: 'AWS',
						key: 'aws_account_name',
						type: 'billing_dimension',
						operator: 'oneOf',
						value: ['prod-core', 'prod-data'],
					},
				},
			],
			defaultValue: 'Untagged',
			versionMetadata: { changeDescription: 'Created from n8n' },
		});
		const [tag] = jsonOf(result);
		expect(tag).toEqual(
			expect.objectContaining({ id: expect.any(String), name: 'Environment (n8n)', defaultValue: 'Untagged' }),
		);
		expect(tag).not.toHaveProperty('requestId');
		expect(tag).not.toHaveProperty('data');
		const stored = sim.server.state.virtualTags.get(tag.id as string)!;
		expect(stored.versions.map((version) => version.changeDescription)).toEqual(['Created from n8n']);
	});

	test('V2 with Set as Live off sends setAsLive=false', async () => {
		const result = await runNode(sim.server, { ...SIMPLE_V2, versionOptions: { setAsLive: false } });
		expectSuccess(result);
		expect(sim.server.requests[1].query).toEqual({ setAsLive: 'false' });
		expect(sim.server.requests[1].body).not.toHaveProperty('versionMetadata');
	});

	test('V1 JSON: POST /v1/virtual-tags with rules as given and a MegaBill-key default value', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'create',
			apiVersion: 'v1',
			name: 'Chargeback (n8n)',
			definitionMode: 'json',
			rules: JSON.stringify(JSON_RULES),
			defaultValue: '{"key": "team", "costCenter": "AWS"}',
		});
		expectSuccess(result);
		expect(requestLines()).toEqual(['GET /v1/virtual-tags', 'POST /v1/virtual-tags']);
		const request = sim.server.requests[1];
		expect(request.query).toEqual({});
		expect(request.body).toEqual({
			name: 'Chargeback (n8n)',
			rules: JSON_RULES,
			defaultValue: { key: 'team', costCenter: 'AWS' },
		});
		const [tag] = jsonOf(result);
		expect(tag).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				name: 'Chargeback (n8n)',
				rules: JSON_RULES,
				createdAt: expect.stringContaining('GMT'),
			}),
		);
		expect(tag).not.toHaveProperty('requestId');
	});

	test('V1 simple rule has no type and a single value for "is"', async () => {
		const result = await runNode(sim.server, {
			...SIMPLE_V2,
			apiVersion: 'v1',
			operator: 'is',
			filterValue: 'staging',
		});
		expectSuccess(result);
		expect(sim.server.requests[1].body).toEqual({
			name: 'Environment (n8n)',
			rules: [{ to: 'production', filters: { costCenter: 'AWS', key: 'aws_account_name', operator: 'is', value: 'staging' } }],
			defaultValue: 'Untagged',
		});
	});
});

describe('Virtual Tag → Get and Get Many', () => {
	test('V2 Get: GET /v2/virtual-tags/{id}, the tag without its envelope', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'get',
			virtualTagId: locator(VT_IDS.environment),
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([`GET /v2/virtual-tags/${VT_IDS.environment}`]);
		const items = jsonOf(result);
		expect(items).toHaveLength(1);
		expect(items[0]).toEqual(
			expect.objectContaining({ id: VT_IDS.environment, name: 'Environment', defaultValue: 'Untagged' }),
		);
		expect((items[0].rules as unknown[]).length).toBe(3);
	});

	test('V1 Get: GET /v1/virtual-tags/{id}', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'get',
			apiVersion: 'v1',
			virtualTagId: locator(VT_IDS.team),
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([`GET /v1/virtual-tags/${VT_IDS.team}`]);
		expect(jsonOf(result)[0]).toEqual(expect.objectContaining({ id: VT_IDS.team, name: 'Team' }));
		expect(jsonOf(result)[0]).not.toHaveProperty('requestId');
	});

	test('V2 Get Many: one simplified item per tag', async () => {
		const result = await runNode(sim.server, { resource: 'virtualTag', operation: 'getAll', returnAll: true });
		expectSuccess(result);
		expect(requestLines()).toEqual(['GET /v2/virtual-tags']);
		const tags = jsonOf(result);
		expect(tags).toHaveLength(sim.server.state.virtualTags.size);
		const team = tags.find((tag) => tag.id === VT_IDS.team)!;
		expect(team).toEqual({
			id: VT_IDS.team,
			name: 'Team',
			defaultValue: 'unallocated',
			ruleCount: 4,
			updatedAt: expect.any(String),
			updatedBy: expect.any(String),
		});
	});

	test('V1 Get Many with Limit and without Simplify: full tags, cut client-side', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'getAll',
			apiVersion: 'v1',
			limit: 2,
			simplify: false,
		});
		expectSuccess(result);
		expect(requestLines()).toEqual(['GET /v1/virtual-tags']);
		const tags = jsonOf(result);
		expect(tags).toHaveLength(2);
		expect(tags[0]).toEqual(expect.objectContaining({ rules: expect.any(Array), accountId: expect.any(String) }));
	});
});

describe('Virtual Tag → Update', () => {
	test('V2 name only: GET the tag, then PUT it whole with the new name', async () => {
		const before = sim.server.state.virtualTags.get(VT_IDS.environment)!;
		const rules = structuredClone(before.rules);
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			virtualTagId: locator(VT_IDS.environment),
			updateFields: { name: 'Environment v2' },
			versionOptions: { changeDescription: 'Rename' },
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([
			`GET /v2/virtual-tags/${VT_IDS.environment}`,
			`PUT /v2/virtual-tags/${VT_IDS.environment}`,
		]);
		const put = sim.server.requests[1];
		expect(put.query).toEqual({ setAsLive: 'true' });
		expect(put.body).toEqual({
			name: 'Environment v2',
			rules,
			defaultValue: 'Untagged',
			versionMetadata: { changeDescription: 'Rename' },
		});
		expect(jsonOf(result)).toEqual([expect.objectContaining({ id: VT_IDS.environment, name: 'Environment v2' })]);
		const after = sim.server.state.virtualTags.get(VT_IDS.environment)!;
		expect(after.versions.at(-1)!.changeDescription).toBe('Rename');
	});

	test('V2 default value only, staged: rules and name kept, setAsLive=false', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			virtualTagId: locator(VT_IDS.team),
			updateFields: { defaultValue: 'Shared' },
			versionOptions: { setAsLive: false },
		});
		expectSuccess(result);
		const put = sim.server.requests[1];
		expect(put.query).toEqual({ setAsLive: 'false' });
		expect(put.body).toEqual(expect.objectContaining({ name: 'Team', defaultValue: 'Shared' }));
		expect((put.body as { rules: unknown[] }).rules).toHaveLength(4);
		// Staged: the live tag is unchanged.
		expect(sim.server.state.virtualTags.get(VT_IDS.team)!.defaultValue).toBe('unallocated');
	});

	test('V1 with everything given: a single PUT, output carries the id', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			apiVersion: 'v1',
			virtualTagId: locator(VT_IDS.demoFeature),
			rulesUpdate: 'json',
			rules: JSON.stringify(JSON_RULES),
			updateFields: { name: 'Feature cost', defaultValue: 'unallocated' },
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([`PUT /v1/virtual-tags/${VT_IDS.demoFeature}`]);
		expect(sim.server.requests[0].query).toEqual({});
		expect(sim.server.requests[0].body).toEqual({ name: 'Feature cost', rules: JSON_RULES, defaultValue: 'unallocated' });
		expect(jsonOf(result)).toEqual([
			{ id: VT_IDS.demoFeature, name: 'Feature cost', rules: JSON_RULES, defaultValue: 'unallocated' },
		]);
	});

	test('V1 replace with one rule: GET for name and default value, then PUT', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			apiVersion: 'v1',
			virtualTagId: locator(VT_IDS.customerChargeback),
			rulesUpdate: 'simple',
			ruleValue: 'Platform',
			costCenter: 'Kubernetes',
			key: 'namespace',
			operator: 'notExists',
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([
			`GET /v1/virtual-tags/${VT_IDS.customerChargeback}`,
			`PUT /v1/virtual-tags/${VT_IDS.customerChargeback}`,
		]);
		expect(sim.server.requests[1].body).toEqual({
			name: 'Customer Chargeback',
			rules: [{ to: 'Platform', filters: { costCenter: 'Kubernetes', key: 'namespace', operator: 'notExists' } }],
			defaultValue: 'Shared Platform',
		});
	});

	test('the PUT is not resent after a 5xx (the read before it may be): the tag is read to see whether it landed', async () => {
		sim.server.failNext({ method: 'GET', path: 'v2.vt.get', status: 503 });
		sim.server.failNext({ method: 'PUT', path: 'v2.vt.update', status: 500 });
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			virtualTagId: locator(VT_IDS.environment),
			updateFields: { name: 'Renamed once' },
		});
		// Finout applied the PUT before its 500: reading the tag shows it, so the item succeeds.
		expectSuccess(result);
		expect(jsonOf(result)).toEqual([expect.objectContaining({ id: VT_IDS.environment, name: 'Renamed once' })]);
		expect(requestLines()).toEqual([
			`GET /v2/virtual-tags/${VT_IDS.environment}`,
			`GET /v2/virtual-tags/${VT_IDS.environment}`,
			`PUT /v2/virtual-tags/${VT_IDS.environment}`,
			`GET /v2/virtual-tags/${VT_IDS.environment}`,
		]);
	});

	test('nothing to update is refused before any request', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'update',
			virtualTagId: locator(VT_IDS.environment),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Nothing to update (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('Virtual Tag → Delete', () => {
	test.each([
		['v2', VT_IDS.demoFeature],
		['v1', VT_IDS.customerChargeback],
	])('DELETE /%s/virtual-tags/%s → {id, deleted: true}', async (apiVersion, id) => {
		const result = await runNode(sim.server, {
			resource: 'virtualTag',
			operation: 'delete',
			apiVersion,
			virtualTagId: locator(id),
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([`DELETE /${apiVersion}/virtual-tags/${id}`]);
		expect(jsonOf(result)).toEqual([{ id, deleted: true }]);
		expect(sim.server.state.virtualTags.has(id)).toBe(false);
	});
});

describe('Virtual Tag → validation before sending', () => {
	const jsonCreate = (rules: unknown, extra: Record<string, unknown> = {}) => ({
		resource: 'virtualTag',
		operation: 'create',
		name: 'Bad',
		definitionMode: 'json',
		rules: typeof rules === 'string' ? rules : JSON.stringify(rules),
		defaultValue: 'unallocated',
		...extra,
	});

	test.each([
		['malformed JSON', jsonCreate('[{"to": "x",'), /^Rules is not valid JSON \(item 0\)$/],
		['not an array', jsonCreate({ to: 'x' }), /^Rules must be a JSON array of rules/],
		[
			'unknown operator deep in a group',
			jsonCreate(
				[
					{ to: 'a', filters: { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'is', value: 'x' } },
					{ to: 'b', filters: { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'is', value: 'x' } },
					{
						to: 'c',
						filters: { OR: [{ costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'equals', value: 'x' }] },
					},
				],
			),
			/^Rules\[2\]\.filters\.OR\[0\]\.operator must be one of oneOf, .* \(got "equals"\) \(item 0\)$/,
		],
		[
			'missing value',
			jsonCreate([{ to: 'a', filters: { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf' } }]),
			/^Rules\[0\]\.filters\.value is required for operator "oneOf" \(item 0\)$/,
		],
		[
			'V2 filter without type',
			jsonCreate([{ to: 'a', filters: { costCenter: 'AWS', key: 'region', operator: 'exists' } }]),
			/^Rules\[0\]\.filters\.type is missing/,
		],
		['rule without to', jsonCreate([{ filters: { costCenter: 'AWS', key: 'region', type: 'tag', operator: 'exists' } }]), /^Rules\[0\]\.to is missing/],
		[
			'misspelt filters',
			jsonCreate([{ to: 'a', filter: { costCenter: 'AWS', key: 'region', type: 'tag', operator: 'exists' } }]),
			/^Rules\[0\] has unknown field "filter"/,
		],
		[
			'timeframe in seconds as text',
			jsonCreate([{ to: 'a', filters: { costCenter: 'AWS', key: 'region', type: 'tag', operator: 'exists' }, timeframe: { from: '2025-01-01' } }]),
			/^Rules\[0\]\.timeframe\.from must be a Unix time in milliseconds/,
		],
		['bad default value key', jsonCreate([], { defaultValue: '{"key": "team"}' }), /^Default Value\.costCenter is missing/],
		['simple mode without values', { ...SIMPLE_V2, filterValue: ' , ' }, /^Values is empty; operator "oneOf" needs a value to compare with \(item 0\)$/],
		['simple mode without key', { ...SIMPLE_V2, key: '={{ $json.key ?? "" }}' }, /^Key is empty \(item 0\)$/],
		['empty name', { ...SIMPLE_V2, name: '  ' }, /^Name is empty \(item 0\)$/],
	])('%s → NodeOperationError, nothing sent', async (_label, parameters, message) => {
		const result = await runNode(sim.server, parameters);
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(sim.server.requests).toHaveLength(0);
	});

	const fromItems = {
		resource: 'virtualTag',
		operation: 'create',
		name: '={{ $json.name }}',
		definitionMode: 'json',
		rules: '={{ $json.rules }}',
		defaultValue: 'unallocated',
	};
	const leaf = (operator: string, value?: unknown) => ({
		costCenter: 'AWS',
		key: 'region',
		type: 'billing_dimension',
		operator,
		...(value === undefined ? {} : { value }),
	});
	const items = [
		{ name: 'Good', rules: [{ to: 'east', filters: leaf('oneOf', ['us-east-1']) }] },
		{ name: 'Bad operator', rules: [{ to: 'x', filters: leaf('like', 'x') }] },
		{ name: 'No value', rules: [{ to: 'x', filters: { AND: [leaf('exists'), leaf('is')] } }] },
	];

	test('a bad item stops the run before any request when continueOnFail is off', async () => {
		const result = await runNode(sim.server, fromItems, { items });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Rules\[0\]\.filters\.operator must be one of .* \(item 1\)$/);
		expect(sim.server.requests).toHaveLength(0);
	});

	test('continueOnFail: one error item per bad input, paired with it; good items still run', async () => {
		const result = await runNode(sim.server, fromItems, { items, continueOnFail: true });
		expectSuccess(result);
		expect(requestLines()).toEqual(['GET /v2/virtual-tags', 'POST /v2/virtual-tags']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [good, badOperator, noValue] = jsonOf(result);
		expect(good).toEqual(expect.objectContaining({ name: 'Good', id: expect.any(String) }));
		expect(badOperator.error).toMatch(/^Rules\[0\]\.filters\.operator must be one of .* \(got "like"\) \(item 1\)$/);
		expect(noValue.error).toBe('Rules[0].filters.AND[1].value is required for operator "is" (item 2)');
	});
});

describe('Virtual Tag locator → From List', () => {
	async function search(filter?: string) {
		const node: INode = {
			id: 'b0000000-0000-4000-8000-000000000001',
			name: 'Finout',
			type: FINOUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'virtualTag', operation: 'get' },
			credentials: { finoutApi: { id: 'listSearchCredential', name: 'Finout account' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes() });
		const additionalData = additionalDataFor({ listSearchCredential: credentialsFor(sim.server) });
		const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.virtualTagId');
		return await searchVirtualTags.call(context, filter);
	}

	test('lists V2 virtual tags by name, sorted, filtered case-insensitively', async () => {
		const all = await search();
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v2/virtual-tags']);
		expect(all.results.map((result) => result.name)).toEqual([
			'Customer Chargeback',
			'Demo Feature cost',
			'Environment',
			'Team',
		]);
		expect(all.results.find((result) => result.name === 'Team')?.value).toBe(VT_IDS.team);
		expect((await search('ENV')).results).toEqual([{ name: 'Environment', value: VT_IDS.environment }]);
	});
});

describe('examples/virtual-tag-get-many.json', () => {
	test('its Finout node runs as saved', async () => {
		const workflow = JSON.parse(readFileSync(join(__dirname, '../../examples/virtual-tag-get-many.json'), 'utf8')) as {
			nodes: Array<{ type: string; parameters: Record<string, unknown>; credentials?: unknown }>;
		};
		const node = workflow.nodes.find((candidate) => candidate.type === FINOUT_NODE_TYPE)!;
		expect(node.credentials).toEqual({ finoutApi: { id: 'FinoutSandboxCred1', name: 'Finout sandbox' } });
		const result = await runNode(sim.server, node.parameters as INodeParameters);
		expectSuccess(result);
		expect(jsonOf(result)).toHaveLength(sim.server.state.virtualTags.size);
	});
});
