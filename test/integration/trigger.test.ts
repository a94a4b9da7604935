import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { configureRateWindows } from '../../nodes/Finout/transport/rateWindow';
import { SANDBOX_CREDENTIALS, SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import type { FinoutCredentialData } from '../harness/engine';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, pollOk, sandboxRequest, saveTagVersion, useTriggerSimulator } from './support';

// Only Date is faked: the simulator, the transport's sleeps and the HTTP stack keep real timers,
// while "today" is whatever the test says it is.
const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0 });

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Day 0 of the simulated month: Monday 2026-03-02 (UTC). */
const START = Date.UTC(2026, 2, 2);
const SIMULATED_DAYS = 30;

/** The first 8 AWS services: the groups of the seeded "AWS by Service" view. */
const GROUPS = [
	'AmazonEC2',
	'AmazonRDS',
	'AmazonS3',
	'AWSLambda',
	'AmazonDynamoDB',
	'AmazonCloudFront',
	'AmazonEKS',
	'AmazonRedshift',
];

/**
 * Planted anomalies: group → day → multiplier. Day-to-day noise is ±2 %, so every planted rise
 * is far from the 30 % line. DynamoDB ramps up over three days: never +30 % on the previous day,
 * but +39 % on its 7-day average on day 19.
 */
const SPIKES: Record<string, Record<number, number>> = {
	AmazonEC2: { 4: 1.9 },
	AmazonRedshift: { 9: 1.6 },
	AmazonS3: { 15: 1.45 },
	AmazonDynamoDB: { 17: 1.1, 18: 1.2, 19: 1.45 },
	AmazonEKS: { 21: 2.0 },
	AWSLambda: { 27: 1.5 },
	AmazonRDS: { 27: 1.5 },
};

const dayIndex = (dayStartMs: number) => Math.round((dayStartMs - START) / DAY);
const dateOf = (day: number) => new Date(START + day * DAY).toISOString().slice(0, 10);

function plantedCost(group: string, dayStartMs: number): number {
	const index = GROUPS.indexOf(group);
	const day = dayIndex(dayStartMs);
	const base = index >= 0 ? 100 + 15 * index : 50;
	const noise = 1 + 0.02 * Math.sin(day * 1.7 + (index + 1) * 0.9);
	return base * noise * (SPIKES[group]?.[day] ?? 1);
}

/** What query-by-view returns for a group and day (the simulator rounds to cents). */
const viewCost = (group: string, day: number) => Math.round(plantedCost(group, START + day * DAY) * 100) / 100;

type Rule = 'above' | 'increaseVsPreviousDay' | 'increaseVsSameWeekdayLastWeek' | 'increaseVsTrailing7DayAverage';

/** An independent reference for the rules: which (date, group) pairs must fire. */
function reference(rule: Rule, threshold: number, cost: (group: string, day: number) => number, days: number[]) {
	const fired: string[] = [];
	for (const day of days) {
		for (const group of [...GROUPS].sort((a, b) => a.localeCompare(b))) {
			const value = cost(group, day);
			let baseline: number;
			if (rule === 'above') baseline = threshold;
			else if (rule === 'increaseVsPreviousDay') baseline = cost(group, day - 1);
			else if (rule === 'increaseVsSameWeekdayLastWeek') baseline = cost(group, day - 7);
			else baseline = [1, 2, 3, 4, 5, 6, 7].reduce((sum, back) => sum + cost(group, day - back), 0) / 7;
			const crossed = rule === 'above' ? value > threshold : baseline > 0 && ((value - baseline) / baseline) * 100 > threshold;
			if (crossed) fired.push(`${dateOf(day)} ${group}`);
		}
	}
	return fired;
}

const key = (item: IDataObject) => `${String(item.date)} ${String(item.group)}`;

let credentials: FinoutCredentialData;

function at(day: number, hour = 6): void {
	jest.setSystemTime(START + day * DAY + hour * HOUR);
}

function viewTrigger(rule: Rule, threshold: number, extra: INodeParameters = {}): INodeParameters {
	return {
		event: 'costThresholdCrossed',
		costSource: 'view',
		viewId: locator(VIEW_IDS.awsByService),
		viewScope: 'perGroup',
		rule,
		...(rule === 'above' ? { amount: threshold } : { percent: threshold }),
		...extra,
	};
}

