import type { ResourceDefinition } from '../common/operation';
import { create } from './create.operation';
import { getAll } from './getAll.operation';

export const notificationEndpoint: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notificationEndpoint'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add an email address or Slack channel that Finout alerts can be sent to',
				action: 'Create a notification endpoint',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the notification endpoints (email, Slack, Microsoft Teams)',
				action: 'Get many notification endpoints',
			},
		],
		default: 'getAll',
	},
	operations: { create, getAll },
};
