import type { IDataObject } from 'n8n-workflow';

import { cancellableSleep } from '../../transport/cancellation';
import type { FinoutContext } from '../../transport/credentials';
import { finoutRequestWithStatus } from '../../transport/request';
import { readObject, readString } from '../../transport/responses';
import type { RetrySettings } from '../../transport/retry-policy';

export interface QueryStatus extends IDataObject {
	queryId: string;
	status: string;
	completedAt?: string;
	expiredAt?: string;
	totalRows?: number;
}

const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'expired']);

interface RequestContext {
	itemIndex: number;
	retry: Partial<RetrySettings>;
	/** An extra signal that stops the requests and waits (a trigger poll's deadline). */
	signal?: AbortSignal;
}

export async function fetchQueryStatus(
	ctx: FinoutContext,
	queryId: string,
	request: RequestContext,
): Promise<QueryStatus> {
	const answer = await finoutRequestWithStatus(ctx, 'getCostUsageQueryStatus', {
		pathParams: { queryId },
		itemIndex: request.itemIndex,
		retry: request.retry,
		signal: request.signal,
	});
	const data = readObject(answer, 'data');
	const status: QueryStatus = { queryId, status: readString(answer, 'data.status') };
	if (data.completedAt !== undefined) status.completedAt = data.completedAt as string;
	if (data.expiredAt !== undefined) status.expiredAt = data.expiredAt as string;
	if (data.totalRows !== undefined) status.totalRows = data.totalRows as number;
	return status;
}

export type WaitResult = { timedOut: false; status: QueryStatus } | { timedOut: true; status: QueryStatus };

/**
 * Checks the query's status every `pollIntervalMs` (Finout advises 5 s) until it is completed,
 * failed or expired, or until `deadline` (epoch ms) passes. The first check comes one interval
 * after the call, as Finout asks not to read results right after submitting; the last one is
 * made at the deadline. Status requests also count against the route's 50/min limit, which the
 * transport enforces.
 */
export async function waitForQuery(
	ctx: FinoutContext,
	queryId: string,
	options: RequestContext & { pollIntervalMs: number; deadline: number; lastStatus?: string },
): Promise<WaitResult> {
	// A trigger poll has no execution; it passes its deadline's signal.
	const signal = options.signal ?? ('getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined);
	let status: QueryStatus = { queryId, status: options.lastStatus ?? 'queued' };
	for (;;) {
		const remaining = options.deadline - Date.now();
		if (remaining <= 0) return { timedOut: true, status };
		await cancellableSleep(Math.min(options.pollIntervalMs, remaining), signal);
		status = await fetchQueryStatus(ctx, queryId, options);
		if (TERMINAL.has(status.status)) return { timedOut: false, status };
	}
}
