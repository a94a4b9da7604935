import type { RetrySettings } from '../../transport/retry-policy';
import { readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { readRetrySettings } from '../common/retryOptions';
import { fetchQueryStatus } from './poller';
import { queryIdProperty } from './query-id';

interface Input {
	queryId: string;
	retry: Partial<RetrySettings>;
}

export const getStatus = defineOperation<Input>({
	value: 'getStatus',
	name: 'Get Status',
	action: 'Get cost and usage query status',
	description: 'Check whether a submitted query is queued, running, completed, failed or expired',
	properties: [queryIdProperty],

	read(itemIndex) {
		return {
			queryId: readLocator(this, itemIndex, 'queryId', 'Query ID'),
			retry: readRetrySettings(this, itemIndex),
		};
	},

	async run(input, itemIndex) {
		return [await fetchQueryStatus(this, input.queryId, { itemIndex, retry: input.retry })];
	},
});
