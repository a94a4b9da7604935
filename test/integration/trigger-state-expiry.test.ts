import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { shortHash } from '../../nodes/FinoutTrigger/state';
import { SCAN_IDS, VT_IDS } from '../fake-finout/seed';
import type { FinoutCredentialData } from '../harness/engine';
import { PollHarness } from '../harness/poll';
import { credentialsFor, pollOk, sandboxRequest, saveTagVersion, useTriggerSimulator } from './support';

// "All scans" / "all tags" keep the entry of a scan or tag missing from one list answer (absent
// from one answer is not gone), but not forever: one unlisted for more than 30 days is forgotten,
// so the workflow's stored state does not grow with every scan or tag ever deleted.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 2, 6);
const sim = useTriggerSimulator({ queryQueuedMs: 0, queryRunningMs: 0, startAt: START });

let credentials: FinoutCredentialData;

beforeAll(() => {
	credentials = credentialsFor(sim.server);
});

function harness(parameters: INodeParameters, staticData?: IDataObject): PollHarness {
	return new PollHarness({ parameters, credentials, staticData });
}

/** A Fetch Test Event poll succeeds and leaves what the trigger stored as it was. */
async function expectManualPollStoresNothing(trigger: PollHarness): Promise<void> {
	const saved = JSON.stringify(trigger.staticData);
	const outcome = await trigger.poll('manual');
	expect(outcome.error).toBeUndefined();
	expect(outcome.staticDataChanged).toBe(false);
	expect(JSON.stringify(trigger.staticData)).toBe(saved);
}

