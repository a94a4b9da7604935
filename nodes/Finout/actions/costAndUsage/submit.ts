import type { FinoutContext } from '../../transport/credentials';
import { finoutRequestWithStatus } from '../../transport/request';
import { readString } from '../../transport/responses';
import type { RetrySettings } from '../../transport/retryPolicy';
import type { DateRange } from '../common/dateRange';
import { resolveKeyTypes } from './keyTypes';
import { rememberQuery } from './recentQueries';
import type { QuerySpec } from './querySpec';
import { buildQueryBody, describeQuery } from './queryBody';

/** Sends generate-query for one ≤ 60-day range and remembers the query for the ID list. */
export async function submitQuery(
	ctx: FinoutContext,
	spec: QuerySpec,
	range: DateRange,
	request: { itemIndex: number; retry: Partial<RetrySettings>; signal?: AbortSignal },
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
