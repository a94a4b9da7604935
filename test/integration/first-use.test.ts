/**
 * Issue 13: the node as a first-time FinOps user meets it (dates, cost types, one row cap),
 * plus issue 11's AI-agent needs ($fromAI dates, compact output).
 */
import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { statusCheckDelays } from '../../nodes/Finout/actions/costAndUsage/waitForQuery';
import { Finout } from '../../nodes/Finout/Finout.node';
import { FinoutTrigger } from '../../nodes/FinoutTrigger/FinoutTrigger.node';
import { VIEW_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50 });
const DAY = 86_400_000;
const FAST = { pollIntervalSeconds: 0.5 };
const today = () => Math.floor(Date.now() / DAY) * DAY;

const byView = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService) };
const costAndUsage: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	options: FAST,
};

const viewDates = () => sim.server.requests[0].body as { date: Record<string, number> };
const generateBody = () =>
	sim.server.requests.find((request) => request.route === 'v2.cu.generate-query')!.body as Record<string, any>;

describe('Date Range: Yesterday and inclusive date-only ends', () => {
	test('Yesterday is the one full UTC day before today, in Query by View', async () => {
		const result = await runNode(sim.server, { ...byView, dateRange: 'yesterday' });
		expectSuccess(result);
		expect(viewDates().date).toEqual({
			unixTimeMillSecondsStart: today() - DAY,
			unixTimeMillSecondsEnd: today() - 1,
		});
		for (const series of jsonOf(result)) expect(series.days).toBe(1);
	});

	test('Yesterday in Cost and Usage without a dimension returns exactly one daily row', async () => {
		const result = await runNode(sim.server, { ...costAndUsage, dateRange: 'yesterday' });
		expectSuccess(result);
		const rows = jsonOf(result);
		expect(rows).toHaveLength(1);
		expect(rows[0].date).toBe(new Date(today() - DAY).toISOString().slice(0, 10));
	});

	test('Custom Start = End (date only) is that one whole day', async () => {
		const result = await runNode(sim.server, { ...byView, dateRange: 'custom', startDate: '2026-03-01', endDate: '2026-03-01' });
		expectSuccess(result);
		expect(viewDates().date).toEqual({
			unixTimeMillSecondsStart: Date.UTC(2026, 2, 1),
			unixTimeMillSecondsEnd: Date.UTC(2026, 2, 2) - 1,
		});
	});

	test("an End at midnight, as n8n's date picker sends it, covers that whole day", async () => {
		const result = await runNode(sim.server, {
			...byView,
			dateRange: 'custom',
			startDate: '2026-03-01T00:00:00',
			endDate: '2026-03-07T00:00:00',
		});
		expectSuccess(result);
		expect(viewDates().date.unixTimeMillSecondsEnd).toBe(Date.UTC(2026, 2, 8) - 1);
	});

	test('an End with a time is kept as given', async () => {
		await runNode(sim.server, { ...byView, dateRange: 'custom', startDate: '2026-03-01', endDate: '2026-03-07T12:00:00Z' });
		expect(viewDates().date.unixTimeMillSecondsEnd).toBe(Date.UTC(2026, 2, 7, 12));
	});

	test('saved workflows keep working: Last 7 Days, Month to Date and Last Month stay valid', async () => {
		for (const preset of ['last7Days', 'last30Days', 'monthToDate', 'lastMonth']) {
			sim.server.reset();
			expectSuccess(await runNode(sim.server, { ...byView, dateRange: preset }));
		}
	});

	test('Cost and Usage with no dimension and no sort chosen returns the days in date order', async () => {
		const result = await runNode(sim.server, {
			...costAndUsage,
			dateRange: 'custom',
			startDate: '2026-01-05',
			endDate: '2026-01-11',
		});
		expectSuccess(result);
		const dates = jsonOf(result).map((row) => row.date as string);
		expect(dates).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11']);
		expect(generateBody().timeInterval).toEqual({ interval: 'day', sortDirection: 'ascending' });
	});
});

