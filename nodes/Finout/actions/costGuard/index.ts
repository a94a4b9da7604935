import type { ResourceDefinition } from '../common/operation';
import { getRecommendations } from './getRecommendations.operation';
import { getScans } from './getScans.operation';

export const costGuard: ResourceDefinition = {
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['costGuard'] } },
		options: [
			{
				name: 'Get Recommendations',
				value: 'getRecommendations',
				description:
					'Get the resources a scan found (idle, rightsizing…) with their potential savings',
				action: 'Get savings recommendations',
			},
			{
				name: 'Get Scans',
				value: 'getScans',
				description: 'List the CostGuard scans of the account',
				action: 'Get savings scans',
			},
		],
		default: 'getRecommendations',
	},
	operations: { getRecommendations, getScans },
};
