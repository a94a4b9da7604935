import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { VIEW_IDS } from '../fake-finout/seed';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useTriggerSimulator } from './support';

// Cloud billing exports arrive late: a day's cost keeps growing for a day or two after it ends.
// The simulator's setDailyCost returns null for a day that has no billing data yet, and
// query-by-view then has no point for it, as Finout has none.

const sim = useTriggerSimulator();

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Day 0: Monday 2026-03-02 (UTC). */
const START = Date.UTC(2026, 2, 2);
const dateOf = (day: number) => new Date(START + day * DAY).toISOString().slice(0, 10);
const at = (day: number, hour = 6) => jest.setSystemTime(START + day * DAY + hour * HOUR);
const key = (item: IDataObject) => `${String(item.date)} ${String(item.group)}`;

/** group → day → cost; a day missing for every group has no rows. */
let costs: Map<number, Map<string, number>>;

function setCost(day: number, group: string, cost: number): void {
	if (!costs.has(day)) costs.set(day, new Map());
	costs.get(day)!.set(group, cost);
}

function setFlat(days: number[], cost = 100): void {
	for (const day of days) for (const group of GROUPS) setCost(day, group, cost);
}

const GROUPS = ['AmazonEC2', 'AmazonRDS'];

function trigger(rule: string, threshold: number, options: INodeParameters = {}): PollHarness {
	const parameters: INodeParameters = {
		event: 'costThresholdCrossed',
		costSource: 'view',
		viewId: locator(VIEW_IDS.awsByService),
		viewScope: 'perGroup',
		rule,
		...(rule === 'above' ? { amount: threshold } : { percent: threshold }),
		costOptions: options,
	};
	return new PollHarness({ parameters, credentials: credentialsFor(sim.server) });
}

async function fired(harness: PollHarness): Promise<string[]> {
	const outcome = await harness.poll();
	if (outcome.error) throw new Error(`poll failed: ${outcome.error.message} — ${outcome.error.description ?? ''}`);
	return (outcome.items ?? []).map(key);
}

const unsettledDays = (harness: PollHarness) =>
	Object.keys(((harness.nodeStaticData.costThresholdCrossed as IDataObject).unsettled as IDataObject) ?? {}).sort();

beforeEach(() => {
	costs = new Map();
	sim.server.setDailyCost(({ group, dayStartMs }) => {
		const day = Math.round((dayStartMs - START) / DAY);
		const byGroup = costs.get(day);
		if (!byGroup) return null;
		return GROUPS.includes(group) ? (byGroup.get(group) ?? 0) : null;
	});
});

afterAll(() => {
	sim.server.setDailyCost(null);
});

describe('late billing data', () => {
	test('a day with no rows yet is not ready; when its rows arrive a later poll fires, once', async () => {
		setFlat([0, 1, 2, 3]);
		const watcher = trigger('increaseVsPreviousDay', 30);
		at(4);
		expect(await fired(watcher)).toEqual([]); // day 3: quiet

		at(5);
		expect(await fired(watcher)).toEqual([]); // day 4: no rows yet
		expect(unsettledDays(watcher)).toContain(dateOf(4));

		// The export for day 4 lands in the afternoon, with a spike on EC2.
		setFlat([4]);
		setCost(4, 'AmazonEC2', 200);
		at(5, 15);
		expect(await fired(watcher)).toEqual([`${dateOf(4)} AmazonEC2`]);

		// Re-evaluated until settled, never fired again.
		at(6);
		setFlat([5]);
		expect(await fired(watcher)).toEqual([]);
		at(6, 23);
		expect(await fired(watcher)).toEqual([]);
		at(7);
		setFlat([6]);
		expect(await fired(watcher)).toEqual([]);
		expect(unsettledDays(watcher)).not.toContain(dateOf(4));
	});

	test('a spike that grows in after the first look fires on a later poll', async () => {
		setFlat([0, 1, 2, 3]);
		setFlat([4]);
		setCost(4, 'AmazonRDS', 110); // partial: +10 % only
		const watcher = trigger('increaseVsPreviousDay', 30);
		at(5);
		expect(await fired(watcher)).toEqual([]);
		setCost(4, 'AmazonRDS', 180);
		at(5, 20);
		expect(await fired(watcher)).toEqual([`${dateOf(4)} AmazonRDS`]);
		at(6);
		setFlat([5]);
		expect(await fired(watcher)).toEqual([]);
	});

	test('a day with no rows is never 0 cost: no fire on it, and no baseline of 0 for the days after it', async () => {
		// Day 3 never gets any data. Read as 0, it would fire "above -1" and drag the 7-day
		// average of days 4 … 10 down enough to fire a +10 % rule on flat costs.
		setFlat([0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
		const above = trigger('above', -1);
		const average = trigger('increaseVsTrailing7DayAverage', 10);
		const events: string[] = [];
		const aboveEvents: string[] = [];
		for (let day = 1; day <= 12; day++) {
			at(day);
			aboveEvents.push(...(await fired(above)));
			events.push(...(await fired(average)));
		}
		expect(aboveEvents.filter((event) => event.startsWith(dateOf(3)))).toEqual([]);
		expect(aboveEvents).toHaveLength(2 * 10); // every day with data, each group once
		expect(events).toEqual([]);
		// Once settled without data, day 3 is dropped: the stored state stays small.
		// With the default delay of 48 h, at day 12 06:00 days 10 and 11 are still open.
		expect(unsettledDays(above)).toEqual([dateOf(10), dateOf(11)]);
	});

	test('Data Delay: a day is checked for the last time once dayEnd + delay has passed', async () => {
		setFlat([0, 1, 2, 3]);
		const watcher = trigger('increaseVsPreviousDay', 30, { dataDelayHours: 24 });
		at(5);
		expect(await fired(watcher)).toEqual([]); // day 4: no rows
		at(6, 1); // day 4 ended 25 h ago: its last look, still no rows
		expect(await fired(watcher)).toEqual([]);
		expect(unsettledDays(watcher)).not.toContain(dateOf(4));
		setFlat([4]);
		setCost(4, 'AmazonEC2', 200);
		at(6, 2);
		expect(await fired(watcher)).toEqual([]); // too late: the day was settled
	});
});
