import type { ResourceDefinition } from '../common/operation';
import { getAll } from './getAll.operation';

export const view: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['view'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the saved MegaBill views of the account',
				action: 'Get many views',
			},
		],
		default: 'getAll',
	},
	operations: { getAll },
};
