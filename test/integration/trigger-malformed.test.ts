import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ScriptedFault } from '../fake-finout/faults';
import { SANDBOX_CREDENTIALS, SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, pollOk, useTriggerSimulator } from './support';

// A 2xx answer that is not what Finout sends (a login page, a proxy's `{}`, JSON of another
// shape) fails the poll and moves no cursor; the next good poll fires exactly what it should.

const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0 });

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 2);
const dateOf = (day: number) => new Date(START + day * DAY).toISOString().slice(0, 10);
const at = (day: number, hour = 6) => jest.setSystemTime(START + day * DAY + hour * HOUR);

const MALFORMED: Array<[string, Pick<ScriptedFault, 'body' | 'contentType'>]> = [
	['an HTML 200 page', { body: '<html><body>Please sign in</body></html>', contentType: 'text/html' }],
	['{}', { body: {} }],
	['{"data":{}}', { body: { data: {} } }],
];

afterAll(() => {
	sim.server.setDailyCost(null);
});

beforeEach(() => {
	// Flat 100 a day for every group, and EC2 doubles on day 4.
	sim.server.setDailyCost(({ group, dayStartMs }) =>
		Math.round((dayStartMs - START) / DAY) === 4 && /EC2/.test(group) ? 200 : 100,
	);
});

function harness(parameters: INodeParameters): PollHarness {
	return new PollHarness({
		parameters: { ...parameters, rateLimitHandling: { maxRetries: 0 } },
		credentials: credentialsFor(sim.server),
	});
}

/** The poisoned poll fails with the unexpected-response error and leaves static data as it was. */
async function expectRefused(trigger: PollHarness, path: string | RegExp, answer: Pick<ScriptedFault, 'body' | 'contentType'>) {
	const before = JSON.stringify(trigger.staticData);
	sim.server.failNext({ path, status: 200, ...answer, afterMutation: false });
	const outcome = await trigger.poll();
	expect(outcome.error).toBeInstanceOf(NodeApiError);
	expect(outcome.error?.message).toMatch(/unexpected response/);
	expect(outcome.items).toBeNull();
	expect(JSON.stringify(trigger.staticData)).toBe(before);
}

const VIEW_TRIGGER: INodeParameters = {
	event: 'costThresholdCrossed',
	costSource: 'view',
	viewId: locator(VIEW_IDS.awsByService),
	viewScope: 'perGroup',
	rule: 'increaseVsPreviousDay',
	percent: 30,
};

const COST_AND_USAGE_TRIGGER: INodeParameters = {
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
		value: ['AmazonEC2', 'AmazonRDS'],
	}),
	rule: 'increaseVsPreviousDay',
	percent: 30,
};

const [HTML, , EMPTY_DATA] = MALFORMED;
// Every wrong answer on the view and on the results pages (which carry the rows); submit and
// status with one each, to keep the asynchronous queries' waits short.
const costCases: Array<[string, INodeParameters, string | RegExp, Pick<ScriptedFault, 'body' | 'contentType'>]> = [
	...MALFORMED.map(([name, answer]): [string, INodeParameters, string, typeof answer] => [`view: ${name}`, VIEW_TRIGGER, '/v1/cost/query-by-view', answer]),
	...MALFORMED.map(([name, answer]): [string, INodeParameters, RegExp, typeof answer] => [`Cost and Usage results: ${name}`, COST_AND_USAGE_TRIGGER, /\/results$/, answer]),
	// The same reading as Cost → Query by View: a group without its daily points is not an empty series.
	['view: a group without "data"', VIEW_TRIGGER, '/v1/cost/query-by-view', { body: { data: [{ name: 'AmazonEC2' }] } }],
	[`Cost and Usage submit: ${HTML[0]}`, COST_AND_USAGE_TRIGGER, 'v2.cu.generate-query', HTML[1]],
	[`Cost and Usage status: ${EMPTY_DATA[0]}`, COST_AND_USAGE_TRIGGER, /\/status$/, EMPTY_DATA[1]],
];

describe('cost threshold', () => {
	test.each(costCases)('%s: the poll fails, the cursor stays, the next poll fires the spike', async (_name, parameters, path, answer) => {
		const trigger = harness(parameters);
		at(4);
		expect(await pollOk(trigger)).toEqual([]); // day 3: flat
		at(5);
		await expectRefused(trigger, path, answer);
		const fired = await pollOk(trigger);
		expect(fired.map((item) => [item.date, item.group])).toEqual([[dateOf(4), expect.stringMatching(/EC2/)]]);
		expect(await pollOk(trigger)).toEqual([]);
	});
});

describe('a poll has no items', () => {
	test('a Cost and Usage error during a poll does not name an item', async () => {
		const trigger = harness(COST_AND_USAGE_TRIGGER);
		at(4);
		sim.server.failNext({ path: /generate-query$/, status: 400, body: { message: 'bad dimension' }, times: 1 });
		const outcome = await trigger.poll();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).not.toMatch(/item/i);
		// n8n shows an error's itemIndex as the item it belongs to; a poll has none.
		expect((outcome.error as NodeApiError).context.itemIndex).toBeUndefined();
		sim.server.reset();
	});
});

