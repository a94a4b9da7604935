import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { configureRateWindows } from '../../nodes/Finout/transport/rateWindow';
import type { FinoutCredentialData } from '../harness/engine';
import { fakeClockOnly, PollHarness } from '../harness/poll';
import { credentialsFor, useFakeFinout } from './support';

// 200 answers that are well formed but odd (a column named otherwise, a list that lacks entries
// for one poll, a date in the future, an entry listed twice): the trigger neither fires what did
// not happen nor forgets what it has already reported.

fakeClockOnly();

const sim = useFakeFinout({ now: () => Date.now(), queryQueuedMs: 0, queryRunningMs: 0 });
const DAY = 86_400_000;
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

afterAll(() => {
	jest.useRealTimers();
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
