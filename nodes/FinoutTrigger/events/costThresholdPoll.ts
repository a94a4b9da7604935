import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../Finout/transport/responses';
import type { EventOutcome, PollRun } from '../context';
import { addDays, dateRange, isDate, lastCompleteDate } from '../days';
import type { StoredState } from '../state';
import { isStringList, shortHash, STATE_VERSION } from '../state';
import type { CostSeries, Evaluation } from './costThresholdEvaluation';
import { evaluateDay, isReady, isSettled } from './costThresholdEvaluation';
import { fetchCostSeries } from './costThresholdFetch';
import type { CostSettings } from './costThresholdSettings';
import { MAX_WINDOW_DAYS, RULE_LOOKBACK_DAYS } from './costThresholdSettings';

const MAX_SAMPLE_ITEMS = 20;

export interface CostState extends StoredState {
	/** Last date (YYYY-MM-DD) taken in; every later complete date is new. */
	lastEvaluated: string;
	/**
	 * Dates taken in whose data may still grow (not settled: dayEnd + Data Delay is ahead), each
	 * with the short hashes of the (group, rule) pairs that already fired for it. They are
	 * evaluated again at every poll, so late data still fires, and fires once. A date leaves this
	 * map once settled, which keeps it to a few dates.
	 */
	unsettled?: Record<string, string[]>;
}

export async function pollCostThreshold(
	run: PollRun,
	settings: CostSettings,
	previous: CostState | undefined,
): Promise<EventOutcome<CostState>> {
	const { query, rule } = settings;
	const lastComplete = lastCompleteDate(run.now, settings.timeZone);
	const lookback = RULE_LOOKBACK_DAYS[rule];
	const maxEvaluated = MAX_WINDOW_DAYS[query.source] - lookback;

	if (run.manual) return await sampleLatestDay(run, settings, previous, lastComplete);

	const open = previous?.unsettled ?? {};
	const openDates = Object.keys(open).sort();
	const firstNew = previous
		? addDays(previous.lastEvaluated, 1)
		: addDays(lastComplete, -settings.lookBackDays);
	const first = openDates.length > 0 && openDates[0] < firstNew ? openDates[0] : firstNew;
	if (first > lastComplete)
		return { items: [], state: previous ?? newState(settings, lastComplete, {}) };
	// After a long pause, catch up one request-sized chunk per poll, oldest first.
	const last =
		addDays(first, maxEvaluated - 1) < lastComplete
			? addDays(first, maxEvaluated - 1)
			: lastComplete;
	const newDates = dateRange(firstNew, last);
	const dates = [...new Set([...openDates.filter((date) => date <= last), ...newDates])].sort();

	const series = await fetchCostSeries(
		run,
		settings,
		addDays(dates[0], -lookback),
		dates[dates.length - 1],
	);
	const items: IDataObject[] = [];
	const unsettled: Record<string, string[]> = {};
	for (const date of dates) {
		const firedKeys = new Set(open[date] ?? []);
		if (isReady(series, rule, date)) {
			for (const { group, result } of evaluateGroups(settings, series, date)) {
				const firedKey = shortHash(`${group}\u0000${rule}`);
				if (!result.fired || firedKeys.has(firedKey)) continue;
				firedKeys.add(firedKey);
				items.push(toItem(settings, date, group, result));
			}
		}
		// A settled date had its last look; one still without rows is skipped for good.
		if (!isSettled(date, run.now, settings.dataDelayMs)) unsettled[date] = [...firedKeys].sort();
	}
	for (const date of openDates) if (date > last) unsettled[date] = open[date];
	// Only re-checked dates in this chunk (a long-open date caught up first): the cursor stays.
	const lastEvaluated = previous && previous.lastEvaluated > last ? previous.lastEvaluated : last;
	return { items, state: newState(settings, lastEvaluated, unsettled) };
}

/** "Fetch Test Event": what fired on the latest complete day, or else that day's values. */
async function sampleLatestDay(
	run: PollRun,
	settings: CostSettings,
	previous: CostState | undefined,
	date: string,
): Promise<EventOutcome<CostState>> {
	const { rule } = settings;
	const state = previous ?? newState(settings, date, {});
	const series = await fetchCostSeries(
		run,
		settings,
		addDays(date, -RULE_LOOKBACK_DAYS[rule]),
		date,
	);
	if (!isReady(series, rule, date)) return { items: [], state };
	const fired: IDataObject[] = [];
	const quiet: IDataObject[] = [];
	for (const { group, result } of evaluateGroups(settings, series, date)) {
		const item = toItem(settings, date, group, result);
		if (result.fired) fired.push(item);
		else
			quiet.push({
				...item,
				fired: false,
				note: `Sample only: nothing crossed the condition on ${date}, so an active workflow would not fire for this`,
			});
	}
	if (fired.length > 0) return { items: fired.slice(0, MAX_SAMPLE_ITEMS), state };
	quiet.sort((a, b) => Number(b.value) - Number(a.value));
	return { items: quiet.slice(0, MAX_SAMPLE_ITEMS), state };
}

/** Every group's evaluation of `date`, groups in name order. */
function evaluateGroups(
	settings: CostSettings,
	series: CostSeries,
	date: string,
): Array<{ group: string; result: Evaluation }> {
	const { rule, threshold, minimumCost } = settings;
	return [...series.keys()]
		.sort((a, b) => a.localeCompare(b))
		.map((group) => ({
			group,
			result: evaluateDay(rule, threshold, minimumCost, series.get(group)!, date),
		}));
}

function newState(
	settings: CostSettings,
	lastEvaluated: string,
	unsettled: Record<string, string[]>,
): CostState {
	return { v: STATE_VERSION, watch: settings.watch, lastEvaluated, unsettled };
}

/** Whether a stored entry has the shape this file writes (see CostState). */
export function isIntactCostState(entry: IDataObject): boolean {
	if (!isDate(entry.lastEvaluated)) return false;
	if (entry.unsettled === undefined) return true; // written before late data was handled
	return (
		isPlainObject(entry.unsettled) &&
		Object.entries(entry.unsettled).every(([date, keys]) => isDate(date) && isStringList(keys))
	);
}

function toItem(
	settings: CostSettings,
	date: string,
	group: string,
	result: Evaluation,
): IDataObject {
	const { query } = settings;
	return {
		event: 'costThresholdCrossed',
		date,
		group,
		value: result.value,
		baseline: result.baseline,
		change: result.change,
		changePercent: result.changePercent,
		threshold: settings.threshold,
		rule: settings.rule,
		source: query.source,
		...(query.source === 'view' ? { viewId: query.viewId } : { measurement: query.measurement }),
		timeZone: settings.timeZone,
	};
}
