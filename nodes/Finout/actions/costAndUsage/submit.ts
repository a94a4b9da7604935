import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { finoutRequest } from '../../transport/request';
import type { RetrySettings } from '../../transport/retry-policy';
import type { DateRange } from '../common/dateRange';
import { rememberQuery } from './recent-queries';
import type { QuerySpec } from './request-fields';
import { buildQueryBody, describeQuery } from './request-fields';

interface GenerateQueryResponse {
	data?: { queryId?: string };
}

/** Sends generate-query for one ≤ 60-day range and remembers the query for the ID list. */
export async function submitQuery(
	ctx: IExecuteFunctions,
	spec: QuerySpec,
	range: DateRange,
	request: { itemIndex: number; retry: Partial<RetrySettings> },
): Promise<{ queryId: string; submittedAt: number }> {
	const response = await finoutRequest<GenerateQueryResponse>(ctx, 'submitCostUsageQuery', {
		body: buildQueryBody(spec, range),
		itemIndex: request.itemIndex,
		retry: request.retry,
	});
	const queryId = response.data?.queryId;
	if (typeof queryId !== 'string' || queryId === '') {
		throw new NodeOperationError(ctx.getNode(), `Finout accepted the query but returned no query ID (item ${request.itemIndex})`, {
			itemIndex: request.itemIndex,
			description: 'Run the node again. If this repeats, contact Finout support.',
		});
	}
	const submittedAt = Date.now();
	rememberQuery({ queryId, submittedAt, description: describeQuery(spec, range) }, submittedAt);
	return { queryId, submittedAt };
}