function harness(parameters: INodeParameters, overrides: { maxConcurrentRequests?: number } = {}): PollHarness {
	return new PollHarness({ parameters, credentials: { ...credentials, ...overrides } });
}

beforeAll(() => {
	credentials = credentialsFor(sim.server);
});

beforeEach(() => {
	configureRateWindows('default');
	at(0);
	sim.server.setDailyCost(({ group, dayStartMs }) => plantedCost(group, dayStartMs));
});

describe('Cost Threshold Crossed: 30 simulated days of a view, one poll per day', () => {
	test('fires exactly on the planted (day, group) pairs for each rule', async () => {
		const rules: Array<{ name: string; rule: Rule; threshold: number; planted: string[] }> = [
			{
				name: 'Amount above 300',
				rule: 'above',
				threshold: 300,
				planted: [`${dateOf(9)} AmazonRedshift`, `${dateOf(21)} AmazonEKS`],
			},
			{
				name: '+30 % vs previous day',
				rule: 'increaseVsPreviousDay',
				threshold: 30,
				planted: [
					`${dateOf(4)} AmazonEC2`,
					`${dateOf(9)} AmazonRedshift`,
					`${dateOf(15)} AmazonS3`,
					`${dateOf(21)} AmazonEKS`,
					`${dateOf(27)} AmazonRDS`,
					`${dateOf(27)} AWSLambda`,
				],
			},
			{
				name: '+30 % vs trailing 7-day average',
				rule: 'increaseVsTrailing7DayAverage',
				threshold: 30,
				planted: [
					`${dateOf(4)} AmazonEC2`,
					`${dateOf(9)} AmazonRedshift`,
					`${dateOf(15)} AmazonS3`,
					`${dateOf(19)} AmazonDynamoDB`,
					`${dateOf(21)} AmazonEKS`,
					`${dateOf(27)} AmazonRDS`,
					`${dateOf(27)} AWSLambda`,
				],
			},
		];
		const triggers = rules.map((entry) => harness(viewTrigger(entry.rule, entry.threshold)));
		const fired = rules.map(() => [] as IDataObject[]);
		const evaluatedPerPoll: string[][] = rules.map(() => []);

		for (let day = 1; day <= SIMULATED_DAYS; day++) {
			at(day);
			for (let index = 0; index < rules.length; index++) {
				fired[index].push(...(await pollOk(triggers[index])));
				const state = triggers[index].nodeStaticData.costThresholdCrossed as IDataObject;
				evaluatedPerPoll[index].push(String(state.lastEvaluated));
			}
		}

		const days = Array.from({ length: SIMULATED_DAYS }, (_, day) => day);
		const rows: string[] = [];
		const summary: string[] = [];
		for (let index = 0; index < rules.length; index++) {
			const { name, rule, threshold, planted } = rules[index];
			const expected = reference(rule, threshold, viewCost, days);
			const got = fired[index].map(key);
			// Every poll evaluated exactly the day before it, once.
			expect(evaluatedPerPoll[index]).toEqual(days.map(dateOf));
			expect({ rule: name, fired: got }).toEqual({ rule: name, fired: expected });
			expect({ rule: name, expected }).toEqual({ rule: name, expected: [...planted].sort((a, b) => a.localeCompare(b)) });
			expect(new Set(got).size).toBe(got.length);
			for (const item of fired[index]) {
				expect(item).toMatchObject({
					event: 'costThresholdCrossed',
					rule,
					threshold,
					source: 'view',
					viewId: VIEW_IDS.awsByService,
					value: viewCost(String(item.group), dayIndex(Date.parse(`${String(item.date)}T00:00:00Z`))),
				});
			}
			summary.push(`| ${name} | ${expected.length} | ${got.length} | ${got.filter((k) => expected.includes(k)).length} | ${got.filter((k) => !expected.includes(k)).length} | ${expected.filter((k) => !got.includes(k)).length} |`);
			const byKey = new Map(fired[index].map((item) => [key(item), item]));
			for (const pair of [...new Set([...expected, ...got])].sort()) {
				const item = byKey.get(pair);
				const [date, group] = pair.split(' ');
				const value = viewCost(group, dayIndex(Date.parse(`${date}T00:00:00Z`)));
				rows.push(
					`| ${date} | ${group} | ${name} | ${value.toFixed(2)} | ${item ? Number(item.baseline).toFixed(2) : '–'} | ${item?.changePercent ?? '–'} | ${expected.includes(pair) ? 'yes' : 'no'} | ${item ? 'yes' : 'no'} |`,
				);
			}
		}

		const artifact = [
			'# Finout Trigger — 30 simulated days, view "AWS by Service" per group',
			'',
			`Days ${dateOf(0)} … ${dateOf(SIMULATED_DAYS - 1)} (UTC), one poll per day at 06:00 UTC, each evaluating the day before.`,
			'Costs: 100 + 15·i per group with ±2 % noise; spikes planted with setDailyCost (see trigger.test.ts SPIKES).',
			'',
			'| Rule | Expected | Fired | Fired & expected | Fired, not expected | Expected, not fired |',
			'|---|---|---|---|---|---|',
			...summary,
			'',
			'| Date | Group | Rule | Value | Baseline | Change % | Expected | Fired |',
			'|---|---|---|---|---|---|---|---|',
			...rows,
			'',
		].join('\n');
		// Written on every run into an ignored folder; docs/trigger-30-day.md is a copy kept as documentation.
		const folder = join(__dirname, '__artifacts__');
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, 'trigger-30-day.md'), artifact);
		expect(artifact).toContain('| +30 % vs trailing 7-day average | 7 | 7 | 7 | 0 | 0 |');
	});

	test('same weekday last week: the day after a spike week does not fire, the spike does', async () => {
		const trigger = harness(viewTrigger('increaseVsSameWeekdayLastWeek', 30));
		const fired: string[] = [];
		for (let day = 1; day <= 14; day++) {
			at(day);
			fired.push(...(await pollOk(trigger)).map(key));
		}
		const days = Array.from({ length: 14 }, (_, day) => day);
		expect(fired).toEqual(reference('increaseVsSameWeekdayLastWeek', 30, viewCost, days));
		expect(fired).toEqual([`${dateOf(4)} AmazonEC2`, `${dateOf(9)} AmazonRedshift`]);
	});

	test('view total: one series named "Total"', async () => {
		const total = (day: number) =>
			Math.round(GROUPS.reduce((sum, group) => sum + viewCost(group, day), 0) * 100) / 100;
		const trigger = harness(viewTrigger('above', total(9) - 0.01, { viewScope: 'total' }));
		const fired: IDataObject[] = [];
		for (let day = 8; day <= 10; day++) {
			at(day);
			fired.push(...(await pollOk(trigger)));
		}
		expect(fired.map(key)).toEqual([`${dateOf(9)} Total`]);
		expect(fired[0].value).toBeCloseTo(total(9), 2);
	});

	test('Cost and Usage V2 source, split by a dimension: submit → status → results', async () => {
		const trigger = harness({
			event: 'costThresholdCrossed',
			costSource: 'costAndUsage',
			measurementType: 'netAmortizedCost',
			costAndUsageScope: 'perDimension',
			dimensionCostCenter: 'AWS',
			dimensionKey: 'service',
			dimensionType: 'billing_dimension',
			costAndUsageFilters: JSON.stringify({
				costCenter: 'AWS',
				key: 'service',
				type: 'billing_dimension',
				operator: 'oneOf',
				value: GROUPS,
			}),
			rule: 'increaseVsPreviousDay',
			percent: 30,
		});
		const fired: IDataObject[] = [];
		for (let day = 1; day <= 12; day++) {
			at(day);
			fired.push(...(await pollOk(trigger)));
		}
		const v2Cost = (group: string, day: number) => Math.round(plantedCost(group, START + day * DAY) * 10_000) / 10_000;
		const days = Array.from({ length: 12 }, (_, day) => day);
		expect(fired.map(key)).toEqual(reference('increaseVsPreviousDay', 30, v2Cost, days));
		expect(fired.map(key)).toEqual([`${dateOf(4)} AmazonEC2`, `${dateOf(9)} AmazonRedshift`]);
		expect(fired[0]).toMatchObject({ source: 'costAndUsage', measurement: 'netAmortizedCost' });

		const routes = sim.server.requests.map((request) => request.route);
		expect(routes.filter((route) => route === 'v2.cu.generate-query')).toHaveLength(12);
		expect(routes.filter((route) => route === 'v2.cu.results')).toHaveLength(12);
		const body = sim.server.requests.find((request) => request.route === 'v2.cu.generate-query')!.body as IDataObject;
		expect(body).toMatchObject({
			timeInterval: { interval: 'day' },
			measurements: [{ type: 'netAmortizedCost', operator: 'sum' }],
			dimensions: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }],
		});
		// One day evaluated plus one day of baseline, as whole UTC days.
		expect(body.date).toEqual({
			unixTimeMillisecondsStart: START - DAY,
			unixTimeMillisecondsEnd: START + DAY - 1,
		});
	});

	test('Look Back Days: the first poll also evaluates earlier days, in one request', async () => {
		at(12);
		const trigger = harness(viewTrigger('increaseVsPreviousDay', 30, { costOptions: { lookBackDays: 10 } }));
		const fired = await pollOk(trigger);
		expect(fired.map(key)).toEqual([`${dateOf(4)} AmazonEC2`, `${dateOf(9)} AmazonRedshift`]);
		expect(sim.server.requests).toHaveLength(1);
		expect(sim.server.requests[0].body).toMatchObject({
			date: { unixTimeMillSecondsStart: START, unixTimeMillSecondsEnd: START + 12 * DAY - 1 },
		});
	});

	test('after a long pause it catches up in request-sized chunks (≤ 90 days per query-by-view)', async () => {
		at(1);
		const trigger = harness(viewTrigger('increaseVsPreviousDay', 30));
		await pollOk(trigger); // evaluates day 0, which is not settled yet
		at(121);
		await pollOk(trigger); // day 0's last look and days 1 … 88: 89 days plus a day of baseline
		expect((trigger.nodeStaticData.costThresholdCrossed as IDataObject).lastEvaluated).toBe(dateOf(88));
		await pollOk(trigger);
		expect((trigger.nodeStaticData.costThresholdCrossed as IDataObject).lastEvaluated).toBe(dateOf(120));
		for (const request of sim.server.requests) {
			const date = (request.body as { date: { unixTimeMillSecondsStart: number; unixTimeMillSecondsEnd: number } }).date;
			expect(date.unixTimeMillSecondsEnd - date.unixTimeMillSecondsStart).toBeLessThanOrEqual(90 * DAY);
		}
	});
});

