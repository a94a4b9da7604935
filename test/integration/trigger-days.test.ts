import type { IDataObject } from 'n8n-workflow';

import {
	addDays,
	dateInZone,
	dateRange,
	isValidTimeZone,
	lastCompleteDate,
} from '../../nodes/FinoutTrigger/days';
import { evaluateDay } from '../../nodes/FinoutTrigger/events/costThresholdEvaluation';
import { VIEW_IDS } from '../fake-finout/seed';
import { daysBetween, weekdayOf } from '../harness/days';
import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useTriggerSimulator } from './support';

const sim = useTriggerSimulator();

describe('days.ts: calendar dates without a date library', () => {
	test('date arithmetic across month, year and DST boundaries', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		// 2026-03-08 is the US DST switch; calendar labels do not care.
		expect(dateRange('2026-03-07', '2026-03-09')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
		expect(dateRange('2026-03-09', '2026-03-08')).toEqual([]);
		expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
		expect(weekdayOf('2026-03-02')).toBe(1); // Monday
	});

	test('the date in a zone', () => {
		const instant = Date.UTC(2026, 2, 10, 3, 0); // 2026-03-10T03:00Z
		expect(dateInZone(instant, 'UTC')).toBe('2026-03-10');
		expect(dateInZone(instant, 'America/Los_Angeles')).toBe('2026-03-09');
		expect(dateInZone(instant, 'Asia/Tokyo')).toBe('2026-03-10');
		expect(dateInZone(Date.UTC(2026, 2, 9, 20, 0), 'Asia/Tokyo')).toBe('2026-03-10');
		expect(isValidTimeZone('Europe/Berlin')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
	});

	test('a date is complete only when it is over in the zone and in UTC', () => {
		// 03:00Z: Los Angeles is still on the 9th (20:00), so the 8th is its last complete day.
		expect(lastCompleteDate(Date.UTC(2026, 2, 10, 3), 'America/Los_Angeles')).toBe('2026-03-08');
		// 08:00Z: Los Angeles has passed midnight: the 9th is over there and in UTC.
		expect(lastCompleteDate(Date.UTC(2026, 2, 10, 8), 'America/Los_Angeles')).toBe('2026-03-09');
		// 20:00Z on the 9th: Tokyo is on the 10th already, but Finout's UTC bucket of the 9th is
		// still open, so the 8th is the last complete day.
		expect(lastCompleteDate(Date.UTC(2026, 2, 9, 20), 'Asia/Tokyo')).toBe('2026-03-08');
		expect(lastCompleteDate(Date.UTC(2026, 2, 10, 0, 30), 'Asia/Tokyo')).toBe('2026-03-09');
		expect(lastCompleteDate(Date.UTC(2026, 2, 10, 0, 30), 'UTC')).toBe('2026-03-09');
	});
});

describe('evaluateDay', () => {
	const series = new Map([
		['2026-03-01', 100],
		['2026-03-02', 100],
		['2026-03-03', 100],
		['2026-03-04', 100],
		['2026-03-05', 100],
		['2026-03-06', 100],
		['2026-03-07', 140],
		['2026-03-08', 131],
	]);

	test('rules, baselines and the strict "more than" comparison', () => {
		expect(evaluateDay('above', 130, 0, series, '2026-03-08')).toMatchObject({ fired: true, baseline: 130, change: 1 });
		expect(evaluateDay('above', 131, 0, series, '2026-03-08').fired).toBe(false);
		expect(evaluateDay('increaseVsPreviousDay', 40, 0, series, '2026-03-07')).toMatchObject({
			fired: false, // exactly +40 % is not more than 40 %
			baseline: 100,
			changePercent: 40,
		});
		expect(evaluateDay('increaseVsPreviousDay', 39.99, 0, series, '2026-03-07').fired).toBe(true);
		expect(evaluateDay('increaseVsSameWeekdayLastWeek', 30, 0, series, '2026-03-08')).toMatchObject({
			fired: true,
			baseline: 100,
		});
		// Trailing average of 03-01 … 03-07 = 105.714…; 131 is +23.9 %.
		const average = evaluateDay('increaseVsTrailing7DayAverage', 20, 0, series, '2026-03-08');
		expect(average).toMatchObject({ fired: true, changePercent: 23.92 });
		expect(average.baseline).toBeCloseTo(740 / 7, 5);
	});

	test('a zero baseline never fires a percentage rule; Minimum Cost filters small days', () => {
		const sparse = new Map([['2026-03-02', 5]]);
		expect(evaluateDay('increaseVsPreviousDay', 10, 0, sparse, '2026-03-02')).toMatchObject({
			fired: false,
			changePercent: null,
		});
		expect(evaluateDay('above', 1, 10, sparse, '2026-03-02').fired).toBe(false);
		expect(evaluateDay('above', 1, 5, sparse, '2026-03-02').fired).toBe(true);
	});
});

describe('time zone of the trigger', () => {
	const parameters = (timeZone?: string) => ({
		event: 'costThresholdCrossed',
		costSource: 'view',
		viewId: locator(VIEW_IDS.awsByService),
		viewScope: 'total',
		rule: 'above',
		amount: 0,
		...(timeZone ? { costOptions: { timeZone } } : {}),
	});

	test("the workflow's zone by default, the option when set", async () => {
		jest.setSystemTime(Date.UTC(2026, 2, 10, 3));
		const credentials = credentialsFor(sim.server);
		const workflowZone = new PollHarness({ parameters: parameters(), credentials, timezone: 'America/Los_Angeles' });
		const tokyo = new PollHarness({ parameters: parameters('Asia/Tokyo'), credentials, timezone: 'America/Los_Angeles' });
		const dates = async (trigger: PollHarness) =>
			((await trigger.poll()).items ?? []).map((item: IDataObject) => [item.date, item.timeZone]);
		expect(await dates(workflowZone)).toEqual([['2026-03-08', 'America/Los_Angeles']]);
		expect(await dates(tokyo)).toEqual([['2026-03-09', 'Asia/Tokyo']]);

		// Five hours later midnight has passed in Los Angeles: the 9th is due there too.
		jest.setSystemTime(Date.UTC(2026, 2, 10, 8));
		expect(await dates(workflowZone)).toEqual([['2026-03-09', 'America/Los_Angeles']]);
		expect(await dates(tokyo)).toEqual([]);
	});

	test('an unknown zone is a configuration error', async () => {
		const trigger = new PollHarness({ parameters: parameters('Mars/Olympus_Mons'), credentials: credentialsFor(sim.server) });
		const outcome = await trigger.poll();
		expect(outcome.error?.message).toMatch(/Time Zone "Mars\/Olympus_Mons" is not a known IANA time zone/);
		expect(sim.server.requests).toHaveLength(0);
	});
});
