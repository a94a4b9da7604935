import type { IExecuteFunctions } from 'n8n-workflow';

import { finoutRequestWithStatus } from '../../transport/request';
import { readString } from '../../transport/responses';
import type { RetrySettings } from '../../transport/retry-policy';
import type { DateRange } from '../common/dateRange';
import { rememberQuery } from './recent-queries';
import type { QuerySpec } from './request-fields';
import { buildQueryBody, describeQuery } from './request-fields';

/** Sends generate-query for one ≤ 60-day range and remembers the query for the ID list. */
export async function submitQuery(
	ctx: IExecuteFunctions,
	spec: QuerySpec,
	range: DateRange,
	request: { itemIndex: number; retry: Partial<RetrySettings> },
): Promise<{ queryId: string; submittedAt: number }> {
	const answer = await finoutRequestWithStatus(ctx, 'submitCostUsageQuery', {
		body: buildQueryBody(spec, range),
		itemIndex: request.itemIndex,
		retry: request.retry,
	});
	const queryId = readString(answer, 'data.queryId');
	const submittedAt = Date.now();
	rememberQuery({ queryId, submittedAt, description: describeQuery(spec, range) }, submittedAt);
	return { queryId, submittedAt };
}