describe('failures, restarts and overlapping polls', () => {
	test('a poll that fails (503, retries exhausted) moves nothing; the next poll catches up without duplicates', async () => {
		const parameters = viewTrigger('increaseVsPreviousDay', 30, { rateLimitHandling: { maxRetries: 0 } });
		const trigger = harness(parameters);
		const fired: string[] = [];
		let failures = 0;
		for (let day = 1; day <= SIMULATED_DAYS; day++) {
			at(day);
			if (day === 10 || day === 22) {
				// The polls that should evaluate the Redshift (day 9) and EKS (day 21) spikes fail.
				sim.server.failNext({ path: '/v1/cost/query-by-view', status: 503 });
				const before = JSON.stringify(trigger.staticData);
				const outcome = await trigger.poll();
				expect(outcome.error).toBeInstanceOf(NodeApiError);
				expect(outcome.error?.httpCode).toBe('503');
				expect(JSON.stringify(trigger.staticData)).toBe(before);
				failures++;
				continue;
			}
			fired.push(...(await pollOk(trigger)).map(key));
		}
		expect(failures).toBe(2);
		const days = Array.from({ length: SIMULATED_DAYS }, (_, day) => day);
		expect(fired).toEqual(reference('increaseVsPreviousDay', 30, viewCost, days));
	});

	test('new recommendations: a poll failing mid-way (one scan of five) neither loses nor repeats resources', async () => {
		const trigger = harness(
			{ event: 'newRecommendation', scanScope: 'all', rateLimitHandling: { maxRetries: 0 } },
		);
		expect(await pollOk(trigger)).toEqual([]); // first poll remembers what is there
		const added = [
			sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core').resourceId,
			sim.server.state.addRecommendation(SCAN_IDS.rdsIdle, 'staging').resourceId,
			sim.server.state.addRecommendation(SCAN_IDS.cloudSqlIdle, 'web-prod-1190').resourceId,
		];
		sim.server.reset();
		sim.server.failNext({ path: '/v1/cost-guard/scans-recommendations', status: 503 });
		const before = JSON.stringify(trigger.staticData);
		const failed = await trigger.poll();
		expect(failed.error?.httpCode).toBe('503');
		expect(sim.server.requests.map((request) => request.route)).toContain('v1.costguard.scans');
		expect(JSON.stringify(trigger.staticData)).toBe(before);

		const fired = await pollOk(trigger);
		expect(fired.map((item) => item.resourceId).sort()).toEqual([...added].sort());
		expect(await pollOk(trigger)).toEqual([]);
	});

	test('virtual tags (all): a poll failing on the last tag neither loses nor repeats versions', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'all', rateLimitHandling: { maxRetries: 0 } });
		expect(await pollOk(trigger)).toEqual([]);
		jest.setSystemTime(Date.now() + HOUR);
		const tagIds = Object.values(VT_IDS).sort();
		for (const id of tagIds) await saveTagVersion(sim.server, id, `change of ${id}`);
		sim.server.failNext({ path: `/v2/virtual-tags/${tagIds[tagIds.length - 1]}/versions`, status: 400 });
		const before = JSON.stringify(trigger.staticData);
		const failed = await trigger.poll();
		expect(failed.error?.httpCode).toBe('400');
		expect(JSON.stringify(trigger.staticData)).toBe(before);

		const fired = await pollOk(trigger);
		expect(fired.map((item) => item.virtualTagId).sort()).toEqual(tagIds);
		expect(await pollOk(trigger)).toEqual([]);
	});

	test('a 429 that outlasts the retries surfaces as the transport NodeApiError with httpCode 429', async () => {
		const trigger = harness(viewTrigger('above', 300, { rateLimitHandling: { maxRetries: 1 } }));
		sim.server.failNext({ path: '/v1/cost/query-by-view', status: 429, retryAfter: '0', times: 5 });
		const outcome = await trigger.poll();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.httpCode).toBe('429');
		expect(trigger.nodeStaticData).toEqual({});
	});

	test('restart: a fresh node instance with the same static data neither repeats nor misses', async () => {
		const first = harness(viewTrigger('increaseVsPreviousDay', 30));
		const fired: string[] = [];
		for (let day = 1; day <= 9; day++) {
			at(day);
			fired.push(...(await pollOk(first)).map(key));
		}
		// n8n restarts: the same day polls again from a new process with the saved static data.
		const second = first.restart();
		expect(await pollOk(second)).toEqual([]);
		for (let day = 10; day <= 12; day++) {
			at(day);
			fired.push(...(await pollOk(second)).map(key));
			const third = second.restart();
			expect(await pollOk(third)).toEqual([]);
		}
		expect(fired).toEqual([`${dateOf(4)} AmazonEC2`, `${dateOf(9)} AmazonRedshift`]);

		const recommendations = harness({ event: 'newRecommendation', scanScope: 'one', scanId: locator(SCAN_IDS.ebsUnattached) });
		await pollOk(recommendations);
		const resource = sim.server.state.addRecommendation(SCAN_IDS.ebsUnattached, 'prod-core');
		expect((await pollOk(recommendations)).map((item) => item.resourceId)).toEqual([resource.resourceId]);
		expect(await pollOk(recommendations.restart())).toEqual([]);
	});

	test('overlapping polls of the same trigger: the later one steps aside', async () => {
		sim.server.setLatency(50);
		try {
			const trigger = harness(viewTrigger('increaseVsPreviousDay', 30));
			at(5);
			const [a, b] = await Promise.all([trigger.poll(), trigger.poll()]);
			expect([a.items?.length ?? 0, b.items?.length ?? 0].sort()).toEqual([0, 1]);
			expect(sim.server.requests).toHaveLength(1);
		} finally {
			sim.server.setLatency(0);
		}
	});
});

