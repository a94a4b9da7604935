import type { INodeProperties } from 'n8n-workflow';

import { dateRangeProperties } from '../common/dateRange';
import { filterBuilderProperties } from '../common/filterBuilder';
import {
	costCenterLocator,
	FROM_KEY,
	KEY_TYPE_WITH_FROM_KEY,
	keyLocator,
} from '../common/keyPickers';
import {
	DEFAULT_ROW_LIMIT,
	MAX_DIMENSIONS,
	MAX_FILTER_CONDITIONS,
	MAX_MEASUREMENTS,
	MAX_ROW_LIMIT,
	MEASUREMENT_TYPE_OPTIONS,
	OPERATOR_OPTIONS,
} from './constants';

/** Fields of the generate-query request, shared by Query and Submit Query. */
export function queryRequestProperties(options: {
	dateRangeDescription: string;
}): INodeProperties[] {
	return [
		...dateRangeProperties({ description: options.dateRangeDescription }),
		{
			displayName: 'Time Interval',
			name: 'timeInterval',
			type: 'options',
			required: true,
			options: [
				{ name: 'Day', value: 'day' },
				{ name: 'Month', value: 'month' },
				{ name: 'Week', value: 'week' },
			],
			default: 'day',
			description: 'Size of the time buckets of the rows (timeInterval.interval)',
		},
		{
			displayName: 'Measurements',
			name: 'measurements',
			type: 'fixedCollection',
			required: true,
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Measurement',
			default: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
			description: `What to measure: 1 to ${MAX_MEASUREMENTS} measurements, each a type and an operator. Without a sort, Finout returns the rows in descending order of the first measurement.`,
			options: [
				{
					displayName: 'Measurement',
					name: 'measurement',
					values: [
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: MEASUREMENT_TYPE_OPTIONS,
							default: 'netAmortizedCost',
							description: 'Cost or usage type to measure',
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							options: OPERATOR_OPTIONS,
							default: 'sum',
							description: 'How the values of each time bucket are aggregated',
						},
					],
				},
			],
		},
		{
			displayName: 'Dimensions',
			name: 'dimensions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Dimension',
			default: {},
			description: `Group the rows by up to ${MAX_DIMENSIONS} keys (Finout's dimensions). Leave empty for one row per time bucket.`,
			options: [
				{
					displayName: 'Dimension',
					name: 'dimension',
					values: [
						costCenterLocator(),
						keyLocator({
							description: 'The key to group by, e.g. service or region; for a virtual tag, its ID',
						}),
						{
							displayName: 'Key Type',
							name: 'type',
							type: 'options',
							options: KEY_TYPE_WITH_FROM_KEY,
							default: FROM_KEY,
							description: 'Type of the key; From the Key uses the type Finout lists for it',
						},
					],
				},
			],
		},
		...filterBuilderProperties({
			displayName: 'Filters (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '{}',
			description: `Finout filter object (V2), with at most ${MAX_FILTER_CONDITIONS} conditions`,
		}),
	];
}

/** Query options that change the request (Row Limit, sort); the operations add their own. */
export const queryRequestOptions: INodeProperties[] = [
	{
		displayName: 'Row Limit',
		name: 'rowLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_ROW_LIMIT },
		default: DEFAULT_ROW_LIMIT,
		description: `Advanced: most rows Finout computes for one query (rowLimit, up to ${MAX_ROW_LIMIT.toLocaleString('en-US')}). Empty: Max Rows, or ${DEFAULT_ROW_LIMIT.toLocaleString('en-US')} with Return All. The rows kept are the first ones in the sort order.`,
	},
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'options',
		options: [
			{
				name: 'Dimension',
				value: 'dimension',
				description: 'The dimension named in Sort Dimension Key (the first dimension if empty)',
			},
			{
				name: 'Default',
				value: 'default',
				description:
					'Date order without dimensions; otherwise descending order of the first measurement',
			},
			{ name: 'First Measurement', value: 'measurement' },
			{ name: 'Time', value: 'time', description: 'The time buckets' },
		],
		default: 'default',
		description: 'What the rows are sorted by. Finout allows one sort per query.',
	},
	{
		displayName: 'Sort Dimension Key',
		name: 'sortDimension',
		type: 'string',
		default: '',
		placeholder: 'e.g. service',
		description: 'Key of the dimension to sort by, when Sort By is Dimension',
	},
	{
		displayName: 'Sort Direction',
		name: 'sortDirection',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'ascending' },
			{ name: 'Descending', value: 'descending' },
		],
		default: 'descending',
		description: 'Direction of the sort chosen in Sort By',
	},
];
