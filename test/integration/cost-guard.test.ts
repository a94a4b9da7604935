import { SCAN_IDS, seedScans } from '../fake-finout/seed';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

describe('CostGuard → Get Scans', () => {
	test('GET /v1/cost-guard/scans, simplified', async () => {
		const result = await runNode(sim.server, { resource: 'costGuard', operation: 'getScans', returnAll: true });
		expectSuccess(result);
		expect(sim.server.requests[0].path).toBe('/v1/cost-guard/scans');
		const scans = jsonOf(result);
		expect(scans).toHaveLength(seedScans().length);
		expect(scans[0]).toEqual({
			scanId: expect.any(String),
			scanName: expect.any(String),
			type: expect.any(String),
			costCenter: expect.any(String),
			analysisDays: expect.any(Number),
			lastRunAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
	});

	test('raw when Simplify is off', async () => {
		const result = await runNode(sim.server, {
			resource: 'costGuard',
			operation: 'getScans',
			returnAll: true,
			simplify: false,
		});
		expect(jsonOf(result)[0]).toHaveProperty('scanMetadata');
	});
});

describe('CostGuard → Get Recommendations', () => {
	const base = { resource: 'costGuard', operation: 'getRecommendations', scanId: locator(SCAN_IDS.ec2Rightsizing) };

	test('POST /v1/cost-guard/scans-recommendations with scanId, filters and groupBy', async () => {
		const filters = { costCenter: 'AWS', key: 'region', operator: 'oneOf', value: ['us-east-1'] };
		const result = await runNode(sim.server, {
			...base,
			returnAll: true,
			options: { filters: JSON.stringify(filters), groupByCostCenter: 'AWS', groupByKey: 'aws_account_name' },
		});
		expectSuccess(result);
		const [request] = sim.server.requests;
		expect(`${request.method} ${request.path}`).toBe('POST /v1/cost-guard/scans-recommendations');
		expect(request.body).toEqual({
			scanId: SCAN_IDS.ec2Rightsizing,
			filters,
			groupBy: { costCenter: 'AWS', key: 'aws_account_name' },
		});
	});

	test('one item per resource, filtered by minimum yearly savings', async () => {
		const all = jsonOf(await runNode(sim.server, { ...base, returnAll: true }));
		expect(all.length).toBeGreaterThan(2);
		expect(all[0]).toMatchObject({
			scanId: SCAN_IDS.ec2Rightsizing,
			group: expect.any(String),
			resourceId: expect.any(String),
			yearlyPotentialSavings: expect.any(Number),
		});
		const savings = all.map((resource) => resource.yearlyPotentialSavings as number).sort((a, b) => a - b);
		const threshold = savings[Math.floor(savings.length / 2)];
		const filtered = jsonOf(await runNode(sim.server, { ...base, returnAll: true, options: { minYearlySavings: threshold } }));
		expect(filtered.length).toBe(savings.filter((value) => value >= threshold).length);
	});

	test('one item per group, or the raw answer', async () => {
		const groups = jsonOf(await runNode(sim.server, { ...base, output: 'groups', returnAll: true }));
		expect(groups[0]).toMatchObject({ group: expect.any(String), resourceCount: expect.any(Number) });
		const raw = jsonOf(await runNode(sim.server, { ...base, output: 'raw' }));
		expect(raw).toHaveLength(1);
		expect(raw[0]).toHaveProperty('data');
	});

	test('a malformed filter is refused before sending, pointing at the bad part', async () => {
		const result = await runNode(sim.server, {
			...base,
			options: { filters: JSON.stringify({ OR: [{ costCenter: 'AWS', key: 'region', operator: 'like', value: 'x' }] }) },
		});
		expect(result.error?.message).toMatch(/^Filters: filters\.OR\[0\]\.operator must be one of .* \(item 0\)$/);
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('CostGuard → Get Recommendations: Min Yearly Savings is checked before sending', () => {
	const base = { resource: 'costGuard', operation: 'getRecommendations', scanId: locator(SCAN_IDS.ec2Rightsizing), returnAll: true };
	const fromItem = { options: { minYearlySavings: '={{ $json.min }}' } };

	test('an expression giving "abc" is an error naming the field and the item, and nothing is sent', async () => {
		const result = await runNode(sim.server, { ...base, ...fromItem }, { items: [{ min: 0 }, { min: 'abc' }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Min Yearly Savings must be a number of 0 or more (item 1)');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(sim.server.requests).toHaveLength(0);
	});

	test.each([
		['an empty list', []],
		['true', true],
	])('an expression giving %s is refused the same way, not read as a number', async (_name, min) => {
		const result = await runNode(sim.server, { ...base, ...fromItem }, { items: [{ min }] });
		expect(result.error?.message).toBe('Min Yearly Savings must be a number of 0 or more (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});

	test.each([
		['an empty text', ''],
		['null', null],
	])('an expression giving %s leaves the option unset: every recommendation is returned', async (_name, min) => {
		const unset = await runNode(sim.server, base);
		const empty = await runNode(sim.server, { ...base, ...fromItem }, { items: [{ min }] });
		expectSuccess(empty);
		expect(empty.items.length).toBeGreaterThan(0);
		expect(empty.items.map((item) => item.json)).toEqual(unset.items.map((item) => item.json));
	});

	test('a negative amount is refused the same way', async () => {
		const result = await runNode(sim.server, { ...base, options: { minYearlySavings: -5 } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Min Yearly Savings must be a number of 0 or more (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});

	test('with On Error → Continue, the other items still get their recommendations', async () => {
		const result = await runNode(sim.server, { ...base, ...fromItem }, { items: [{ min: 'abc' }, { min: 0 }], continueOnFail: true });
		expectSuccess(result);
		const [refused, ...resources] = result.items;
		expect(refused).toMatchObject({ json: { error: 'Min Yearly Savings must be a number of 0 or more (item 0)' }, pairedItem: { item: 0 } });
		expect(resources.length).toBeGreaterThan(0);
		expect(resources.every((resource) => (resource.pairedItem as { item: number }).item === 1)).toBe(true);
		expect(sim.server.requests).toHaveLength(1);
	});
});