describe('static data', () => {
	test('a poll with nothing new does not rewrite static data; the entries stay small', async () => {
		const cost = harness(viewTrigger('above', 300));
		const recommendations = harness({ event: 'newRecommendation', scanScope: 'all' });
		const tags = harness({ event: 'virtualTagChanged', tagScope: 'all' });
		at(3);
		for (const trigger of [cost, recommendations, tags]) {
			expect((await trigger.poll()).staticDataChanged).toBe(true);
		}
		jest.setSystemTime(Date.now() + HOUR);
		await pollOk(tags); // the first full check records a cursor per tag
		jest.setSystemTime(Date.now() + HOUR);
		for (const trigger of [cost, recommendations, tags]) {
			const outcome = await trigger.poll();
			expect({ items: outcome.items, changed: outcome.staticDataChanged }).toEqual({ items: null, changed: false });
		}
		expect(cost.nodeStaticData).toEqual({
			// Day 2 is checked again until it has settled (Data Delay); nothing fired for it.
			costThresholdCrossed: { v: 1, watch: expect.any(String), lastEvaluated: dateOf(2), unsettled: { [dateOf(2)]: [] } },
		});
		const scans = (recommendations.nodeStaticData.newRecommendation as { scans: Record<string, string[]> }).scans;
		expect(Object.keys(scans)).toHaveLength(5);
		expect(Object.values(scans).flat().every((hash) => /^[\w-]{12}$/.test(hash))).toBe(true);
		expect(JSON.stringify(recommendations.nodeStaticData).length).toBeLessThan(4_000);
		expect(tags.nodeStaticData.virtualTagChanged).toEqual({
			v: 1,
			watch: expect.any(String),
			since: expect.any(Number),
			tags: Object.fromEntries(Object.values(VT_IDS).map((id) => [id, { at: expect.any(Number), ids: [] }])),
		});
	});

	test('pointing the trigger at another view starts over from yesterday instead of backfilling', async () => {
		const trigger = harness(viewTrigger('increaseVsPreviousDay', 30));
		at(2);
		await pollOk(trigger);
		trigger.setParameters(viewTrigger('increaseVsPreviousDay', 30, { viewId: locator(VIEW_IDS.awsByRegion) }));
		at(10);
		sim.server.reset();
		await pollOk(trigger);
		expect(sim.server.requests).toHaveLength(1);
		expect(sim.server.requests[0].body).toMatchObject({
			viewId: VIEW_IDS.awsByRegion,
			date: { unixTimeMillSecondsStart: START + 8 * DAY, unixTimeMillSecondsEnd: START + 10 * DAY - 1 },
		});
		expect((trigger.nodeStaticData.costThresholdCrossed as IDataObject).lastEvaluated).toBe(dateOf(9));
	});
});

