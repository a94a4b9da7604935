import { readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { fetchQueryStatus } from './api';
import { queryIdProperty } from './queryId';

interface Input {
	queryId: string;
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
		};
	},

	async run(input, { itemIndex, retry }) {
		return [await fetchQueryStatus(this, input.queryId, { itemIndex, retry })];
	},
});
