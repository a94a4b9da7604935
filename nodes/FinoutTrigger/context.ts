import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { RetrySettings } from '../Finout/transport/retryPolicy';
import type { StoredState } from './state';

/** Everything one poll of one event needs. */
export interface PollRun {
	ctx: IPollFunctions;
	/** "Fetch Test Event": return a sample, never move the cursor. */
	manual: boolean;
	/** Start of the poll (Unix ms). */
	now: number;
	/** Optional extra work (more virtual tags, waiting for a V2 query) stops by this instant. */
	deadline: number;
	/** The same limit as a duration, for waits measured by what was slept rather than the clock. */
	budgetMs: number;
	/**
	 * Aborts when the poll's whole time budget is spent: every request of the poll stops then,
	 * so a server that never answers cannot hold the poll, or the API key's permit, any longer.
	 */
	signal: AbortSignal;
	retry: Partial<RetrySettings>;
}

export interface EventOutcome<S extends StoredState> {
	items: IDataObject[];
	/** The entry to store after a successful poll (ignored in manual mode). */
	state: S;
}

/** Time a poll may take before n8n abandons it (5 min unless the host says otherwise). */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
/** Keep a margin for the requests already under way when the deadline passes. */
const BUDGET_SHARE = 0.7;

export interface PollBudget {
	/** When n8n gives up on the poll: requests still running then are aborted. */
	totalMs: number;
	/** When optional work stops, leaving a margin for what is under way (PollRun.deadline). */
	softMs: number;
}

export function pollBudget(ctx: IPollFunctions): PollBudget {
	const reported = typeof ctx.getPollBudgetMs === 'function' ? Number(ctx.getPollBudgetMs()) : NaN;
	const totalMs = Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_POLL_BUDGET_MS;
	return { totalMs, softMs: Math.floor(totalMs * BUDGET_SHARE) };
}
