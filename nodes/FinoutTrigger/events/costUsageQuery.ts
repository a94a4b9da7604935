import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cancellableSleep } from '../../Finout/transport/cancellation';
import { finoutRequest } from '../../Finout/transport/request';
import type { PollRun } from '../context';

/**
 * Finout's Cost and Usage API V2 is asynchronous (finout-api.md §4.2): submit the query, check
 * its status until it is `completed`, then page through the results. Every call goes through the
 * package transport, which keeps each route under its 50 requests per minute.
 */
const STATUS_DELAYS_MS = [1_000, 2_000, 3_000, 5_000];
const RESULTS_PAGE_SIZE = 10_000;
export const V2_ROW_LIMIT = 100_000;

interface Envelope<T> {
	data?: T;
	pagination?: { hasMore?: boolean; nextCursor?: string | null; totalRows?: number };
}

export async function runCostUsageQuery(run: PollRun, body: IDataObject): Promise<IDataObject[]> {
	const { ctx, retry, signal } = run;
	const submitted = await finoutRequest<Envelope<{ queryId?: string }>>(ctx, 'submitCostUsageQuery', {
		body,
		retry,
		signal,
	});
	const queryId = submitted.data?.queryId;
	if (!queryId) {
		throw new NodeOperationError(ctx.getNode(), 'Finout accepted the cost query but returned no query ID', {
			description: 'The next poll submits the query again.',
		});
	}

	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		const status = await finoutRequest<Envelope<{ status?: string }>>(ctx, 'getCostUsageQueryStatus', {
			pathParams: { queryId },
			retry,
			signal,
		});
		const state = status.data?.status;
		if (state === 'completed') break;
		if (state === 'failed' || state === 'expired') {
			throw new NodeOperationError(ctx.getNode(), `Finout's cost query ${state} (query ${queryId})`, {
				description: 'Nothing was evaluated; the next poll submits the query again.',
			});
		}
		const delay = STATUS_DELAYS_MS[Math.min(attempt, STATUS_DELAYS_MS.length - 1)];
		if (waitedMs + delay > run.budgetMs || Date.now() + delay > run.deadline) {
			throw new NodeOperationError(ctx.getNode(), 'Finout did not finish the cost query in time for this poll', {
				description: `Query ${queryId} was still "${state ?? 'unknown'}" after ${Math.round(waitedMs / 1000)} s. Nothing was evaluated; the next poll tries again.`,
			});
		}
		await cancellableSleep(delay, signal);
		waitedMs += delay;
	}

	const rows: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const page = await finoutRequest<Envelope<IDataObject[]>>(ctx, 'getCostUsageQueryResults', {
			pathParams: { queryId },
			qs: cursor === undefined ? { pageSize: RESULTS_PAGE_SIZE } : { pageSize: RESULTS_PAGE_SIZE, cursor },
			retry,
			signal,
		});
		if (Array.isArray(page.data)) rows.push(...page.data);
		const next = page.pagination?.hasMore ? page.pagination.nextCursor : undefined;
		if (!next) break;
		if (seenCursors.has(next)) {
			throw new NodeOperationError(ctx.getNode(), 'Finout returned the same results cursor twice', {
				description: 'Stopped to avoid an endless loop; the next poll tries again.',
			});
		}
		seenCursors.add(next);
		cursor = next;
	}
	if (rows.length >= V2_ROW_LIMIT) {
		throw new NodeOperationError(ctx.getNode(), `The cost query returned ${V2_ROW_LIMIT} rows, Finout's maximum`, {
			description:
				'Some groups may be missing, which would make the comparison wrong. Narrow the query with Filters or a dimension with fewer values.',
		});
	}
	return rows;
}
