import type { IDataObject } from 'n8n-workflow';

import {
	applyLimit,
	checkNumberAtLeast,
	limitProperty,
	locatorProperty,
	optionsCollection,
	readLimit,
	readLocator,
	returnAllProperty,
	unlessEmpty,
} from '../common/fields';
import { V1_FILTER_OPERATORS } from '../common/filters';
import { readFilterParameter } from '../common/json';
import { defineOperation } from '../common/operation';
import type { ScanRecommendations } from './api';
import { fetchRecommendations } from './api';
import { flattenRecommendations } from './simplify';

type Output = 'resources' | 'groups' | 'raw';

interface Input {
	body: IDataObject;
	output: Output;
	minYearlySavings: number;
	limit?: number;
}

export const getRecommendations = defineOperation<Input>({
	value: 'getRecommendations',
	name: 'Get Recommendations',
	action: 'Get savings recommendations',
	description: 'Get the resources a scan found (idle, rightsizing…) with their potential savings',
	properties: [
		locatorProperty({
			displayName: 'Scan',
			name: 'scanId',
			searchListMethod: 'searchScans',
			placeholder: 'e.g. 5dc3714f-e9dc-4a44-9ee0-dd422405af9d',
			description: 'The CostGuard scan whose findings to return',
		}),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'One Item per Resource',
					value: 'resources',
					description: 'Flat records: resource ID, group, yearly potential savings, recommendation',
				},
				{
					name: 'One Item per Group',
					value: 'groups',
					description: 'Groups with their totals and resource count',
				},
				{
					name: 'Raw Response',
					value: 'raw',
					description: "Finout's answer as it is, in one item",
				},
			],
			default: 'resources',
		},
		returnAllProperty,
		{
			...limitProperty,
			displayOptions: { show: { returnAll: [false], output: ['resources', 'groups'] } },
		},
		optionsCollection([
			{
				displayName: 'Filters (JSON)',
				name: 'filters',
				type: 'json',
				default: '',
				placeholder:
					'{"costCenter": "AWS", "key": "parent_cloud_service", "operator": "is", "value": "AmazonEC2"}',
				description:
					'Finout filter object limiting the resources, as in the Finout filter definition',
			},
			{
				displayName: 'Group By Cost Center',
				name: 'groupByCostCenter',
				type: 'string',
				default: '',
				placeholder: 'e.g. AWS',
				description: 'Cost center of the key to group findings by (used with Group By Key)',
			},
			{
				displayName: 'Group By Key',
				name: 'groupByKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. aws_account_name',
				description: 'Key to group findings by, from Query Language → Get Keys',
			},
			{
				displayName: 'Min Yearly Savings',
				name: 'minYearlySavings',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Only resources (or groups) whose yearly potential savings are at least this amount',
			},
		]),
	],

	read(itemIndex) {
		const options = this.getNodeParameter('options', itemIndex, {}) as {
			groupByCostCenter?: string;
			groupByKey?: string;
			minYearlySavings?: unknown;
		};
		const body: IDataObject = { scanId: readLocator(this, itemIndex, 'scanId', 'Scan') };
		const filters = readFilterParameter(this, itemIndex, 'options.filters', 'Filters', {
			requireType: false,
			operators: V1_FILTER_OPERATORS,
		});
		if (filters) body.filters = filters as IDataObject;
		const groupByKey = String(options.groupByKey ?? '').trim();
		if (groupByKey) {
			body.groupBy = {
				costCenter: String(options.groupByCostCenter ?? '').trim(),
				key: groupByKey,
			};
		}
		return {
			body,
			output: this.getNodeParameter('output', itemIndex, 'resources') as Output,
			// An expression may give any text: NaN would compare false and drop every finding.
			minYearlySavings: checkNumberAtLeast(
				this,
				itemIndex,
				unlessEmpty(options.minYearlySavings, 0),
				'Min Yearly Savings',
				0,
			),
			limit: readLimit(this, itemIndex),
		};
	},

	async run(input, { itemIndex, retry }) {
		const response = await fetchRecommendations(this, input.body, {
			itemIndex,
			retry,
		});
		if (input.output === 'raw') return [{ ...response } as IDataObject];
		const records =
			input.output === 'groups'
				? groupsOf(response).filter(
						(group) => Number(group.yearlyPotentialSavings ?? 0) >= input.minYearlySavings,
					)
				: flattenRecommendations(response, String(input.body.scanId)).filter(
						(resource) => Number(resource.yearlyPotentialSavings ?? 0) >= input.minYearlySavings,
					);
		return applyLimit(records, input.limit);
	},
});

function groupsOf(response: ScanRecommendations): IDataObject[] {
	return (response.data ?? []).map((group) => ({
		scanId: response.scanId,
		scanName: response.scanName,
		group: group.group,
		yearlyPotentialSavings: group.groupYearlyPotentialSavings,
		totalWaste: group.groupTotalWaste,
		totalCost: group.groupTotalCost,
		resourceCount: group.resources?.length ?? 0,
	}));
}
