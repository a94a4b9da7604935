import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { configureRateWindows } from '../../nodes/Finout/transport/rateWindow';
import { SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import type { FinoutCredentialData } from '../harness/engine';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, pollOk, sandboxRequest, saveTagVersion, useTriggerSimulator } from './support';

// 200 answers that are well formed but odd (a column named otherwise, a list that lacks entries
// for one poll, a date in the future, an entry listed twice): the trigger neither fires what did
// not happen nor forgets what it has already reported.

const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0 });
const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 2, 6);

let credentials: FinoutCredentialData;

function harness(parameters: INodeParameters): PollHarness {
	return new PollHarness({ parameters, credentials });
}

beforeAll(() => {
	credentials = credentialsFor(sim.server);
});

beforeEach(() => {
	configureRateWindows('default');
	jest.setSystemTime(START);
});

describe('Cost Threshold Crossed (Cost and Usage, per dimension)', () => {
	const yesterday = new Date(START - DAY).toISOString().slice(0, 10);
	const perService: INodeParameters = {
		event: 'costThresholdCrossed',
		costSource: 'costAndUsage',
		measurementType: 'netAmortizedCost',
		costAndUsageScope: 'perDimension',
		dimensionCostCenter: 'AWS',
		dimensionKey: 'service',
		dimensionType: 'billing_dimension',
		rule: 'above',
		amount: 150,
		costOptions: { dataDelayHours: 0, timeZone: 'UTC' },
	};
	const serviceColumn = 'AWS_billing_dimension_service';

	function answerResults(data: IDataObject[]): void {
		sim.server.failNext({
			path: /\/v2\/data\/cost-usage\/[^/]+\/results$/,
			status: 200,
			body: { requestId: 'r-cols', pagination: { hasMore: false }, data },
		});
	}

	test('results whose rows all lack the dimension column fail the poll and store nothing, instead of firing one summed "(empty)" group', async () => {
		const trigger = harness(perService);
		// The dimension column is named otherwise than "{costCenter}_{type}_{key}".
		answerResults([
			{ service: 'AmazonEC2', day: yesterday, netAmortizedCost_sum: { amount: 100 } },
			{ service: 'AmazonRDS', day: yesterday, netAmortizedCost_sum: { amount: 100 } },
		]);
		const outcome = await trigger.poll('trigger');
		expect(outcome.items).toBeNull();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).toBe(
			`Finout answered with an unexpected response (cost query results): a "${serviceColumn}" column was missing`,
		);
		expect(trigger.nodeStaticData).toEqual({});
	});

	test('a row whose dimension value is empty is the cost of its own group (untagged cost)', async () => {
		const trigger = harness(perService);
		answerResults([
			{ [serviceColumn]: 'AmazonEC2', day: yesterday, netAmortizedCost_sum: { amount: 100 } },
			{ [serviceColumn]: '', day: yesterday, netAmortizedCost_sum: { amount: 200 } },
		]);
		const outcome = await trigger.poll('trigger');
		expect(outcome.error).toBeUndefined();
		expect((outcome.items ?? []).map((item) => [item.group, item.value])).toEqual([['(empty)', 200]]);
	});
});

describe('Virtual Tag Changed (all tags)', () => {
	test('a tag missing from one list answer keeps its cursor: when it is listed again, versions already reported do not fire again', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);

		jest.setSystemTime(START + HOUR);
		await saveTagVersion(sim.server, VT_IDS.environment, 'reported once');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['reported once']);

		// Finout (or a proxy in front of it) answers one listing with no tags at all.
		jest.setSystemTime(START + 2 * HOUR);
		sim.server.failNext({
			method: 'GET',
			path: '/v2/virtual-tags',
			status: 200,
			body: { requestId: 'r-empty', data: { virtualTags: [] } },
		});
		expect(await pollOk(trigger)).toEqual([]);

		jest.setSystemTime(START + 3 * HOUR);
		expect(await pollOk(trigger)).toEqual([]);
		// … and what is saved after it comes back still fires, once.
		await saveTagVersion(sim.server, VT_IDS.environment, 'saved after the gap');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['saved after the gap']);
	});
});

