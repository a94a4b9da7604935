import { VIEW_IDS, VIEWS } from '../fake-finout/seed';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();
const DAY = 86_400_000;

describe('View → Get Many', () => {
	test('GET /v1/view, one item per view', async () => {
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: true });
		expectSuccess(result);
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/view']);
		expect(jsonOf(result)).toEqual(VIEWS.map((view) => ({ id: view.id, name: view.name })));
	});

	test('Limit keeps the first N', async () => {
		const result = await runNode(sim.server, { resource: 'view', operation: 'getAll', returnAll: false, limit: 2 });
		expect(jsonOf(result)).toHaveLength(2);
	});
});

describe('Return All from an expression (common/fields.ts readLimit, shared by every Get Many)', () => {
	const getViews = (returnAll: string) => ({ resource: 'view', operation: 'getAll', returnAll, limit: 1 });

	test('the text "false" honours Limit instead of returning everything', async () => {
		const result = await runNode(sim.server, getViews('={{ "false" }}'));
		expectSuccess(result);
		expect(result.items).toHaveLength(1);
	});

	test('the text "true" returns everything', async () => {
		const result = await runNode(sim.server, getViews('={{ "true" }}'));
		expectSuccess(result);
		expect(result.items).toHaveLength(VIEWS.length);
	});

	test.each([
		['"yes"', '={{ "yes" }}'],
		['1', '={{ 1 }}'],
		['null', '={{ null }}'],
	])('%s is refused naming Return All and the item, and nothing is sent', async (_name, returnAll) => {
		const result = await runNode(sim.server, getViews(returnAll));
		expect(result.error?.message).toBe('Return All must be true or false (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('Cost → Query by View', () => {
	const base = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService) };

	test('sends viewId, the V1 date fields in ms, cost type and group by', async () => {
		const result = await runNode(sim.server, {
			...base,
			dateRange: 'custom',
			startDate: '2026-03-01',
			endDate: '2026-03-07T23:59:59Z',
			costType: 'amortizedCost',
			options: { groupBy: 'region, team' },
		});
		expectSuccess(result);
		const [request] = sim.server.requests;
		expect(`${request.method} ${request.path}`).toBe('POST /v1/cost/query-by-view');
		expect(request.body).toEqual({
			viewId: VIEW_IDS.awsByService,
			date: {
				unixTimeMillSecondsStart: Date.UTC(2026, 2, 1),
				unixTimeMillSecondsEnd: Date.UTC(2026, 2, 7, 23, 59, 59),
			},
			costType: 'amortizedCost',
			groupBy: ['region', 'team'],
		});
	});

	test('Account Default sends no costType; View\'s Saved Range sends no date', async () => {
		await runNode(sim.server, { ...base, dateRange: 'viewDefault', costType: '' });
		expect(sim.server.requests[0].body).toEqual({ viewId: VIEW_IDS.awsByService });
	});

	test('last 7 days are the 7 full UTC days before today', async () => {
		await runNode(sim.server, { ...base, dateRange: 'last7Days' });
		const { date } = sim.server.requests[0].body as { date: Record<string, number> };
		const today = Math.floor(Date.now() / DAY) * DAY;
		expect(date).toEqual({ unixTimeMillSecondsStart: today - 7 * DAY, unixTimeMillSecondsEnd: today - 1 });
	});

	test('one item per series with daily points and a total; "Total" left out by default', async () => {
		const result = await runNode(sim.server, { ...base, dateRange: 'last7Days', output: 'series' });
		expectSuccess(result);
		const series = jsonOf(result);
		expect(series.length).toBeGreaterThan(1);
		expect(series.some((entry) => entry.name === 'Total')).toBe(false);
		for (const entry of series) {
			const points = entry.points as Array<{ date: string; cost: number; timestamp: number }>;
			expect(points).toHaveLength(7);
			expect(points[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(entry.totalCost).toBeCloseTo(points.reduce((sum, point) => sum + point.cost, 0), 4);
			expect(entry).toMatchObject({ viewId: VIEW_IDS.awsByService, days: 7 });
		}
	});

	test('one item per (series, day) with an ISO date, Total included on request', async () => {
		const result = await runNode(sim.server, {
			...base,
			dateRange: 'last7Days',
			output: 'points',
			options: { includeTotal: true },
		});
		const rows = jsonOf(result);
		const seriesNames = new Set(rows.map((row) => row.series));
		expect(seriesNames.has('Total')).toBe(true);
		expect(rows).toHaveLength(seriesNames.size * 7);
		expect(Object.keys(rows[0]).sort()).toEqual(['cost', 'costType', 'date', 'series', 'timestamp', 'viewId']);
	});

	test('each of 3 input items is its own query, paired to its item', async () => {
		const result = await runNode(
			sim.server,
			{ ...base, viewId: locator('={{ $json.view }}'), dateRange: 'last7Days' },
			{ items: [{ view: VIEW_IDS.awsByService }, { view: VIEW_IDS.k8sByNamespace }, { view: VIEW_IDS.gcpByProject }] },
		);
		expectSuccess(result);
		expect(new Set(result.items.map((item) => (item.pairedItem as { item: number }).item))).toEqual(new Set([0, 1, 2]));
		expect(sim.server.requests.map((request) => (request.body as { viewId: string }).viewId).sort()).toEqual(
			[VIEW_IDS.awsByService, VIEW_IDS.k8sByNamespace, VIEW_IDS.gcpByProject].sort(),
		);
	});

	const answerWithTimes = (...times: number[]) =>
		sim.server.failNext({
			path: '/v1/cost/query-by-view',
			status: 200,
			body: { requestId: 'r-times', data: [{ name: 'AmazonEC2', data: times.map((time, index) => ({ time, cost: 10 + index })) }] },
			afterMutation: false,
		});
	const firstDaysOfMarch = { ...base, dateRange: 'custom', startDate: '2026-03-01', endDate: '2026-03-02T23:59:59Z', output: 'points' };

	test('points outside the dates asked for (times in seconds, read as January 1970) are an unexpected answer', async () => {
		answerWithTimes(Date.UTC(2026, 2, 1) / 1000, Date.UTC(2026, 2, 2) / 1000);
		const result = await runNode(sim.server, firstDaysOfMarch);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Finout answered with an unexpected response \(POST \/v1\/cost\/query-by-view/);
		expect(result.error?.message).toContain('"data[0].data[0].time" within the dates asked for (2026-03-01 … 2026-03-02; got 1970-01-21)');
	});

	test('a point up to a day outside the dates asked for (a time zone) is read as it comes', async () => {
		answerWithTimes(Date.UTC(2026, 1, 28), Date.UTC(2026, 2, 3));
		const result = await runNode(sim.server, firstDaysOfMarch);
		expectSuccess(result);
		expect(jsonOf(result).map((row) => row.date)).toEqual(['2026-02-28', '2026-03-03']);
	});
});
