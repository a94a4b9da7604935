import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { round } from './round';

/** How many groups a summary lists; an AI agent reads the rest from the totals. */
const SUMMARY_TOP_GROUPS = 10;
const SUMMARY_DIGITS = 4;

export const SUMMARY_OUTPUT_OPTION: INodePropertyOptions = {
	name: 'Summary (for AI Agents)',
	value: 'summary',
	description: `One item: the totals and the top ${SUMMARY_TOP_GROUPS} groups by cost, not every daily point. Small enough for an AI agent's context.`,
};

export interface SummaryGroup {
	/** What identifies the group, e.g. {Service: "EC2"} or {date: "2026-03-01"}. */
	labels: IDataObject;
	amounts: Record<string, number>;
}

/**
 * Sums each group's amounts and keeps the largest groups by the first amount. Amounts are
 * rounded to cents-and-beyond so a tool's answer stays short without changing a total.
 */
export function summarizeGroups(groups: SummaryGroup[], amountNames: string[]): IDataObject {
	const merged = new Map<string, SummaryGroup>();
	for (const group of groups) {
		const id = JSON.stringify(group.labels);
		const entry = merged.get(id) ?? { labels: group.labels, amounts: {} };
		for (const name of amountNames)
			entry.amounts[name] = (entry.amounts[name] ?? 0) + (group.amounts[name] ?? 0);
		merged.set(id, entry);
	}
	const totals: IDataObject = {};
	for (const name of amountNames) {
		totals[name] = round(
			[...merged.values()].reduce((sum, group) => sum + (group.amounts[name] ?? 0), 0),
			SUMMARY_DIGITS,
		);
	}
	const first = amountNames[0];
	const top = [...merged.values()]
		.sort((a, b) => (b.amounts[first] ?? 0) - (a.amounts[first] ?? 0))
		.slice(0, SUMMARY_TOP_GROUPS)
		.map((group) => {
			const row: IDataObject = { ...group.labels };
			for (const name of amountNames) row[name] = round(group.amounts[name] ?? 0, SUMMARY_DIGITS);
			return row;
		});
	return { totals, groups: merged.size, top };
}
