import type { ResourceDefinition } from '../common/operation';
import { queryByView } from './queryByView.operation';

export const cost: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cost'] } },
		options: [
			{
				name: 'Query by View',
				value: 'queryByView',
				description: 'Get the daily costs of a saved view for a date range (Cost API V1)',
				action: 'Get the daily costs of a saved view',
			},
		],
		default: 'queryByView',
	},
	operations: { queryByView },
};
