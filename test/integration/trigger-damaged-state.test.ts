import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SCAN_IDS, VIEW_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useTriggerSimulator } from './support';

// Static data that carries the right format version and fingerprint but whose fields are the
// wrong shape (hand-edited, truncated, written by a buggy build) is reset with a warning: never a
// TypeError, never a flood of "new" events built from garbage.

const DAY = 86_400_000;
/** Monday 2026-03-02, 06:00 UTC: the quiet day 2026-03-01 is the one a first poll evaluates. */
const NOW = Date.UTC(2026, 2, 2, 6);

const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0, startAt: NOW });

interface Case {
	event: string;
	stateKey: string;
	parameters: INodeParameters;
	damaged: Array<[string, IDataObject]>;
}

const cases: Case[] = [
	{
		event: 'cost threshold',
		stateKey: 'costThresholdCrossed',
		parameters: {
			event: 'costThresholdCrossed',
			costSource: 'view',
			viewId: locator(VIEW_IDS.awsByService),
			viewScope: 'perGroup',
			rule: 'increaseVsPreviousDay',
			percent: 30,
		},
		damaged: [
			['lastEvaluated is not a date', { lastEvaluated: 'yesterday' }],
			['lastEvaluated is null', { lastEvaluated: null }],
			['lastEvaluated is a number', { lastEvaluated: 20260301 }],
			['unsettled is a string', { unsettled: 'x' }],
			['unsettled holds a string instead of a list', { unsettled: { '2026-03-01': 'abc' } }],
			['unsettled is keyed by something other than dates', { unsettled: { soon: [] } }],
		],
	},
	{
		event: 'new recommendations',
		stateKey: 'newRecommendation',
		parameters: { event: 'newRecommendation', scanScope: 'one', scanId: locator(SCAN_IDS.ec2Rightsizing) },
		damaged: [
			['scans is null', { scans: null }],
			['scans is a string', { scans: 'abc' }],
			['scans is a list', { scans: [] }],
			['a scan holds a string instead of a set', { scans: { [SCAN_IDS.ec2Rightsizing]: 'abcdef' } }],
			['a scan set holds numbers', { scans: { [SCAN_IDS.ec2Rightsizing]: [1, 2] } }],
			['unlistedSince is a list', { unlistedSince: [] }],
			["an unlisted scan's time is text", { unlistedSince: { someScan: 'last week' } }],
		],
	},
	{
		event: 'virtual tag changed',
		stateKey: 'virtualTagChanged',
		parameters: { event: 'virtualTagChanged', tagScope: 'all' },
		damaged: [
			['tags is null', { tags: null }],
			['tags is a string', { tags: 'abc' }],
			['since is not a number', { since: 'yesterday' }],
			['a tag cursor is null', { tags: { someTag: null } }],
			['a cursor time is text', { tags: { someTag: { at: 'soon', ids: [] } } }],
			['cursor ids is a string', { tags: { someTag: { at: 0, ids: 'abc' } } }],
			["a cursor's unlistedSince is text", { tags: { someTag: { at: 0, ids: [], unlistedSince: 'soon' } } }],
		],
	},
];

describe.each(cases)('damaged static data: $event', ({ stateKey, parameters, damaged }) => {
	test.each(damaged)('%s → reset with a warning, no events, state as on a first poll', async (_label, damage) => {
		const credentials = credentialsFor(sim.server);
		const fresh = new PollHarness({ parameters, credentials });
		jest.setSystemTime(NOW - DAY);
		const before = await fresh.poll();
		expect(before.error).toBeUndefined();
		const good = fresh.nodeStaticData[stateKey] as IDataObject;
		expect(good).toMatchObject({ v: 1, watch: expect.any(String) });

		// What a first poll at NOW stores, for comparison.
		jest.setSystemTime(NOW);
		const reference = new PollHarness({ parameters, credentials });
		expect((await reference.poll()).error).toBeUndefined();

		const trigger = new PollHarness({
			parameters,
			credentials,
			staticData: { 'node:Finout Trigger': { [stateKey]: { ...good, ...damage } } },
		});
		const outcome = await trigger.poll();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toBeNull();
		expect(outcome.warnings).toEqual([expect.stringMatching(/stored state .*damaged.*starts over/i)]);
		expect(trigger.nodeStaticData[stateKey]).toEqual(reference.nodeStaticData[stateKey]);
	});
});
