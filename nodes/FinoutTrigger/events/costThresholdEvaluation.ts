import { DAY_MS } from '../../Finout/actions/common/dateRange';
import { round } from '../../Finout/actions/common/round';
import { addDays, utcStartOf } from '../days';
import type { CostRule } from './costThresholdSettings';
import { RULE_LOOKBACK_DAYS } from './costThresholdSettings';

/** group → date → cost */
export type CostSeries = Map<string, Map<string, number>>;

export interface Evaluation {
	value: number;
	baseline: number | null;
	change: number | null;
	changePercent: number | null;
	fired: boolean;
}

/** Once a UTC day has been over for the Data Delay, its cost no longer changes. */
export function isSettled(date: string, now: number, dataDelayMs: number): boolean {
	return utcStartOf(date) + DAY_MS + dataDelayMs <= now;
}

/**
 * A date with no row at all has no data yet: it is not 0 cost. It is evaluated only once it has
 * rows, and so is every day its baseline reads, so a missing day never becomes a baseline of 0.
 */
export function isReady(series: CostSeries, rule: CostRule, date: string): boolean {
	const needed = [date, ...baselineDays(rule, date)];
	return needed.every((day) => [...series.values()].some((byDate) => byDate.has(day)));
}

/** The days whose average cost is the rule's baseline; none for "above" (its baseline is the amount). */
function baselineDays(rule: CostRule, date: string): string[] {
	const lookback = RULE_LOOKBACK_DAYS[rule];
	if (rule !== 'increaseVsTrailing7DayAverage')
		return lookback > 0 ? [addDays(date, -lookback)] : [];
	const days: string[] = [];
	for (let offset = 1; offset <= lookback; offset++) days.push(addDays(date, -offset));
	return days;
}

/**
 * The comparison for one (group, date). A group without a row on a day that has rows (a service
 * not used that day) counts as zero cost; days without any row are kept out by `isReady`.
 */
export function evaluateDay(
	rule: CostRule,
	threshold: number,
	minimumCost: number,
	byDate: Map<string, number>,
	date: string,
): Evaluation {
	const costOn = (day: string) => byDate.get(day) ?? 0;
	const value = costOn(date);
	const days = baselineDays(rule, date);
	const baseline =
		rule === 'above' ? threshold : days.reduce((sum, day) => sum + costOn(day), 0) / days.length;
	const change = value - baseline;
	const changePercent = baseline > 0 ? (change / baseline) * 100 : null;
	const crossed =
		rule === 'above' ? value > threshold : changePercent !== null && changePercent > threshold;
	return {
		value,
		baseline: round(baseline, 6),
		change: round(change, 6),
		changePercent: changePercent === null ? null : round(changePercent, 2),
		fired: crossed && value >= minimumCost,
	};
}
