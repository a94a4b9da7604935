import { ENDPOINT_IDS, USER_GROUP_IDS, VT_IDS } from '../fake-finout/seed';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

const NEW_GROUP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const metadataPath = (apiVersion: string) => `/${apiVersion}/virtual-tags/${VT_IDS.team}/metadata`;
const requestLines = () => sim.server.requests.map((request) => `${request.method} ${request.path}`);
const stored = () => sim.server.state.metadata.get(VT_IDS.team)!;

const update = (apiVersion: string, mode: string, metadata: unknown) => ({
	resource: 'virtualTagMetadata',
	operation: 'update',
	apiVersion,
	virtualTagId: locator(VT_IDS.team),
	mode,
	metadata: JSON.stringify(metadata),
});

const PAYMENTS_UPDATE = { Payments: { customMetadata: { tier: '1' }, groups: [NEW_GROUP] } };

describe('Virtual Tag Metadata → Get', () => {
	test.each(['v2', 'v1'])('%s: GET …/metadata, one item per value', async (apiVersion) => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagMetadata',
			operation: 'get',
			apiVersion,
			virtualTagId: locator(VT_IDS.team),
		});
		expectSuccess(result);
		expect(requestLines()).toEqual([`GET ${metadataPath(apiVersion)}`]);
		expect(jsonOf(result)).toEqual([
			{
				virtualTagId: VT_IDS.team,
				value: 'Payments',
				groups: [USER_GROUP_IDS.payments],
				customMetadata: { owner: 'Dana', costCenterCode: 'CC-4410' },
				endpoints: [ENDPOINT_IDS.slack],
			},
			{ virtualTagId: VT_IDS.team, value: 'Search', groups: [USER_GROUP_IDS.search], customMetadata: { owner: 'Sam' } },
			{
				virtualTagId: VT_IDS.team,
				value: 'Data Platform',
				groups: [USER_GROUP_IDS.data],
				customMetadata: { owner: 'Dan' },
				endpoints: [ENDPOINT_IDS.email],
			},
		]);
	});

	test('a tag without metadata returns no items', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagMetadata',
			operation: 'get',
			virtualTagId: locator(VT_IDS.environment),
		});
		expectSuccess(result);
		expect(result.items).toHaveLength(0);
	});
});

