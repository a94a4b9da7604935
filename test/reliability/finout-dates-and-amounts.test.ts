import type { INodeParameters } from 'n8n-workflow';

import { SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, expectSuccess, jsonOf, locator, runNode, useFakeFinout } from '../integration/support';

/**
 * Dates, amounts and cursors the node reads from Finout, through the engine: every date form
 * Finout writes is read, and a date, amount or cursor that cannot be used stops the item with
 * the unexpected-response error instead of a skipped row, a NaN or a silently short result.
 */
const sim = useFakeFinout();

const UNEXPECTED = /^Finout answered with an unexpected response \(/;
const V1_FORM = 'Tue Sep 10 2024 00:00:00 GMT+0000 (Coordinated Universal Time)';

/** The next `route` request gets HTTP 200 with this body (then the simulator answers as usual). */
function answerOnce(route: string, body: unknown): void {
	sim.server.failNext({ path: route, status: 200, body, afterMutation: false });
}

const costByView: INodeParameters = {
	resource: 'cost',
	operation: 'queryByView',
	viewId: locator(VIEW_IDS.awsByService),
	dateRange: 'custom',
	startDate: '2024-09-09',
	endDate: '2024-09-11T23:59:59.999Z',
	output: 'points',
};
const results: INodeParameters = { resource: 'costAndUsage', operation: 'getResults', queryId: locator('q-1'), returnAll: true };
const row = (day: unknown, amount: unknown = 1) => ({ _billing_dimension_service: 'EC2', day, netAmortizedCost_sum: { amount } });
const page = (rows: unknown[], pagination: object) => ({ requestId: 'r', data: rows, pagination });

describe('dates read from Finout', () => {
	test('query-by-view reads time as epoch ms (number or text), an ISO date and the V1 Date.toString form', async () => {
		answerOnce('v1.cost.query-by-view', {
			data: [
				{
					name: 'EC2',
					data: [
						{ time: Date.UTC(2024, 8, 9), cost: 1 },
						{ time: String(Date.UTC(2024, 8, 10)), cost: '2.5' },
						{ time: '2024-09-11', cost: 3 },
						{ time: V1_FORM, cost: 4 },
					],
				},
			],
		});
		const result = await runNode(sim.server, costByView);
		expectSuccess(result);
		expect(jsonOf(result).map((point) => [point.date, point.cost])).toEqual([
			['2024-09-09', 1],
			['2024-09-10', 2.5],
			['2024-09-11', 3],
			['2024-09-10', 4],
		]);
	});

	test('query-by-view: an unreadable time is an error naming the point, not a skipped or broken row', async () => {
		answerOnce('v1.cost.query-by-view', { data: [{ name: 'EC2', data: [{ time: Date.UTC(2024, 8, 9), cost: 1 }, { time: 'soon', cost: 2 }] }] });
		const result = await runNode(sim.server, costByView);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(UNEXPECTED);
		expect(result.error?.message).toContain('a readable date at "data[0].data[1].time" (got "soon") was missing');
	});

	test.each([
		['beyond the last JavaScript date (1e20 ms)', 1e20],
		['with a zone offset of +99:99', '2024-09-09T00:00:00+99:99'],
		['in the V1 form with a zone offset of +99:99', 'Mon Sep 09 2024 00:00:00 GMT+9999'],
	])('query-by-view: a time %s is an error naming the point, not "Invalid time value"', async (_name, time) => {
		answerOnce('v1.cost.query-by-view', { data: [{ name: 'EC2', data: [{ time, cost: 1 }] }] });
		const result = await runNode(sim.server, costByView);
		expect(result.error?.message).toMatch(UNEXPECTED);
		expect(result.error?.message).toContain('a readable date at "data[0].data[0].time"');
	});

	test.each([
		['beyond the last JavaScript date (1e17 ms)', '99999999999999999'],
		['with a zone offset of +99:99', '2026-12-02T06:00:00+99:99'],
	])('Virtual Tag Changed: a version whose createdAt is %s fails the poll and moves no cursor', async (_name, createdAt) => {
		const id = VT_IDS.environment;
		const trigger = new PollHarness({
			parameters: { event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator(id) },
			credentials: credentialsFor(sim.server),
		});
		expect((await trigger.poll()).error).toBeUndefined();
		const before = JSON.stringify(trigger.nodeStaticData);

		answerOnce(`/v2/virtual-tags/${id}/versions`, {
			requestId: 'r',
			data: [{ id: 'v-odd', createdAt, isLive: false }],
			pagination: { hasMore: false },
		});
		const outcome = await trigger.poll();

		expect({ error: outcome.error?.message, items: outcome.items, stateMoved: JSON.stringify(trigger.nodeStaticData) !== before }).toEqual({
			error: expect.stringMatching(/unexpected response.*createdAt/),
			items: null,
			stateMoved: false,
		});
	});

	test('cost-usage results: the day column in any Finout form becomes the ISO date', async () => {
		answerOnce('v2.cu.results', page([row('2024-09-09'), row(Date.UTC(2024, 8, 10)), row(V1_FORM)], { hasMore: false }));
		const result = await runNode(sim.server, results);
		expectSuccess(result);
		expect(jsonOf(result).map((item) => item.date)).toEqual(['2024-09-09', '2024-09-10', '2024-09-10']);
	});

	test('cost-usage results: an unreadable day is an error, also with Simplify off', async () => {
		answerOnce('v2.cu.results', page([row('2024-09-09'), row('09/10/2024 maybe')], { hasMore: false }));
		const result = await runNode(sim.server, { ...results, simplify: false });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(UNEXPECTED);
		expect(result.error?.message).toContain('a readable date at "data[1].day"');
	});

	test('CostGuard scans: a last run time in the V1 text form is read', async () => {
		answerOnce('v1.costguard.scans', {
			scans: [{ scanId: SCAN_IDS.ec2Rightsizing, scanName: 'EC2 - Rightsizing', scanLastRunTime: V1_FORM }],
		});
		const result = await runNode(sim.server, { resource: 'costGuard', operation: 'getScans', returnAll: true });
		expectSuccess(result);
		expect(jsonOf(result)[0].lastRunAt).toBe('2024-09-10T00:00:00.000Z');
	});

	test('CostGuard scans: an unreadable last run time is an error', async () => {
		answerOnce('v1.costguard.scans', { scans: [{ scanId: 's1', scanName: 'EC2', scanLastRunTime: 'last Tuesday' }] });
		const result = await runNode(sim.server, { resource: 'costGuard', operation: 'getScans', returnAll: true });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a readable date at "scans[0].scanLastRunTime"');
	});
});

describe('amounts are numbers, never NaN', () => {
	test('query-by-view: a cost that is not a number is an error, not a NaN total', async () => {
		answerOnce('v1.cost.query-by-view', { data: [{ name: 'EC2', data: [{ time: Date.UTC(2024, 8, 9), cost: 'n/a' }] }] });
		const result = await runNode(sim.server, { ...costByView, output: 'series' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a number at "data[0].data[0].cost" (got "n/a") was missing');
	});

	test.each(['0x10', '0b11', ''])('query-by-view: a cost of %j is an error, not a cost read by JavaScript rules', async (cost) => {
		answerOnce('v1.cost.query-by-view', { data: [{ name: 'EC2', data: [{ time: Date.UTC(2024, 8, 9), cost }] }] });
		const result = await runNode(sim.server, { ...costByView, output: 'series' });
		expect({ status: result.status, totalCost: result.items[0]?.json.totalCost }).toEqual({ status: 'error', totalCost: undefined });
		expect(result.error?.message).toContain(`a number at "data[0].data[0].cost" (got "${cost}") was missing`);
	});

	test('cost-usage results: an amount that is not a number is an error', async () => {
		answerOnce('v2.cu.results', page([row('2024-09-09', 'abc')], { hasMore: false }));
		const result = await runNode(sim.server, results);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a number at "data[0].netAmortizedCost_sum.amount"');
	});

	test('CostGuard: a savings figure that is not a number is an error, not a finding silently filtered out', async () => {
		answerOnce('v1.costguard.recommendations', {
			scanId: SCAN_IDS.ec2Rightsizing,
			data: [{ group: 'g', resources: [{ resourceId: 'i-1', resourceYearlyPotentialSavings: 'lots' }] }],
		});
		const result = await runNode(sim.server, {
			resource: 'costGuard',
			operation: 'getRecommendations',
			scanId: locator(SCAN_IDS.ec2Rightsizing),
			returnAll: true,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a number at "data[0].resources[0].resourceYearlyPotentialSavings"');
	});
});

describe('pages must advance', () => {
	test('cost-usage results: a cursor that comes back is an error, not a silently short result', async () => {
		answerOnce('v2.cu.results', page([row('2024-09-09')], { hasMore: true, nextCursor: 'c1' }));
		answerOnce('v2.cu.results', page([row('2024-09-10')], { hasMore: true, nextCursor: 'c1' }));
		const result = await runNode(sim.server, results);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(UNEXPECTED);
		expect(result.error?.message).toContain('the same cursor came back twice');
	});

	test('cost-usage results: a page without rows that says more follow is an error (it could go on forever)', async () => {
		for (let index = 1; index <= 5; index++) answerOnce('v2.cu.results', page([], { hasMore: true, nextCursor: `c${index}` }));
		answerOnce('v2.cu.results', page([], { hasMore: false }));
		const result = await runNode(sim.server, results);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a row on a page that says more follow was missing');
		expect(sim.server.requests.filter((request) => request.route === 'v2.cu.results')).toHaveLength(1);
	});

	test('cost-usage results: a page that says more follow without a cursor is an error, not the last page', async () => {
		answerOnce('v2.cu.results', page([row('2024-09-09')], { hasMore: true }));
		const result = await runNode(sim.server, results);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a "pagination.nextCursor" text was missing');
	});

	test('virtual tag versions: an empty page that says more follow is an error', async () => {
		for (let index = 1; index <= 5; index++) {
			answerOnce('v2.vt-versions.list', page([], { hasMore: true, nextCursor: `c${index}` }));
		}
		answerOnce('v2.vt-versions.list', page([], { hasMore: false, nextCursor: null }));
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
			returnAll: true,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('a row on a page that says more follow was missing');
	});
});