describe('New CostGuard Recommendations', () => {
	test('only resources added since the last poll fire, and Min Yearly Savings is honoured', async () => {
		const trigger = harness({
			event: 'newRecommendation',
			scanScope: 'one',
			scanId: locator(SCAN_IDS.ec2Rightsizing),
			recommendationOptions: { minYearlySavings: 1000 },
		});
		expect(await pollOk(trigger)).toEqual([]);
		const big = sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', {
			resourceId: 'i-0trigger-big',
			resourceYearlyPotentialSavings: 5000,
		});
		sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', {
			resourceId: 'i-0trigger-small',
			resourceYearlyPotentialSavings: 10,
		});
		const fired = await pollOk(trigger);
		expect(fired).toEqual([
			expect.objectContaining({
				event: 'newRecommendation',
				scanId: SCAN_IDS.ec2Rightsizing,
				scanName: 'EC2 - Rightsizing',
				group: 'prod-core',
				resourceId: big.resourceId,
				yearlyPotentialSavings: 5000,
			}),
		]);
		expect(await pollOk(trigger)).toEqual([]);

		// A resource that leaves the list and comes back is new again.
		sim.server.state.removeRecommendation(SCAN_IDS.ec2Rightsizing, big.resourceId);
		expect(await pollOk(trigger)).toEqual([]);
		sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', { ...big });
		expect((await pollOk(trigger)).map((item) => item.resourceId)).toEqual([big.resourceId]);
	});

	test('Emit Existing on First Poll fires for what is already recommended', async () => {
		const trigger = harness({
			event: 'newRecommendation',
			scanScope: 'one',
			scanId: locator(SCAN_IDS.rdsIdle),
			recommendationOptions: { emitExisting: true },
		});
		const groups = sim.server.state.recommendations.get(SCAN_IDS.rdsIdle)!;
		const count = groups.reduce((sum, group) => sum + group.resources.length, 0);
		expect(await pollOk(trigger)).toHaveLength(count);
		expect(await pollOk(trigger)).toEqual([]);
	});
});

