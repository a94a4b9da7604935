import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { readRetrySettings } from '../Finout/actions/common/retryOptions';
import {
	searchCostCenters,
	searchKeys,
	searchScans,
	searchViews,
	searchVirtualTags,
} from '../Finout/methods/listSearch';
import type { EventOutcome, PollRun } from './context';
import { pollBudget } from './context';
import { triggerProperties } from './description';
import { triggerEvents } from './events';
import type { TriggerEvent } from './events/event';
import type { StoredState } from './state';
import { endPoll, pollKeyOf, readState, tryBeginPoll, writeState } from './state';

export class FinoutTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Finout Trigger',
		name: 'finoutTrigger',
		icon: { light: 'file:../../icons/finout.svg', dark: 'file:../../icons/finout.dark.svg' },
		group: ['trigger'],
		// 1.1: Cost and Usage filters start in the condition builder (version 1 keeps JSON).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: triggerEvents.subtitle,
		// n8n's nodes panel shows this for the merged Finout entry, so it names the actions too.
		description:
			'Query cloud costs in Finout, and start workflows on cost spikes, new CostGuard savings or virtual tag changes',
		defaults: { name: 'Finout Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'finoutApi', required: true }],
		properties: triggerProperties,
	};

	methods = {
		listSearch: { searchViews, searchScans, searchVirtualTags, searchCostCenters, searchKeys },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const manual = this.getMode() === 'manual';
		const pollKey = pollKeyOf(this);
		if (!manual && !tryBeginPoll(pollKey)) return null; // the poll still running covers this window
		try {
			const items = await pollEvent(this, event, manual);
			return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
		} finally {
			if (!manual) endPoll(pollKey);
		}
	}
}

/**
 * Reads the stored entry, runs the event, and only then stores the next entry: every request
 * has succeeded by the time anything is written, so a failed poll changes nothing.
 */
async function pollEvent(
	ctx: IPollFunctions,
	event: string,
	manual: boolean,
): Promise<IDataObject[]> {
	const now = Date.now();
	const budget = pollBudget(ctx);
	const signal = AbortSignal.timeout(budget.totalMs);
	const run: PollRun = {
		ctx,
		manual,
		now,
		deadline: now + budget.softMs,
		budgetMs: budget.softMs,
		signal,
		retry: readRetrySettings(ctx, undefined),
	};
	const definition = triggerEvents.events.get(event);
	if (definition === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Unknown event "${String(event)}"`);
	}
	const outcome = await runEvent(run, definition).catch((error: unknown) => {
		// The requests stopped by the deadline report a cancellation; say what really happened.
		if (!signal.aborted) return Promise.reject(error);
		return Promise.reject(
			new NodeOperationError(
				ctx.getNode(),
				`The poll did not finish within its time limit (${Math.round(budget.totalMs / 1000)} s)`,
				{
					description:
						'Finout did not answer in time, so the requests still waiting were stopped. Nothing was stored: the next poll checks the same period again.',
				},
			),
		);
	});
	if (!manual) writeState(ctx, definition.value, outcome.state);
	return outcome.items;
}

/** The event's settings and stored entry, then its poll. */
async function runEvent(run: PollRun, event: TriggerEvent): Promise<EventOutcome<StoredState>> {
	const settings = event.readSettings(run.ctx);
	const previous = readState(run.ctx, event.value, settings.watch, event.isIntactState);
	return await event.poll(run, settings, previous);
}
