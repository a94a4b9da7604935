import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { finoutRequestWithStatus } from '../../transport/request';
import type { RetrySettings } from '../../transport/retry-policy';

interface ResultsResponse {
	data?: IDataObject[];
	pagination?: { hasMore?: boolean; totalRows?: number; nextCursor?: string | null };
	error?: string;
	message?: string;
}

/** What Finout answered instead of rows: 202 (not ready), 410 (expired) or 424 (failed). */
export interface ResultsNotAvailable {
	status: 'running' | 'expired' | 'failed';
	httpCode: number;
	finoutMessage?: string;
	finoutCode?: string;
}

export type ResultsOutcome = { rows: IDataObject[] } | { notAvailable: ResultsNotAvailable };

export interface ReadResultsOptions {
	/** Stop once this many rows are read; undefined reads every page. */
	limit?: number;
	pageSize: number;
	itemIndex: number;
	retry: Partial<RetrySettings>;
	/**
	 * Called when Finout answers 202 (query not finished). Return true to ask for the same page
	 * again (after the callback's own wait), false to give up and report "running".
	 */
	onNotReady?: () => Promise<boolean>;
}

const OUTCOMES: Record<number, ResultsNotAvailable['status']> = { 202: 'running', 410: 'expired', 424: 'failed' };

/**
 * Reads a completed query's rows page by page, passing each page's `pagination.nextCursor` to
 * the next request. With a limit, the page size is capped at the limit and no page is fetched
 * once enough rows are in.
 */
export async function readResults(
	ctx: IExecuteFunctions,
	queryId: string,
	options: ReadResultsOptions,
): Promise<ResultsOutcome> {
	const pageSize = options.limit === undefined ? options.pageSize : Math.min(options.pageSize, options.limit);
	const rows: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const qs: IDataObject = { pageSize };
		if (cursor !== undefined) qs.cursor = cursor;
		const response = await finoutRequestWithStatus<ResultsResponse>(ctx, 'getCostUsageQueryResults', {
			pathParams: { queryId },
			qs,
			itemIndex: options.itemIndex,
			retry: options.retry,
			passStatuses: [410, 424],
		});
		const outcome = OUTCOMES[response.status];
		if (outcome) {
			if (response.status === 202 && options.onNotReady && (await options.onNotReady())) continue;
			return {
				notAvailable: {
					status: outcome,
					httpCode: response.status,
					finoutMessage: typeof response.body?.message === 'string' ? response.body.message : undefined,
					finoutCode: typeof response.body?.error === 'string' ? response.body.error : undefined,
				},
			};
		}
		const page = Array.isArray(response.body?.data) ? response.body.data : [];
		for (const row of page) {
			rows.push(row);
			if (options.limit !== undefined && rows.length >= options.limit) return { rows };
		}
		const next = response.body?.pagination?.nextCursor;
		if (!response.body?.pagination?.hasMore || typeof next !== 'string' || next === '' || seenCursors.has(next)) {
			return { rows };
		}
		seenCursors.add(next);
		cursor = next;
	}
}