describe('Virtual Tag Changed', () => {
	test('a new version saved through the V2 route fires once, with who, when and the change description', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator(VT_IDS.environment) });
		expect(await pollOk(trigger)).toEqual([]);
		jest.setSystemTime(Date.now() + HOUR);
		await saveTagVersion(sim.server, VT_IDS.environment, 'Split staging from development');
		const fired = await pollOk(trigger);
		expect(fired).toEqual([
			{
				event: 'virtualTagChanged',
				virtualTagId: VT_IDS.environment,
				virtualTagName: 'Environment',
				versionId: expect.any(String),
				createdBy: 'api@sandbox.finout.io',
				createdAt: new Date(Date.now()).toISOString(),
				changeDescription: 'Split staging from development',
				isLive: true,
			},
		]);
		expect(await pollOk(trigger)).toEqual([]);

		// A staged save (setAsLive=false) is a version too; two saves in the same millisecond both fire.
		await saveTagVersion(sim.server, VT_IDS.environment, 'Draft A', false);
		await saveTagVersion(sim.server, VT_IDS.environment, 'Draft B', false);
		const drafts = await pollOk(trigger);
		expect(drafts.map((item) => [item.changeDescription, item.isLive])).toEqual([
			['Draft A', false],
			['Draft B', false],
		]);
		// A third save in that same millisecond: only it fires.
		await saveTagVersion(sim.server, VT_IDS.environment, 'Draft C', false);
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['Draft C']);
	});

	test('all tags: changes to existing tags and tags created after activation', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);
		jest.setSystemTime(Date.now() + HOUR);
		await saveTagVersion(sim.server, VT_IDS.team, 'Add ML team');
		const created = await sandboxRequest(sim.server, 'POST', '/v2/virtual-tags', {
			name: 'Trigger Test Tag',
			rules: [],
			defaultValue: 'unallocated',
			versionMetadata: { changeDescription: 'Created for the trigger test' },
		});
		expect(created.status).toBe(201);
		const fired = await pollOk(trigger);
		expect(fired.map((item) => [item.virtualTagName, item.changeDescription]).sort()).toEqual([
			['Team', 'Add ML team'],
			['Trigger Test Tag', 'Created for the trigger test'],
		]);
		expect(await pollOk(trigger)).toEqual([]);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	test('cost: returns the latest day without moving the cursor', async () => {
		const trigger = harness(viewTrigger('increaseVsPreviousDay', 30));
		for (let day = 1; day <= 3; day++) {
			at(day);
			await pollOk(trigger);
		}
		const saved = JSON.stringify(trigger.staticData);

		at(10); // yesterday = day 9, the Redshift spike
		const outcome = await trigger.poll('manual');
		expect(outcome.items).toEqual([expect.objectContaining({ date: dateOf(9), group: 'AmazonRedshift' })]);
		expect(outcome.staticDataChanged).toBe(false);
		expect(JSON.stringify(trigger.staticData)).toBe(saved);

		at(11); // yesterday = day 10: nothing crossed, so the day's values are the sample
		const quiet = await pollOk(trigger, 'manual');
		expect(quiet).toHaveLength(GROUPS.length);
		expect(quiet.every((item) => item.date === dateOf(10) && item.fired === false)).toBe(true);
		expect(JSON.stringify(trigger.staticData)).toBe(saved);

		// The real poll still evaluates every day after the cursor, day 3 … 10.
		const fired = await pollOk(trigger);
		expect(fired.map(key)).toEqual([`${dateOf(4)} AmazonEC2`, `${dateOf(9)} AmazonRedshift`]);
	});

	test('a never-activated trigger returns a sample and stores nothing', async () => {
		const cost = harness(viewTrigger('above', 300));
		expect((await pollOk(cost, 'manual')).length).toBeGreaterThan(0);
		const recommendations = harness({ event: 'newRecommendation', scanScope: 'all' });
		expect((await pollOk(recommendations, 'manual')).length).toBe(5);
		const tags = harness({ event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator(VT_IDS.team) });
		const versions = await pollOk(tags, 'manual');
		expect(versions.map((item) => item.changeDescription)).toEqual([
			'Draft: split out ML',
			'Add Data Platform and Platform',
			null,
		]);
		// n8n creates the node's (empty) static data object when it is first read; nothing goes in it.
		for (const trigger of [cost, recommendations, tags]) expect(trigger.nodeStaticData).toEqual({});
	});
});

