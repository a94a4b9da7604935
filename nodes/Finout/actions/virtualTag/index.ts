import type { ResourceDefinition } from '../common/operation';
import { create } from './create.operation';
import { deleteOperation } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const virtualTag: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['virtualTag'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a virtual tag from rules that map costs to values',
				action: 'Create a virtual tag',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a virtual tag and its version history',
				action: 'Delete a virtual tag',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a virtual tag with its rules and default value',
				action: 'Get a virtual tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the virtual tags of the account',
				action: 'Get many virtual tags',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the name, rules or default value of a virtual tag',
				action: 'Update a virtual tag',
			},
		],
		default: 'getAll',
	},
	operations: { create, delete: deleteOperation, get, getAll, update },
};
