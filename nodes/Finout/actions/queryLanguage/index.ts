import type { ResourceDefinition } from '../common/operation';
import { getKeys } from './getKeys.operation';
import { getValues } from './getValues.operation';

export const queryLanguage: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['queryLanguage'] } },
		options: [
			{
				name: 'Get Keys',
				value: 'getKeys',
				description:
					'List the MegaBill keys (cost center, key, display name, types) used in filters and group-bys',
				action: 'Get query language keys',
			},
			{
				name: 'Get Values',
				value: 'getValues',
				description: 'List the values of one key, e.g. every AWS region',
				action: 'Get query language values',
			},
		],
		default: 'getKeys',
	},
	operations: { getKeys, getValues },
};
