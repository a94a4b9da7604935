import type { RetrySettings } from '../../transport/retry-policy';
import { readLocator } from '../common/fields';
import { defineOperation, showFor } from '../common/operation';
import { readRetrySettings } from '../common/retryOptions';
import { fetchQueryStatus } from './poller';
import { queryIdProperty } from './query-id';

interface Input {
	queryId: string;
	retry: Partial<RetrySettings>;
}

export const getStatus = defineOperation<Input>({
	properties: showFor('costAndUsage', ['getStatus'], [queryIdProperty]),

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
