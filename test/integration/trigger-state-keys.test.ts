import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SCAN_IDS, VIEW_IDS } from '../fake-finout/seed';
import type { PollOutcome } from '../harness/poll';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useTriggerSimulator } from './support';

// Each event keeps its state under its event value. Before that, two events used other keys
// (costThreshold, newRecommendations): a workflow upgraded with such an entry must go on from it,
// with neither a new baseline nor an event fired twice, and keep it under the event's key only.

const DAY = 86_400_000;
/** Monday 2026-03-02, 06:00 UTC. */
const NOW = Date.UTC(2026, 2, 2, 6);

const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0, startAt: NOW });

/** The one entry a poll of one event stores, whatever its key. */
function onlyEntry(harness: PollHarness): IDataObject {
	const entries = Object.values(harness.nodeStaticData);
	expect(entries).toHaveLength(1);
	return entries[0] as IDataObject;
}

/** A poll, and the requests it sent to Finout. */
async function pollWithRequests(harness: PollHarness): Promise<{ outcome: PollOutcome; requests: unknown[] }> {
	const first = sim.server.requests.length;
	const outcome = await harness.poll();
	expect(outcome.error).toBeUndefined();
	const requests = sim.server.requests.slice(first).map(({ method, path, body }) => ({ method, path, body }));
	return { outcome, requests };
}

const VIEW_RULE: INodeParameters = {
	event: 'costThresholdCrossed',
	costSource: 'view',
	viewId: locator(VIEW_IDS.awsByService),
	viewScope: 'perGroup',
	rule: 'increaseVsPreviousDay',
	percent: 30,
};

const ONE_SCAN: INodeParameters = {
	event: 'newRecommendation',
	scanScope: 'one',
	scanId: locator(SCAN_IDS.ebsUnattached),
};

describe('state stored under an earlier key', () => {
	test('Cost Threshold Crossed: "costThreshold" goes on where it stopped, then lives under "costThresholdCrossed"', async () => {
		const credentials = credentialsFor(sim.server);
		const before = new PollHarness({ parameters: VIEW_RULE, credentials });
		jest.setSystemTime(NOW - 3 * DAY);
		expect((await before.poll()).error).toBeUndefined();
		const entry = onlyEntry(before);

		// Three days later: what the trigger does when it finds its own entry...
		jest.setSystemTime(NOW);
		const continued = before.restart();
		const expected = await pollWithRequests(continued);
		// ...and with the same entry under the earlier key.
		const upgraded = new PollHarness({
			parameters: VIEW_RULE,
			credentials,
			staticData: { 'node:Finout Trigger': { costThreshold: entry } },
		});
		const actual = await pollWithRequests(upgraded);

		expect(actual.requests).toEqual(expected.requests);
		expect(actual.outcome.items).toEqual(expected.outcome.items);
		expect(upgraded.nodeStaticData).toEqual({ costThresholdCrossed: onlyEntry(continued) });
	});

	test('New CostGuard Recommendations: "newRecommendations" fires only what is new, then lives under "newRecommendation"', async () => {
		const credentials = credentialsFor(sim.server);
		const before = new PollHarness({ parameters: ONE_SCAN, credentials });
		expect((await before.poll()).error).toBeUndefined();
		const entry = onlyEntry(before);
		const added = sim.server.state.addRecommendation(SCAN_IDS.ebsUnattached, 'prod-core');

		const upgraded = new PollHarness({
			parameters: ONE_SCAN,
			credentials,
			staticData: { 'node:Finout Trigger': { newRecommendations: entry } },
		});
		const { outcome } = await pollWithRequests(upgraded);
		expect((outcome.items ?? []).map((item) => item.resourceId)).toEqual([added.resourceId]);

		const continued = before.restart();
		await pollWithRequests(continued);
		expect(upgraded.nodeStaticData).toEqual({ newRecommendation: onlyEntry(continued) });

		// The next poll fires nothing again.
		const next = await pollWithRequests(upgraded.restart());
		expect(next.outcome.items).toBeNull();
	});

	test('a manual ("test") poll leaves the earlier key where it is', async () => {
		const credentials = credentialsFor(sim.server);
		const before = new PollHarness({ parameters: ONE_SCAN, credentials });
		expect((await before.poll()).error).toBeUndefined();
		const stored = { newRecommendations: onlyEntry(before) };
		const upgraded = new PollHarness({
			parameters: ONE_SCAN,
			credentials,
			staticData: { 'node:Finout Trigger': stored },
		});
		expect((await upgraded.poll('manual')).error).toBeUndefined();
		expect(upgraded.nodeStaticData).toEqual(stored);
	});
});