describe('Virtual Tag Metadata → Update', () => {
	test('V2 Merge: one PUT with mergeValuesAndMetadata=true per value', async () => {
		const result = await runNode(sim.server, update('v2', 'merge', PAYMENTS_UPDATE));
		expectSuccess(result);
		expect(requestLines()).toEqual([`PUT ${metadataPath('v2')}`]);
		expect(sim.server.requests[0].body).toEqual({
			Payments: { customMetadata: { tier: '1' }, groups: [NEW_GROUP], mergeValuesAndMetadata: true },
		});
		const merged = {
			groups: [USER_GROUP_IDS.payments, NEW_GROUP],
			customMetadata: { owner: 'Dana', costCenterCode: 'CC-4410', tier: '1' },
			endpoints: [ENDPOINT_IDS.slack],
		};
		expect(jsonOf(result)).toEqual([{ virtualTagId: VT_IDS.team, value: 'Payments', ...merged }]);
		expect(stored().Payments).toEqual(merged);
		expect(Object.keys(stored())).toEqual(['Payments', 'Search', 'Data Platform']);
	});

	test('V2 Replace: mergeValuesAndMetadata=false; other values keep their metadata', async () => {
		const result = await runNode(sim.server, update('v2', 'replace', PAYMENTS_UPDATE));
		expectSuccess(result);
		expect(sim.server.requests[0].body).toEqual({
			Payments: { customMetadata: { tier: '1' }, groups: [NEW_GROUP], mergeValuesAndMetadata: false },
		});
		expect(jsonOf(result)).toEqual([{ virtualTagId: VT_IDS.team, value: 'Payments', ...PAYMENTS_UPDATE.Payments }]);
		expect(stored().Payments).toEqual(PAYMENTS_UPDATE.Payments);
		expect(stored().Search).toEqual({ groups: [USER_GROUP_IDS.search], customMetadata: { owner: 'Sam' } });
	});

	test('V1 Merge: reads the current metadata, merges it client-side, PUTs the whole map', async () => {
		const result = await runNode(
			sim.server,
			update('v1', 'merge', { ...PAYMENTS_UPDATE, Growth: { customMetadata: { owner: 'Gil' } } }),
		);
		expectSuccess(result);
		expect(requestLines()).toEqual([`GET ${metadataPath('v1')}`, `PUT ${metadataPath('v1')}`]);
		const merged = {
			groups: [USER_GROUP_IDS.payments, NEW_GROUP],
			customMetadata: { owner: 'Dana', costCenterCode: 'CC-4410', tier: '1' },
			endpoints: [ENDPOINT_IDS.slack],
		};
		const body = sim.server.requests[1].body as Record<string, unknown>;
		expect(Object.keys(body)).toEqual(['Payments', 'Search', 'Data Platform', 'Growth']);
		expect(body.Payments).toEqual(merged);
		expect(body.Search).toEqual({ groups: [USER_GROUP_IDS.search], customMetadata: { owner: 'Sam' } });
		expect(jsonOf(result)).toEqual([
			{ virtualTagId: VT_IDS.team, value: 'Payments', ...merged },
			{ virtualTagId: VT_IDS.team, value: 'Growth', customMetadata: { owner: 'Gil' } },
		]);
		expect(Object.keys(stored())).toEqual(['Payments', 'Search', 'Data Platform', 'Growth']);
	});

	test('V1 Replace: one PUT with the map as given, which overwrites the whole metadata', async () => {
		const result = await runNode(sim.server, update('v1', 'replace', PAYMENTS_UPDATE));
		expectSuccess(result);
		expect(requestLines()).toEqual([`PUT ${metadataPath('v1')}`]);
		expect(sim.server.requests[0].body).toEqual(PAYMENTS_UPDATE);
		expect(jsonOf(result)).toEqual([{ virtualTagId: VT_IDS.team, value: 'Payments', ...PAYMENTS_UPDATE.Payments }]);
		expect(stored()).toEqual(PAYMENTS_UPDATE);
	});

	test.each([
		[
			'a dotted value name',
			{ 'prod.eu': { customMetadata: { owner: 'Eve' } } },
			'Metadata value "prod.eu" contains a dot; Finout does not allow dots in value names (item 0)',
		],
		[
			'the singular "endpoint" from the docs example',
			{ Payments: { endpoint: ENDPOINT_IDS.email } },
			'Metadata["Payments"] has unknown field "endpoint" (did you mean "endpoints", an array of endpoint IDs?) (item 0)',
		],
		['groups that are not a list', { Payments: { groups: USER_GROUP_IDS.payments } }, 'Metadata["Payments"].groups must be an array of ID strings (item 0)'],
		['an empty map', {}, 'Metadata is empty; add at least one tag value (item 0)'],
		// n8n's HTTP client (axios) leaves these names out of every request body: refused, not dropped.
		[
			'a value named "__proto__"',
			JSON.parse('{"__proto__": {"customMetadata": {"owner": "Dave"}}}') as object,
			'Metadata value "__proto__" cannot be sent: n8n\'s HTTP client leaves the names __proto__, constructor and prototype out of every request; rename it (item 0)',
		],
		[
			'a value named "constructor"',
			{ constructor: { groups: [NEW_GROUP] } },
			'Metadata value "constructor" cannot be sent: n8n\'s HTTP client leaves the names __proto__, constructor and prototype out of every request; rename it (item 0)',
		],
		[
			'a custom key named "prototype"',
			{ Payments: { customMetadata: { prototype: 'x' } } },
			'Metadata["Payments"].customMetadata key "prototype" cannot be sent: n8n\'s HTTP client leaves the names __proto__, constructor and prototype out of every request; rename it (item 0)',
		],
		['a list instead of a map', [{ value: 'Payments' }], 'Metadata must be a JSON object that maps tag values to their metadata (item 0)'],
	])('%s is rejected before any request', async (_label, metadata, message) => {
		for (const apiVersion of ['v2', 'v1']) {
			const result = await runNode(sim.server, update(apiVersion, 'merge', metadata));
			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(message);
		}
		expect(sim.server.requests).toHaveLength(0);
	});

	test('continueOnFail: the dotted item fails alone, paired with its input', async () => {
		const result = await runNode(
			sim.server,
			{ ...update('v2', 'merge', {}), metadata: '={{ $json.metadata }}' },
			{
				items: [
					{ metadata: { Search: { customMetadata: { slack: '#search' } } } },
					{ metadata: { 'v1.2': { groups: [] } } },
				],
				continueOnFail: true,
			},
		);
		expectSuccess(result);
		expect(requestLines()).toEqual([`PUT ${metadataPath('v2')}`]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result)[0]).toEqual(expect.objectContaining({ value: 'Search' }));
		expect(jsonOf(result)[1].error).toBe(
			'Metadata value "v1.2" contains a dot; Finout does not allow dots in value names (item 1)',
		);
	});
});