describe('dates an AI agent fills in ($fromAI) do not block activation', () => {
	const issuesOf = (properties: INodeProperties[], parameters: INodeParameters) => {
		const node: INode = {
			id: '1',
			name: 'Finout',
			type: 'n8n-nodes-finout.finout',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		node.parameters = NodeHelpers.getNodeParameters(properties, parameters, true, false, node, null) ?? {};
		return NodeHelpers.getNodeParametersIssues(properties, node, null);
	};

	test('an empty Start / End is no parameter issue for n8n', () => {
		const { properties } = new Finout().description;
		for (const resource of [
			{ resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService) },
			{ resource: 'costAndUsage', operation: 'query' },
			{ resource: 'costAndUsage', operation: 'submitQuery' },
		]) {
			const issues = issuesOf(properties, { ...resource, dateRange: 'custom', startDate: '', endDate: '' });
			expect(issues?.parameters?.startDate).toBeUndefined();
			expect(issues?.parameters?.endDate).toBeUndefined();
		}
	});

	test('the node still refuses an empty Start, naming the field, before sending anything', async () => {
		const result = await runNode(sim.server, { ...byView, dateRange: 'custom', startDate: '', endDate: '2026-03-01' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Start is empty \(item 0\)/);
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe("all of Finout's cost types", () => {
	test.each(['listCost', 'fairShareCost', 'netFairShareCost'])('Query by View sends costType %s', async (costType) => {
		const result = await runNode(sim.server, { ...byView, dateRange: 'yesterday', costType });
		expectSuccess(result);
		expect(sim.server.requests[0].body).toMatchObject({ costType });
	});

	test.each(['fairShareCost', 'netFairShareCost'])('Cost and Usage measures %s', async (type) => {
		const result = await runNode(sim.server, {
			...costAndUsage,
			dateRange: 'yesterday',
			measurements: { measurement: [{ type, operator: 'sum' }] },
		});
		expectSuccess(result);
		expect(generateBody().measurements).toEqual([{ type, operator: 'sum' }]);
	});

	test('every cost type is explained in one line, in the node and the trigger', () => {
		const all = [...new Finout().description.properties, ...new FinoutTrigger().description.properties];
		const lists = all.filter((p) => p.name === 'costType' || p.name === 'measurementType').map((p) => p.options ?? []);
		for (const list of lists) {
			const values = list.map((option) => (option as { value: string }).value);
			expect(values).toEqual(expect.arrayContaining(['listCost', 'fairShareCost', 'netFairShareCost']));
			for (const option of list as Array<{ value: string; description?: string }>) {
				if (option.value) expect(option.description).toEqual(expect.any(String));
			}
		}
	});
});

describe('Cost and Usage → Query: one row cap', () => {
	test('Max Rows 5 asks Finout for the top 5 rows and returns them', async () => {
		const result = await runNode(sim.server, {
			...costAndUsage,
			dateRange: 'yesterday',
			dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] },
			limit: 5,
		});
		expectSuccess(result);
		expect(jsonOf(result)).toHaveLength(5);
		expect(generateBody().rowLimit).toBe(5);
	});

	test('the user-facing cap is called Max Rows; Row Limit and Page Size say they are advanced', () => {
		const properties = new Finout().description.properties.filter(
			(p) => p.displayOptions?.show?.resource?.includes('costAndUsage') && p.displayOptions?.show?.operation?.includes('query'),
		);
		expect(properties.find((p) => p.name === 'limit')?.displayName).toBe('Max Rows');
		const options = properties.find((p) => p.name === 'options')?.options as INodeProperties[];
		for (const name of ['rowLimit', 'pageSize']) {
			expect(options.find((o) => o.name === name)?.description).toMatch(/^Advanced/);
		}
	});
});

describe('compact output for AI agents', () => {
	test('Query by View → Summary is one item: total, days and the top series by cost', async () => {
		const result = await runNode(sim.server, { ...byView, dateRange: 'last7Days', output: 'summary' });
		expectSuccess(result);
		const items = jsonOf(result);
		expect(items).toHaveLength(1);
		const [summary] = items as Array<Record<string, any>>;
		expect(summary).toMatchObject({ viewId: VIEW_IDS.awsByService, days: 7, start: expect.any(String), end: expect.any(String) });
		expect(summary.top.length).toBeGreaterThan(1);
		expect(summary.top.length).toBeLessThanOrEqual(10);
		const costs = summary.top.map((entry: { cost: number }) => entry.cost);
		expect(costs).toEqual([...costs].sort((a: number, b: number) => b - a));
		expect(summary.top[0]).toEqual({ name: expect.any(String), cost: expect.any(Number) });
		expect(summary.totals.cost).toBeGreaterThanOrEqual(costs.reduce((sum: number, cost: number) => sum + cost, 0) - 0.01);
		expect(JSON.stringify(summary)).not.toMatch(/points/);
	});

	test('Cost and Usage → Query → Summary sums each service over the days and lists the top 10', async () => {
		const result = await runNode(sim.server, {
			...costAndUsage,
			dateRange: 'last7Days',
			dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] },
			limit: 5, // Max Rows caps rows, not what a summary adds up
			output: 'summary',
		});
		expectSuccess(result);
		const [summary] = jsonOf(result) as Array<Record<string, any>>;
		expect(jsonOf(result)).toHaveLength(1);
		expect(summary.rows).toBe(7 * 12);
		expect(summary.groups).toBe(12);
		expect(summary.top).toHaveLength(10);
		expect(Object.keys(summary.top[0])).toEqual(['Service', 'cost']);
		expect(summary.totals.cost).toBeGreaterThan(summary.top[0].cost);
	});
});

describe('the first status check comes soon after submitting', () => {
	test('checks start within a second and back off to the poll interval, within 50 a minute', () => {
		const delays = statusCheckDelays(5_000, 20);
		expect(delays[0]).toBeLessThanOrEqual(1_000);
		expect(delays.every((delay, index) => index === 0 || delay >= delays[index - 1])).toBe(true);
		expect(delays.at(-1)).toBe(5_000);
		expect(Math.max(...delays)).toBe(5_000);
		let elapsed = 0;
		const withinAMinute = delays.filter((delay) => (elapsed += delay) <= 60_000).length;
		expect(withinAMinute).toBeLessThanOrEqual(50);
	});

	test('an interval below the first step is used from the start', () => {
		expect(statusCheckDelays(200, 3)).toEqual([200, 200, 200]);
	});
});

describe('Finout Trigger: Fetch Test Event says when the sample did not fire', () => {
	test('each quiet sample item carries a note that nothing crossed the condition', async () => {
		const trigger = new PollHarness({
			parameters: {
				event: 'costThresholdCrossed',
				costSource: 'view',
				viewId: locator(VIEW_IDS.awsByService),
				viewScope: 'perGroup',
				rule: 'above',
				amount: 1e12,
			},
			credentials: credentialsFor(sim.server),
		});
		const outcome = await trigger.poll('manual');
		expect(outcome.error).toBeUndefined();
		expect(outcome.items!.length).toBeGreaterThan(0);
		for (const item of outcome.items!) {
			expect(item.fired).toBe(false);
			expect(item.note).toMatch(/^Sample only: nothing crossed the condition on \d{4}-\d{2}-\d{2}/);
		}
	});
});
