import { STATIC_KEYS } from '../fake-finout/seed';
import { expectSuccess, jsonOf, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

describe('Query Language → Get Keys', () => {
	test('V2 by default: GET /v2/query-language/keys, one item per key with its types', async () => {
		const result = await runNode(sim.server, { resource: 'queryLanguage', operation: 'getKeys', returnAll: true });
		expectSuccess(result);
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v2/query-language/keys',
		]);
		const keys = jsonOf(result);
		expect(keys.length).toBeGreaterThanOrEqual(STATIC_KEYS.length);
		expect(keys[0]).toEqual({
			costCenter: expect.any(String),
			key: expect.any(String),
			displayName: expect.any(String),
			types: expect.any(Array),
		});
	});

	test('V1: GET /v1/megabill/query-language/keys', async () => {
		const result = await runNode(sim.server, {
			resource: 'queryLanguage',
			operation: 'getKeys',
			apiVersion: 'v1',
			returnAll: true,
		});
		expectSuccess(result);
		expect(sim.server.requests[0].path).toBe('/v1/megabill/query-language/keys');
		expect(jsonOf(result)[0]).toEqual({
			costCenter: expect.any(String),
			key: expect.any(String),
			displayName: expect.any(String),
		});
	});

	test('filters by cost center and search text, then applies the limit', async () => {
		const result = await runNode(sim.server, {
			resource: 'queryLanguage',
			operation: 'getKeys',
			limit: 2,
			filters: { costCenter: 'Kubernetes' },
		});
		const keys = jsonOf(result);
		expect(keys).toHaveLength(2);
		expect(keys.every((key) => key.costCenter === 'Kubernetes')).toBe(true);

		const searched = jsonOf(
			await runNode(sim.server, {
				resource: 'queryLanguage',
				operation: 'getKeys',
				returnAll: true,
				filters: { search: 'REGION' },
			}),
		);
		expect(searched.map((key) => key.key)).toContain('region');
	});
});

describe('Query Language → Get Values', () => {
	test('V2 with a type: path segments encoded, ?type= sent, one item per value', async () => {
		const result = await runNode(sim.server, {
			resource: 'queryLanguage',
			operation: 'getValues',
			costCenter: 'AWS',
			key: 'aws_account_name',
			keyType: 'tag',
			returnAll: true,
		});
		expectSuccess(result);
		const [request] = sim.server.requests;
		expect(request.path).toBe('/v2/query-language/values/AWS/aws_account_name');
		expect(request.query).toEqual({ type: 'tag' });
		const expected = STATIC_KEYS.find((key) => key.key === 'aws_account_name')!.values;
		expect(jsonOf(result)).toEqual(
			expected.map((value) => ({ value, costCenter: 'AWS', key: 'aws_account_name', type: 'tag' })),
		);
	});

	test('V1: GET /v1/megabill/query-language/values/{costCenter}/{key}', async () => {
		const result = await runNode(sim.server, {
			resource: 'queryLanguage',
			operation: 'getValues',
			apiVersion: 'v1',
			costCenter: 'Kubernetes',
			key: 'namespace',
			limit: 3,
		});
		expectSuccess(result);
		expect(sim.server.requests[0].path).toBe('/v1/megabill/query-language/values/Kubernetes/namespace');
		expect(jsonOf(result)).toHaveLength(3);
	});

	test('a key that resolves to nothing is refused before sending', async () => {
		const result = await runNode(
			sim.server,
			{ resource: 'queryLanguage', operation: 'getValues', costCenter: 'AWS', key: '={{ $json.key }}' },
			{ items: [{ key: '' }] },
		);
		expect(result.error?.message).toBe('Key is empty (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});
});
