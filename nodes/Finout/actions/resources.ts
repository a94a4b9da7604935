import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationList, ResourceDefinition } from './common/operation';
import { defineResource } from './common/operation';
import { retryOptionsProperty } from './common/retryOptions';
import { cost } from './cost';
import { costAndUsage } from './costAndUsage';
import { costGuard } from './costGuard';
import { notificationEndpoint } from './notificationEndpoint';
import { queryLanguage } from './queryLanguage';
import { view } from './view';
import { virtualTag } from './virtualTag';
import { virtualTagMetadata } from './virtualTagMetadata';
import { virtualTagVersion } from './virtualTagVersion';

interface ResourceEntry {
	option: INodePropertyOptions;
	operations: OperationList;
}

const ENTRIES: ResourceEntry[] = [
	{
		option: { name: 'Cost', value: 'cost', description: 'Costs of a saved view (V1)' },
		operations: cost,
	},
	{
		option: {
			name: 'Cost and Usage',
			value: 'costAndUsage',
			description:
				'Cost and usage queries grouped by any key, filtered and bucketed by day, week or month (V2)',
		},
		operations: costAndUsage,
	},
	{
		option: {
			name: 'CostGuard',
			value: 'costGuard',
			description: 'Savings scans and their recommendations (V1)',
		},
		operations: costGuard,
	},
	{
		option: {
			name: 'Notification Endpoint',
			value: 'notificationEndpoint',
			description: 'Email, Slack and Teams destinations for Finout alerts (V1)',
		},
		operations: notificationEndpoint,
	},
	{
		option: {
			name: 'Query Language',
			value: 'queryLanguage',
			description: 'MegaBill keys and their values, for filters and group-bys',
		},
		operations: queryLanguage,
	},
	{
		option: { name: 'View', value: 'view', description: 'Saved MegaBill views' },
		operations: view,
	},
	{
		option: {
			name: 'Virtual Tag',
			value: 'virtualTag',
			description: 'Rules that map costs to business values',
		},
		operations: virtualTag,
	},
	{
		option: {
			name: 'Virtual Tag Metadata',
			value: 'virtualTagMetadata',
			description: 'Custom fields, user groups and endpoints per virtual tag value',
		},
		operations: virtualTagMetadata,
	},
	{
		option: {
			name: 'Virtual Tag Version',
			value: 'virtualTagVersion',
			description: 'Saved versions of a virtual tag (V2)',
		},
		operations: virtualTagVersion,
	},
];

/** By resource value: each resource's operation dropdown and dispatch map. */
export const RESOURCES: Record<string, ResourceDefinition> = Object.fromEntries(
	ENTRIES.map(({ option, operations }) => {
		const resource = String(option.value);
		return [resource, defineResource(resource, operations)];
	}),
);

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: ENTRIES.map((entry) => entry.option),
	default: 'cost',
};

export const nodeProperties: INodeProperties[] = [
	resourceProperty,
	...Object.values(RESOURCES).flatMap((definition) => [
		definition.operationProperty,
		...Object.values(definition.operations).flatMap((operation) => operation.properties),
	]),
	retryOptionsProperty,
];
