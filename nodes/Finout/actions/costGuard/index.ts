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
				description: 'Get the resources a scan found (idle, rightsizing…) with their potential savings',
				action: 'Get cost guard recommendations',
			},
			{
				name: 'Get Scans',
				value: 'getScans',
				description: 'List the CostGuard scans of the account',
				action: 'Get cost guard scans',
			},
		],
		default: 'getRecommendations',
	},
	operations: { getRecommendations, getScans },
};
