import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer, FinoutPage } from '../../transport/responses';
import { nextCursor, readPage } from '../../transport/responses';

/** Finout's cap on versions per page. */
export const MAX_PAGE_SIZE = 100;

export interface VersionQuery {
	pageSize: number;
	sortDirection: 'asc' | 'desc';
	/** createdAt bounds (Unix ms), both inclusive. */
	from?: number;
	to?: number;
}

/**
 * A virtual tag's versions, one page of the answer at a time, until Finout has no next page or
 * the caller stops reading. The same query goes with every page: the cursor belongs to it.
 */
export async function* versionPages(
	ctx: FinoutContext,
	virtualTagId: string,
	query: VersionQuery,
	request: RequestContext,
): AsyncGenerator<{ answer: FinoutAnswer; page: FinoutPage }> {
	const qs: IDataObject = { pageSize: query.pageSize, sortDirection: query.sortDirection };
	if (query.from !== undefined) qs.from = query.from;
	if (query.to !== undefined) qs.to = query.to;
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const answer = await finoutRequestWithStatus(ctx, 'listVirtualTagVersions', {
			...request,
			pathParams: { id: virtualTagId },
			qs: cursor === undefined ? qs : { ...qs, cursor },
		});
		const page = readPage(answer);
		yield { answer, page };
		cursor = nextCursor(answer, page, seenCursors);
	} while (cursor !== undefined);
}
