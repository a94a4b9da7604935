import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ResourceDefinition } from './common/operation';
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
	definition: ResourceDefinition;
}

const ENTRIES: Record<string, ResourceEntry> = {
	cost: {
		option: { name: 'Cost', value: 'cost', description: 'Costs of a saved view (V1)' },
		definition: cost,
	},
	costAndUsage: {
		option: {
			name: 'Cost and Usage',
			value: 'costAndUsage',
			description:
				'Cost and usage queries grouped by any key, filtered and bucketed by day, week or month (V2)',
		},
		definition: costAndUsage,
	},
	costGuard: {
		option: {
			name: 'CostGuard',
			value: 'costGuard',
			description: 'Savings scans and their recommendations (V1)',
		},
		definition: costGuard,
	},
	notificationEndpoint: {
		option: {
			name: 'Notification Endpoint',
			value: 'notificationEndpoint',
			description: 'Email, Slack and Teams destinations for Finout alerts (V1)',
		},
		definition: notificationEndpoint,
	},
	queryLanguage: {
		option: {
			name: 'Query Language',
			value: 'queryLanguage',
			description: 'MegaBill keys and their values, for filters and group-bys',
		},
		definition: queryLanguage,
	},
	view: {
		option: { name: 'View', value: 'view', description: 'Saved MegaBill views' },
		definition: view,
	},
	virtualTag: {
		option: {
			name: 'Virtual Tag',
			value: 'virtualTag',
			description: 'Rules that map costs to business values',
		},
		definition: virtualTag,
	},
	virtualTagMetadata: {
		option: {
			name: 'Virtual Tag Metadata',
			value: 'virtualTagMetadata',
			description: 'Custom fields, user groups and endpoints per virtual tag value',
		},
		definition: virtualTagMetadata,
	},
	virtualTagVersion: {
		option: {
			name: 'Virtual Tag Version',
			value: 'virtualTagVersion',
			description: 'Saved versions of a virtual tag (V2)',
		},
		definition: virtualTagVersion,
	},
};

export const RESOURCES: Record<string, ResourceDefinition> = Object.fromEntries(
	Object.entries(ENTRIES).map(([name, entry]) => [name, entry.definition]),
);

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: Object.values(ENTRIES).map((entry) => entry.option),
	default: 'cost',
};

export const nodeProperties: INodeProperties[] = [
	resourceProperty,
	...Object.values(ENTRIES).flatMap(({ definition }) => [
		definition.operationProperty,
		...Object.values(definition.operations).flatMap((operation) => operation.properties),
	]),
	retryOptionsProperty,
];