describe('two triggers, one API key: one queue', () => {
	test('polls of two workflows share the per-key gate (max 1 in flight, requests interleave)', async () => {
		const single = { maxConcurrentRequests: 1 };
		const recommendations = harness({ event: 'newRecommendation', scanScope: 'all' }, single);
		const tags = harness({ event: 'virtualTagChanged', tagScope: 'all' }, single);
		await pollOk(tags); // first poll: starts watching
		jest.setSystemTime(Date.now() + HOUR);

		sim.server.reset();
		sim.server.setLatency(20);
		try {
			await Promise.all([pollOk(recommendations), pollOk(tags)]);
		} finally {
			sim.server.setLatency(0);
		}
		const stats = sim.server.stats();
		expect(stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBe(1);
		expect(stats.concurrency429ByKey[SANDBOX_CREDENTIALS.clientId] ?? 0).toBe(0);
		const order = [...sim.server.requests]
			.sort((a, b) => a.startedAt - b.startedAt || a.id - b.id)
			.map((request) => (request.path.startsWith('/v2/') ? 'tags' : 'recs'));
		expect(order.filter((owner) => owner === 'recs')).toHaveLength(6); // scans + 5 scans' recommendations
		expect(order.filter((owner) => owner === 'tags')).toHaveLength(5); // list + 4 tags' versions
		const switches = order.filter((owner, index) => index > 0 && owner !== order[index - 1]).length;
		expect({ order, switches: switches >= 2 }).toEqual({ order, switches: true });
	});

	test('with the default limit of 5, two busy triggers never exceed 5 in flight for the key', async () => {
		const a = harness({ event: 'newRecommendation', scanScope: 'all' });
		const b = harness({ event: 'newRecommendation', scanScope: 'all' });
		const c = harness(viewTrigger('above', 300));
		sim.server.reset();
		sim.server.setLatency(30);
		try {
			at(5);
			await Promise.all([pollOk(a), pollOk(b), pollOk(c)]);
		} finally {
			sim.server.setLatency(0);
		}
		const stats = sim.server.stats();
		expect(stats.totalRequests).toBe(13);
		expect(stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBeLessThanOrEqual(5);
		expect(stats.maxInFlightByKey[SANDBOX_CREDENTIALS.clientId]).toBeGreaterThan(1);
		expect(stats.concurrency429ByKey[SANDBOX_CREDENTIALS.clientId] ?? 0).toBe(0);
	});
});

describe('examples/daily-cost-spike-alert.json', () => {
	test('the trigger node, as exported, fires on a +30 % day against the sandbox and feeds the HTTP Request node', async () => {
		const workflow = JSON.parse(
			readFileSync(join(__dirname, '../../examples/daily-cost-spike-alert.json'), 'utf8'),
		) as { id: string; nodes: Array<{ name: string; type: string; parameters: INodeParameters; credentials?: IDataObject }>; connections: IDataObject };
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		const [trigger, http] = workflow.nodes;
		expect(trigger.type).toBe('n8n-nodes-finout.finoutTrigger');
		expect(trigger.credentials).toEqual({ finoutApi: { id: 'FinoutSandboxCred1', name: 'Finout sandbox' } });
		expect(http).toMatchObject({ type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', sendBody: true } });
		expect(workflow.connections).toEqual({
			'Finout Trigger': { main: [[{ node: http.name, type: 'main', index: 0 }]] },
		});

		const poller = harness(trigger.parameters);
		at(4);
		expect(await pollOk(poller)).toEqual([]); // day 3: quiet
		at(5);
		expect((await pollOk(poller)).map(key)).toEqual([`${dateOf(4)} AmazonEC2`]);
	});
});
