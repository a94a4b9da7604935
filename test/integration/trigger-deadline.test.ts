import type { INodeParameters } from 'n8n-workflow';

import { snapshotGates } from '../../nodes/Finout/transport/gate';
import { SCAN_IDS, VIEW_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useTriggerSimulator } from './support';

// A server that accepts and never answers must not hold a poll, or the API key's permit, past
// the poll's time budget: the poll fails, nothing is stored, the gate is free again.

const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0 });

/** Far beyond the poll budget below; the simulator answers only after this. */
const HUNG_MS = 20_000;
const POLL_BUDGET_MS = 1_500;

afterEach(() => {
	sim.server.setLatency(0);
});

const events: Array<[string, INodeParameters]> = [
	[
		'cost threshold (view)',
		{
			event: 'costThresholdCrossed',
			costSource: 'view',
			viewId: locator(VIEW_IDS.awsByService),
			rule: 'above',
			amount: 100,
			rateLimitHandling: { maxRetries: 0 },
		},
	],
	[
		'cost threshold (Cost and Usage)',
		{
			event: 'costThresholdCrossed',
			costSource: 'costAndUsage',
			measurementType: 'netAmortizedCost',
			rule: 'above',
			amount: 100,
			rateLimitHandling: { maxRetries: 0 },
		},
	],
	['new recommendations', { event: 'newRecommendation', scanScope: 'one', scanId: locator(SCAN_IDS.rdsIdle) }],
	['virtual tag changed', { event: 'virtualTagChanged', tagScope: 'all' }],
];

test.each(events)('%s: a hung Finout fails the poll at its deadline; state unchanged, 0 permits held', async (_name, parameters) => {
	jest.setSystemTime(Date.UTC(2026, 2, 10, 6));
	const credentials = credentialsFor(sim.server);
	const trigger = new PollHarness({ parameters, credentials, pollBudgetMs: POLL_BUDGET_MS });
	expect((await trigger.poll()).error).toBeUndefined(); // first poll: starts watching
	jest.setSystemTime(Date.UTC(2026, 2, 11, 6));
	const before = JSON.stringify(trigger.staticData);

	sim.server.setLatency(HUNG_MS);
	const outcome = await trigger.poll();
	expect(outcome.error?.message).toMatch(/did not finish within its time limit/);
	expect(JSON.stringify(trigger.staticData)).toBe(before);
	expect(snapshotGates().filter((gate) => gate.active > 0 || gate.waiting > 0)).toEqual([]);
});