describe('New CostGuard Recommendation (all scans)', () => {
	test('a scan missing from one scans answer keeps what it recommended: when it is listed again, nothing already seen fires', async () => {
		const trigger = harness({ event: 'newRecommendation', scanScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);
		sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', {
			resourceId: 'i-0hostile-new',
			resourceYearlyPotentialSavings: 5000,
		});
		expect((await pollOk(trigger)).map((item) => item.resourceId)).toEqual(['i-0hostile-new']);

		sim.server.failNext({
			method: 'GET',
			path: '/v1/cost-guard/scans',
			status: 200,
			body: { requestId: 'r-empty', scans: [] },
		});
		expect(await pollOk(trigger)).toEqual([]);

		// The scans are listed again and nothing new was recommended since: nothing fires …
		expect(await pollOk(trigger)).toEqual([]);
		// … and a resource recommended after the gap still does.
		sim.server.state.addRecommendation(SCAN_IDS.ec2Rightsizing, 'prod-core', {
			resourceId: 'i-0hostile-later',
			resourceYearlyPotentialSavings: 5000,
		});
		expect((await pollOk(trigger)).map((item) => item.resourceId)).toEqual(['i-0hostile-later']);
	});
});

describe('Virtual Tag Changed (one tag): a version dated in the future', () => {
	const id = VT_IDS.environment;
	const versionsAnswer = (createdAt: string) => ({
		method: 'GET',
		path: `/v2/virtual-tags/${id}/versions`,
		status: 200,
		body: {
			requestId: 'r-future',
			pagination: { hasMore: false, nextCursor: null },
			data: [{ id: 'v-odd', createdBy: 'x@y.z', createdAt, isLive: false }],
		},
	});

	test('more than 5 minutes ahead is an unexpected answer: the poll fails, the cursor stays, later saves fire', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator(id) });
		expect(await pollOk(trigger)).toEqual([]);

		jest.setSystemTime(START + HOUR);
		const before = JSON.stringify(trigger.staticData);
		sim.server.failNext(versionsAnswer('2099-01-01T00:00:00Z'));
		const outcome = await trigger.poll('trigger');
		expect(outcome.items).toBeNull();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).toMatch(
			/unexpected response .*"data\[0\]\.createdAt" that is not in the future \(got "2099-01-01T00:00:00Z"\) was missing/,
		);
		expect(outcome.error?.description).toMatch(/2099-01-01T00:00:00\.000Z.*n8n's clock .*time sync/);
		expect(outcome.error?.description).not.toMatch(/Check the Base URL/);
		expect(JSON.stringify(trigger.staticData)).toBe(before);

		jest.setSystemTime(START + 2 * HOUR);
		await saveTagVersion(sim.server, id, 'a real save after the odd answer');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['a real save after the odd answer']);
	});

	test('a few minutes ahead (clock skew) is read as saved', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator(id) });
		expect(await pollOk(trigger)).toEqual([]);

		jest.setSystemTime(START + HOUR);
		sim.server.failNext(versionsAnswer(new Date(START + HOUR + 4 * 60_000).toISOString()));
		expect((await pollOk(trigger)).map((item) => item.versionId)).toEqual(['v-odd']);
	});
});

describe('Virtual Tag Changed (all tags): a tag listed twice', () => {
	test('one saved version fires once, even when the list answer names its tag twice', async () => {
		const trigger = harness({ event: 'virtualTagChanged', tagScope: 'all' });
		expect(await pollOk(trigger)).toEqual([]);
		jest.setSystemTime(START + HOUR);
		await saveTagVersion(sim.server, VT_IDS.team, 'saved once');
		const listed = (await sandboxRequest(sim.server, 'GET', '/v2/virtual-tags')).body as { data: { virtualTags: IDataObject[] } };
		const team = listed.data.virtualTags.find((tag) => tag.id === VT_IDS.team)!;
		sim.server.failNext({
			method: 'GET',
			path: '/v2/virtual-tags',
			status: 200,
			body: { requestId: 'r-dup', data: { virtualTags: [...listed.data.virtualTags, team] } },
		});
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['saved once']);
	});
});

describe('Cost Threshold Crossed (view)', () => {
	test('points dated outside the days asked for (times in seconds, read as 1970) fail the poll and store nothing, instead of reading the days as empty and moving on', async () => {
		const yesterday = START - 6 * HOUR - DAY; // 00:00 UTC of the last complete day
		const trigger = harness({
			event: 'costThresholdCrossed',
			costSource: 'view',
			viewId: locator(VIEW_IDS.awsByService),
			viewScope: 'perGroup',
			rule: 'above',
			amount: 500,
			costOptions: { dataDelayHours: 0, timeZone: 'UTC' },
		});
		sim.server.failNext({
			path: '/v1/cost/query-by-view',
			status: 200,
			body: {
				requestId: 'r-sec',
				data: [{ name: 'AmazonEC2', data: [{ time: yesterday / 1000, cost: 1000 }] }],
			},
		});
		const outcome = await trigger.poll('trigger');
		expect(outcome.items).toBeNull();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).toMatch(/unexpected response/);
		expect(trigger.nodeStaticData).toEqual({});
	});
});
