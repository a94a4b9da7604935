import type { ResourceDefinition } from '../common/operation';
import { get } from './get.operation';
import { update } from './update.operation';

export const virtualTagMetadata: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['virtualTagMetadata'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get the custom fields, user groups and endpoints of each value of a virtual tag: one item per value (none if the tag has no metadata)',
				action: 'Get virtual tag metadata',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Set custom fields, user groups and endpoints for values of a virtual tag: one item per value sent',
				action: 'Update virtual tag metadata',
			},
		],
		default: 'get',
	},
	operations: { get, update },
};