describe('New CostGuard Recommendation (all scans): a scan no longer listed', () => {
	const parameters: INodeParameters = { event: 'newRecommendation', scanScope: 'all' };
	const gone = SCAN_IDS.ec2Rightsizing;

	/** The next scans answer leaves `gone` out; the other scans are listed as Finout has them. */
	async function listWithoutGone(): Promise<void> {
		const listed = (await sandboxRequest(sim.server, 'GET', '/v1/cost-guard/scans')).body as { scans: IDataObject[] };
		expect(listed.scans.some((scan) => scan.scanId === gone)).toBe(true);
		sim.server.failNext({
			method: 'GET',
			path: '/v1/cost-guard/scans',
			status: 200,
			body: { requestId: 'r-without', scans: listed.scans.filter((scan) => scan.scanId !== gone) },
		});
	}

	const scansOf = (trigger: PollHarness) =>
		(trigger.nodeStaticData.newRecommendation as { scans: Record<string, string[]> }).scans;

	/** Activation, then one poll at which `gone` is missing: returns its remembered set. */
	async function activateThenMiss(trigger: PollHarness): Promise<string[]> {
		expect(await pollOk(trigger)).toEqual([]);
		const remembered = scansOf(trigger)[gone];
		expect(remembered.length).toBeGreaterThan(0);
		jest.setSystemTime(START + HOUR);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(scansOf(trigger)[gone]).toEqual(remembered);
		return remembered;
	}

	test('unlisted for 29 days: its set is kept, and when it is listed again nothing fires', async () => {
		const trigger = harness(parameters);
		const remembered = await activateThenMiss(trigger);

		jest.setSystemTime(START + HOUR + 29 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(scansOf(trigger)[gone]).toEqual(remembered);

		expect(await pollOk(trigger)).toEqual([]);
		expect(scansOf(trigger)[gone]).toEqual(remembered);
	});

	test('unlisted for 31 days: it is dropped from the state; listed again, it is a new scan and every resource it recommends fires', async () => {
		const trigger = harness(parameters);
		const remembered = await activateThenMiss(trigger);

		jest.setSystemTime(START + HOUR + 31 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(Object.keys(scansOf(trigger))).not.toContain(gone);
		expect(JSON.stringify(trigger.nodeStaticData)).not.toContain(gone);

		// A scan without an entry is one created since the last poll: all it recommends is new.
		const fired = await pollOk(trigger);
		expect(fired.length).toBe(remembered.length);
		expect(fired.every((item) => item.scanId === gone)).toBe(true);
		expect(fired.map((item) => shortHash(String(item.resourceId))).sort()).toEqual(remembered);
		expect(scansOf(trigger)[gone]).toEqual(remembered);
	});

	test('Fetch Test Event after 31 days unlisted changes nothing stored', async () => {
		const trigger = harness(parameters);
		await activateThenMiss(trigger);

		jest.setSystemTime(START + HOUR + 31 * DAY);
		await listWithoutGone();
		await expectManualPollStoresNothing(trigger);
	});

	test('state stored before "unlisted since" existed: nothing is dropped or fired on the first poll, even long after', async () => {
		const activated = harness(parameters);
		expect(await pollOk(activated)).toEqual([]);
		const stored = activated.nodeStaticData.newRecommendation as IDataObject & { scans: Record<string, string[]> };
		// Exactly the fields the earlier code wrote.
		const earlier = { v: stored.v, watch: stored.watch, scans: stored.scans };
		const trigger = harness(parameters, { 'node:Finout Trigger': { newRecommendation: earlier } });

		jest.setSystemTime(START + 40 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(scansOf(trigger)[gone]).toEqual(earlier.scans[gone]);

		expect(await pollOk(trigger)).toEqual([]);
		expect(scansOf(trigger)).toEqual(earlier.scans);
	});
});

describe('Virtual Tag Changed (all tags): a tag no longer listed', () => {
	const parameters: INodeParameters = { event: 'virtualTagChanged', tagScope: 'all' };
	const gone = VT_IDS.environment;

	async function listWithoutGone(): Promise<void> {
		const listed = (await sandboxRequest(sim.server, 'GET', '/v2/virtual-tags')).body as { data: { virtualTags: IDataObject[] } };
		expect(listed.data.virtualTags.some((tag) => tag.id === gone)).toBe(true);
		sim.server.failNext({
			method: 'GET',
			path: '/v2/virtual-tags',
			status: 200,
			body: { requestId: 'r-without', data: { virtualTags: listed.data.virtualTags.filter((tag) => tag.id !== gone) } },
		});
	}

	const tagsOf = (trigger: PollHarness) =>
		(trigger.nodeStaticData.virtualTagChanged as { tags: Record<string, IDataObject> }).tags;

	/** Activation, one version of `gone` reported, then one poll at which `gone` is missing. */
	async function reportThenMiss(trigger: PollHarness): Promise<IDataObject> {
		expect(await pollOk(trigger)).toEqual([]);
		jest.setSystemTime(START + HOUR);
		await saveTagVersion(sim.server, gone, 'reported once');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['reported once']);
		const cursor = tagsOf(trigger)[gone];
		expect(cursor).toMatchObject({ at: expect.any(Number), ids: [expect.any(String)] });

		jest.setSystemTime(START + 2 * HOUR);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(tagsOf(trigger)[gone]).toMatchObject(cursor);
		return cursor;
	}

	test('unlisted for 29 days: its cursor is kept, and when it is listed again nothing already reported fires', async () => {
		const trigger = harness(parameters);
		const cursor = await reportThenMiss(trigger);

		jest.setSystemTime(START + 2 * HOUR + 29 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(tagsOf(trigger)[gone]).toMatchObject(cursor);

		expect(await pollOk(trigger)).toEqual([]);
		expect(tagsOf(trigger)[gone]).toEqual(cursor);
		await saveTagVersion(sim.server, gone, 'saved on day 29');
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['saved on day 29']);
	});

	test('unlisted for 31 days: its cursor is dropped from the state; listed again, it is read from activation like a tag created since', async () => {
		const trigger = harness(parameters);
		await reportThenMiss(trigger);

		jest.setSystemTime(START + 2 * HOUR + 31 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(Object.keys(tagsOf(trigger))).not.toContain(gone);
		expect(JSON.stringify(trigger.nodeStaticData)).not.toContain(gone);

		// A tag without a cursor reports every version saved since activation.
		expect((await pollOk(trigger)).map((item) => item.changeDescription)).toEqual(['reported once']);
		expect(Object.keys(tagsOf(trigger))).toContain(gone);
	});

	test('Fetch Test Event after 31 days unlisted changes nothing stored', async () => {
		const trigger = harness(parameters);
		await reportThenMiss(trigger);

		jest.setSystemTime(START + 2 * HOUR + 31 * DAY);
		await listWithoutGone();
		await expectManualPollStoresNothing(trigger);
	});

	test('state stored before "unlisted since" existed: nothing is dropped or fired on the first poll, even long after', async () => {
		const activated = harness(parameters);
		expect(await pollOk(activated)).toEqual([]);
		jest.setSystemTime(START + HOUR);
		await saveTagVersion(sim.server, gone, 'reported before the upgrade');
		expect((await pollOk(activated)).map((item) => item.changeDescription)).toEqual(['reported before the upgrade']);
		const stored = activated.nodeStaticData.virtualTagChanged as IDataObject & { tags: Record<string, IDataObject> };
		// Exactly the fields the earlier code wrote.
		const earlierTags = Object.fromEntries(
			Object.entries(stored.tags).map(([id, cursor]) => [id, { at: cursor.at, ids: cursor.ids }]),
		);
		const earlier = { v: stored.v, watch: stored.watch, since: stored.since, tags: earlierTags };
		const trigger = harness(parameters, { 'node:Finout Trigger': { virtualTagChanged: earlier } });

		jest.setSystemTime(START + 40 * DAY);
		await listWithoutGone();
		expect(await pollOk(trigger)).toEqual([]);
		expect(tagsOf(trigger)[gone]).toMatchObject(earlierTags[gone]);

		expect(await pollOk(trigger)).toEqual([]);
		expect(tagsOf(trigger)).toEqual(earlierTags);
	});
});