describe('Cost and Usage results answering 202 (not ready)', () => {
	const notReady = { status: 202, body: { error: 'QUERY_NOT_READY', message: 'Query is still running' } };

	test('is waited out, never read as zero rows: the spike fires on that same poll', async () => {
		const trigger = harness(COST_AND_USAGE_TRIGGER);
		at(4);
		expect(await pollOk(trigger)).toEqual([]);
		at(5);
		sim.server.failNext({ path: /\/results$/, ...notReady, times: 1 });
		const fired = await pollOk(trigger);
		expect(fired.map((item) => [item.date, item.group])).toEqual([[dateOf(4), expect.stringMatching(/EC2/)]]);
	});

	test('still 202 when the poll runs out of time: the poll fails and the cursor stays', async () => {
		const trigger = new PollHarness({
			parameters: COST_AND_USAGE_TRIGGER,
			credentials: credentialsFor(sim.server),
			pollBudgetMs: 4_000,
		});
		at(4);
		expect(await pollOk(trigger)).toEqual([]);
		at(5);
		const before = JSON.stringify(trigger.staticData);
		sim.server.failNext({ path: /\/results$/, ...notReady, times: 100 });
		const outcome = await trigger.poll();
		// The test clock stands still (only Date is faked), so the poll's hard time limit ends it.
		expect(outcome.error?.message).toMatch(/did not finish/);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
		sim.server.reset();
	});
});

describe('new recommendations', () => {
	test.each(MALFORMED)('%s on the scans list or a scan: the poll fails; the next one fires only the new resource', async (_name, answer) => {
		const trigger = harness({ event: 'newRecommendation', scanScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);
		const added = sim.server.state.addRecommendation(SCAN_IDS.rdsIdle, 'staging').resourceId;
		await expectRefused(trigger, '/v1/cost-guard/scans', answer);
		await expectRefused(trigger, '/v1/cost-guard/scans-recommendations', answer);
		expect((await pollOk(trigger)).map((item) => item.resourceId)).toEqual([added]);
		expect(await pollOk(trigger)).toEqual([]);
	});

	test('resources without a resourceId fail the poll and move no state (they would all be "undefined")', async () => {
		const trigger = harness({ event: 'newRecommendation', scanScope: 'one', scanId: locator(SCAN_IDS.rdsIdle) });
		expect(await pollOk(trigger)).toEqual([]);
		const before = JSON.stringify(trigger.staticData);
		const withoutId = { resourceId: undefined as unknown as string };
		sim.server.state.addRecommendation(SCAN_IDS.rdsIdle, 'staging', withoutId);
		sim.server.state.addRecommendation(SCAN_IDS.rdsIdle, 'prod-core', withoutId);

		const outcome = await trigger.poll();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).toMatch(/unexpected response .*"data\[\d+\]\.resources\[\d+\]\.resourceId" text was missing/);
		expect(outcome.items).toBeNull();
		expect(JSON.stringify(trigger.staticData)).toBe(before);

		sim.server.failNext({
			path: '/v1/cost-guard/scans-recommendations',
			status: 200,
			body: { scanId: SCAN_IDS.rdsIdle, data: [{ group: 'staging', resources: [{ resourceId: 42, resourceYearlyPotentialSavings: 10 }] }] },
			afterMutation: false,
		});
		expect((await trigger.poll()).error?.message).toMatch(/"data\[0\]\.resources\[0\]\.resourceId" text was missing/);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
	});
});

describe('virtual tag changed', () => {
	test.each(MALFORMED)('%s on the tag list or a version page: no cursor reset, no old version fired again', async (_name, answer) => {
		at(1);
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);
		at(1, 7);
		await saveVersion(VT_IDS.team, 'first change');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['first change']);

		at(1, 8);
		await saveVersion(VT_IDS.environment, 'second change');
		await expectRefused(trigger, '/v2/virtual-tags', answer);
		await expectRefused(trigger, `/v2/virtual-tags/${VT_IDS.environment}/versions`, answer);
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['second change']);
		expect(await pollOk(trigger)).toEqual([]);
	});
});

async function saveVersion(id: string, changeDescription: string): Promise<void> {
	const headers = {
		'content-type': 'application/json',
		'x-finout-client-id': SANDBOX_CREDENTIALS.clientId,
		'x-finout-secret-key': SANDBOX_CREDENTIALS.secretKey,
	};
	const current = (await (await fetch(`${sim.server.url}/v2/virtual-tags/${id}`, { headers })).json()) as {
		data: IDataObject;
	};
	const response = await fetch(`${sim.server.url}/v2/virtual-tags/${id}`, {
		method: 'PUT',
		headers,
		body: JSON.stringify({
			name: current.data.name,
			rules: current.data.rules,
			defaultValue: current.data.defaultValue,
			versionMetadata: { changeDescription },
		}),
	});
	expect(response.status).toBe(200);
}
