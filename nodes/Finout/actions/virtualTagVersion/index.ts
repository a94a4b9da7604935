import type { ResourceDefinition } from '../common/operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const virtualTagVersion: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['virtualTagVersion'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one saved version of a virtual tag with its rules and default value (V2)',
				action: 'Get a virtual tag version',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the saved versions of a virtual tag: who saved them, when, and which one is live (V2)',
				action: 'Get many virtual tag versions',
			},
		],
		default: 'getAll',
	},
	operations: { get, getAll },
};
