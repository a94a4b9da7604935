import { cancellableSleep, cancelSignalOf } from '../../transport/cancellation';
import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import type { QueryStatus, QueryStatusName } from './api';
import { fetchQueryStatus } from './api';

/** fetchQueryStatus refuses any other word, so the rest (queued, running) means "not yet". */
const TERMINAL: ReadonlySet<QueryStatusName> = new Set(['completed', 'failed', 'expired']);

type WaitResult =
	{ timedOut: false; status: QueryStatus } | { timedOut: true; status: QueryStatus };

/** Small queries finish in about a second: the first check comes this soon after submitting. */
const FIRST_CHECK_MS = 500;

/**
 * The waits before each status check: FIRST_CHECK_MS, then doubling up to the poll interval
 * (Finout advises 5 s). With the default that is 4 checks in the first 7.5 s and about 14 a
 * minute, well inside the route's 50 per minute, which the transport also enforces.
 */
export function statusCheckDelays(pollIntervalMs: number, count: number): number[] {
	const delays: number[] = [];
	for (
		let delay = firstStatusDelay(pollIntervalMs);
		delays.length < count;
		delay = nextStatusDelay(delay, pollIntervalMs)
	) {
		delays.push(delay);
	}
	return delays;
}

const firstStatusDelay = (pollIntervalMs: number) => Math.min(FIRST_CHECK_MS, pollIntervalMs);
const nextStatusDelay = (previous: number, pollIntervalMs: number) =>
	Math.min(previous * 2, pollIntervalMs);

/**
 * Checks the query's status on the statusCheckDelays schedule until it is completed, failed or
 * expired, or until `deadline` (epoch ms) passes; the last check is made at the deadline.
 */
export async function waitForQuery(
	ctx: FinoutContext,
	queryId: string,
	options: RequestContext & { pollIntervalMs: number; deadline: number },
): Promise<WaitResult> {
	// The node passes its item's stop signal, a trigger poll its deadline's; else the node run's.
	const signal = options.signal ?? cancelSignalOf(ctx);
	let status: QueryStatus = { queryId, status: 'queued' };
	for (
		let delay = firstStatusDelay(options.pollIntervalMs);
		;
		delay = nextStatusDelay(delay, options.pollIntervalMs)
	) {
		const remaining = options.deadline - Date.now();
		if (remaining <= 0) return { timedOut: true, status };
		await cancellableSleep(Math.min(delay, remaining), signal);
		status = await fetchQueryStatus(ctx, queryId, options);
		if (TERMINAL.has(status.status)) return { timedOut: false, status };
	}
}
