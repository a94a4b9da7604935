import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import { resolveCredentials } from '../../transport/credentials';
import { redact } from '../../transport/errors';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import {
	isPlainObject,
	nextCursor,
	readAmount,
	readFinoutDate,
	readObject,
	readOptionalCount,
	readPage,
	readString,
} from '../../transport/responses';
import type { RetrySettings } from '../../transport/retryPolicy';
import type { DateRange } from '../common/dateRange';
import { INTERVAL_COLUMNS } from './constants';
import { resolveKeyTypes } from './keyTypes';
import { buildQueryBody, describeQuery } from './queryBody';
import type { QuerySpec } from './querySpec';
import { rememberQuery } from './recentQueries';

/** Sends generate-query for one ≤ 60-day range and remembers the query for the ID list. */
export async function submitQuery(
	ctx: FinoutContext,
	spec: QuerySpec,
	range: DateRange,
	request: RequestContext,
): Promise<{ queryId: string; submittedAt: number }> {
	// Key Type "From the Key" becomes the key's real type before Finout sees the query.
	const typed = await resolveKeyTypes(ctx, spec, request);
	const answer = await finoutRequestWithStatus(ctx, 'submitCostUsageQuery', {
		body: buildQueryBody(typed, range),
		itemIndex: request.itemIndex,
		retry: request.retry,
		signal: request.signal,
	});
	const queryId = readString(answer, 'data.queryId');
	const submittedAt = Date.now();
	rememberQuery({ queryId, submittedAt, description: describeQuery(spec, range) }, submittedAt);
	return { queryId, submittedAt };
}

/** The statuses docs/finout-api.md lists; any other word is an answer the node cannot read. */
const QUERY_STATUSES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type QueryStatusName = (typeof QUERY_STATUSES)[number];

export interface QueryStatus extends IDataObject {
	queryId: string;
	status: QueryStatusName;
	completedAt?: string | number;
	expiredAt?: string | number;
	totalRows?: number;
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
	const status: QueryStatus = { queryId, status: readStatusName(answer) };
	const completedAt = optionalDateTime(answer, data, 'completedAt');
	if (completedAt !== undefined) status.completedAt = completedAt;
	const expiredAt = optionalDateTime(answer, data, 'expiredAt');
	if (expiredAt !== undefined) status.expiredAt = expiredAt;
	const totalRows = readOptionalCount(answer, data.totalRows, 'data.totalRows');
	if (totalRows !== undefined) status.totalRows = totalRows;
	return status;
}

function readStatusName(answer: FinoutAnswer): QueryStatusName {
	const name = readString(answer, 'data.status');
	const known = QUERY_STATUSES.find((status) => status === name);
	if (known === undefined)
		throw answer.unexpected(`a "data.status" of ${QUERY_STATUSES.join(', ')}`);
	return known;
}

/**
 * Present only once the query completed (docs/finout-api.md: an ISO-8601 date-time); passed on as
 * it came, in any form Finout's other dates take (epoch milliseconds too).
 */
function optionalDateTime(
	answer: FinoutAnswer,
	data: IDataObject,
	field: 'completedAt' | 'expiredAt',
): string | number | undefined {
	const value = data[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number')
		throw answer.unexpected(`a "data.${field}" date-time`);
	readFinoutDate(answer, value, `data.${field}`);
	return value;
}

interface NotReadyBody {
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

type ResultsOutcome = { rows: IDataObject[] } | { notAvailable: ResultsNotAvailable };

interface ReadResultsOptions {
	/** Stop once this many rows are read; undefined reads every page. */
	limit?: number;
	pageSize: number;
	itemIndex?: number;
	retry: Partial<RetrySettings>;
	/** An extra signal that stops the reading (a trigger poll's deadline). */
	signal?: AbortSignal;
	/**
	 * Called when Finout answers 202 (query not finished). Return true to ask for the same page
	 * again (after the callback's own wait), false to give up and report "running".
	 */
	onNotReady?: () => Promise<boolean>;
}

const OUTCOMES: Record<number, ResultsNotAvailable['status']> = {
	202: 'running',
	410: 'expired',
	424: 'failed',
};

/**
 * Reads a completed query's rows page by page, passing each page's `pagination.nextCursor` to
 * the next request. With a limit, the page size is capped at the limit and no page is fetched
 * once enough rows are in. A page of another shape, a cursor that does not advance or a row
 * whose date or amount cannot be read stops the item (never a silent partial result).
 */
export async function readResults(
	ctx: FinoutContext,
	queryId: string,
	options: ReadResultsOptions,
): Promise<ResultsOutcome> {
	const pageSize =
		options.limit === undefined ? options.pageSize : Math.min(options.pageSize, options.limit);
	const rows: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const qs: IDataObject = { pageSize };
		if (cursor !== undefined) qs.cursor = cursor;
		const response = await finoutRequestWithStatus<NotReadyBody | undefined>(
			ctx,
			'getCostUsageQueryResults',
			{
				pathParams: { queryId },
				qs,
				itemIndex: options.itemIndex,
				retry: options.retry,
				signal: options.signal,
				passStatuses: [410, 424],
			},
		);
		const outcome = OUTCOMES[response.status];
		if (outcome) {
			if (response.status === 202 && options.onNotReady && (await options.onNotReady())) continue;
			// Shown in the output and in Query's error: a proxy or a misconfigured server may echo
			// the request headers, secret key included, in any field.
			const { secretKey } = await resolveCredentials(ctx);
			const echoed = (value: unknown) =>
				typeof value === 'string' ? redact(value, [secretKey]) : undefined;
			return {
				notAvailable: {
					status: outcome,
					httpCode: response.status,
					finoutMessage: echoed(response.body?.message),
					finoutCode: echoed(response.body?.error),
				},
			};
		}
		const page = readPage(response);
		page.rows.forEach((row, index) => checkRow(response, row, `data[${index}]`));
		for (const row of page.rows) {
			rows.push(row);
			if (options.limit !== undefined && rows.length >= options.limit) return { rows };
		}
		cursor = nextCursor(response, page, seenCursors);
		if (cursor === undefined) {
			// No limit stopped the reading (that returns above), so Finout's last page came first:
			// fewer rows than it counted is a cut-short answer, never the complete result.
			if (page.totalRows !== undefined && rows.length < page.totalRows)
				throw response.unexpected(
					`the ${page.totalRows} rows "pagination.totalRows" counts (the pages brought ${rows.length}, the last saying no more)`,
				);
			return { rows };
		}
	}
}

/** The time bucket is a date and every measurement `{amount, unit?}` holds a number. */
function checkRow(answer: FinoutAnswer, row: IDataObject, where: string): void {
	for (const [column, value] of Object.entries(row)) {
		if (INTERVAL_COLUMNS.has(column)) readFinoutDate(answer, value, `${where}.${column}`);
		else if (isPlainObject(value) && 'amount' in value)
			readAmount(answer, value.amount, `${where}.${column}.amount`);
	}
}
