import type { ResourceDefinition } from '../common/operation';
import { getResults } from './getResults.operation';
import { getStatus } from './getStatus.operation';
import { query } from './query.operation';
import { submitQuery } from './submitQuery.operation';

export const costAndUsage: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['costAndUsage'] } },
		options: [
			{
				name: 'Get Results',
				value: 'getResults',
				description: 'Read the rows of a submitted query (Cost and Usage API V2)',
				action: 'Get cost and usage query results',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Check whether a submitted query is queued, running, completed, failed or expired',
				action: 'Get cost and usage query status',
			},
			{
				name: 'Query',
				value: 'query',
				description:
					'Submit a query, wait until Finout completes it and return its rows (Cost and Usage API V2)',
				action: 'Query costs and usage by any dimension',
			},
			{
				name: 'Submit Query',
				value: 'submitQuery',
				description:
					'Start a query and return its ID without waiting, to read later with Get Results',
				action: 'Submit cost and usage query',
			},
		],
		default: 'query',
	},
	operations: { getResults, getStatus, query, submitQuery },
};
