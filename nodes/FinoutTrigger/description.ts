import type { INodeProperties } from 'n8n-workflow';

import {
	KEY_TYPE_OPTIONS,
	MEASUREMENT_TYPE_OPTIONS,
} from '../Finout/actions/costAndUsage/constants';
import { COST_TYPE_OPTIONS } from '../Finout/actions/common/costTypes';
import { locatorProperty } from '../Finout/actions/common/fields';
import { filterBuilderProperties } from '../Finout/actions/common/filterBuilder';
import { costCenterLocator, keyLocator } from '../Finout/actions/common/keyPickers';
import { retryOptionsProperty } from '../Finout/actions/common/retryOptions';

const forEvent = (event: string, extra: Record<string, string[]> = {}) => ({
	show: { event: [event], ...extra },
});

const costProperties: INodeProperties[] = [
	{
		displayName:
			'Finout reports daily costs in UTC days. A day is first checked once it is over in the trigger\'s time zone and in UTC, then again at every poll until its data has settled (see Data Delay); each day and group fires at most once. "date" names Finout\'s UTC day.',
		name: 'costNotice',
		type: 'notice',
		default: '',
		displayOptions: forEvent('costThresholdCrossed'),
	},
	{
		displayName: 'Cost Source',
		name: 'costSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Cost and Usage Query (V2)',
				value: 'costAndUsage',
				description: 'A measurement, optionally split by one dimension and narrowed by filters',
			},
			{
				name: 'Saved View (V1)',
				value: 'view',
				description: 'The daily cost of a MegaBill view, in total or per group',
			},
		],
		default: 'view',
		displayOptions: forEvent('costThresholdCrossed'),
	},
	{
		...locatorProperty({
			displayName: 'View',
			name: 'viewId',
			searchListMethod: 'searchViews',
			placeholder: 'e.g. 25568bb9-7d9b-4b72-9361-07abcb4e5f29',
			description: 'A saved MegaBill view. Views are created in the Finout app.',
		}),
		displayOptions: forEvent('costThresholdCrossed', { costSource: ['view'] }),
	},
	{
		displayName: 'Evaluate',
		name: 'viewScope',
		type: 'options',
		options: [
			{
				name: 'Each Group',
				value: 'perGroup',
				description: 'Every series of the view (e.g. each service) on its own',
			},
			{ name: 'View Total', value: 'total', description: 'The "Total" series of the view' },
		],
		default: 'total',
		displayOptions: forEvent('costThresholdCrossed', { costSource: ['view'] }),
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. service',
		description:
			"Comma-separated keys that replace the view's own grouping. Leave empty to keep the view's grouping.",
		displayOptions: forEvent('costThresholdCrossed', {
			costSource: ['view'],
			viewScope: ['perGroup'],
		}),
	},
	{
		displayName: 'Cost Type',
		name: 'costType',
		type: 'options',
		options: [{ name: 'Account Default', value: '' }, ...COST_TYPE_OPTIONS],
		default: '',
		description:
			'Which cost to compare. Account Default is the type set in Finout (net amortized unless changed).',
		displayOptions: forEvent('costThresholdCrossed', { costSource: ['view'] }),
	},
	{
		displayName: 'Measurement',
		name: 'measurementType',
		type: 'options',
		options: MEASUREMENT_TYPE_OPTIONS,
		default: 'netAmortizedCost',
		description: 'What to sum per day',
		displayOptions: forEvent('costThresholdCrossed', { costSource: ['costAndUsage'] }),
	},
	{
		displayName: 'Evaluate',
		name: 'costAndUsageScope',
		type: 'options',
		options: [
			{
				name: 'Each Dimension Value',
				value: 'perDimension',
				description: 'Split by one dimension, e.g. each service',
			},
			{ name: 'Total', value: 'total', description: 'The whole (filtered) cost' },
		],
		default: 'total',
		displayOptions: forEvent('costThresholdCrossed', { costSource: ['costAndUsage'] }),
	},
	{
		...costCenterLocator({
			displayName: 'Dimension Cost Center',
			name: 'dimensionCostCenter',
			description: 'Cost center of the dimension key, e.g. AWS',
		}),
		displayOptions: forEvent('costThresholdCrossed', {
			costSource: ['costAndUsage'],
			costAndUsageScope: ['perDimension'],
		}),
	},
	{
		...keyLocator({
			displayName: 'Dimension Key',
			name: 'dimensionKey',
			required: true,
			description: 'The key whose values become the groups, e.g. service',
		}),
		displayOptions: forEvent('costThresholdCrossed', {
			costSource: ['costAndUsage'],
			costAndUsageScope: ['perDimension'],
		}),
	},
	{
		displayName: 'Dimension Type',
		name: 'dimensionType',
		type: 'options',
		options: KEY_TYPE_OPTIONS,
		default: 'billing_dimension',
		displayOptions: forEvent('costThresholdCrossed', {
			costSource: ['costAndUsage'],
			costAndUsageScope: ['perDimension'],
		}),
	},
	...filterBuilderProperties(
		{
			displayName: 'Filters (JSON)',
			name: 'costAndUsageFilters',
			type: 'json',
			default: '{}',
			description: 'Finout V2 filter object, at most 30 conditions',
		},
		{ event: ['costThresholdCrossed'], costSource: ['costAndUsage'] },
	),
	{
		displayName: 'Condition',
		name: 'rule',
		type: 'options',
		options: [
			{ name: 'Amount Above', value: 'above', description: "A day's cost is above an amount" },
			{
				name: 'Increase vs Previous Day',
				value: 'increaseVsPreviousDay',
				description: "A day's cost rose by more than a percentage over the day before",
			},
			{
				name: 'Increase vs Same Weekday Last Week',
				value: 'increaseVsSameWeekdayLastWeek',
				description:
					"A day's cost rose by more than a percentage over the same weekday a week earlier",
			},
			{
				name: 'Increase vs Trailing 7-Day Average',
				value: 'increaseVsTrailing7DayAverage',
				description:
					"A day's cost rose by more than a percentage over the average of the 7 days before it",
			},
		],
		default: 'increaseVsTrailing7DayAverage',
		displayOptions: forEvent('costThresholdCrossed'),
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 1000,
		description:
			'Fires for a day whose cost is above this amount (in the currency of the Finout account)',
		displayOptions: forEvent('costThresholdCrossed', { rule: ['above'] }),
	},
	{
		displayName: 'Increase (%)',
		name: 'percent',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 30,
		description:
			'Fires when the rise is more than this percentage of the baseline. Days with a zero baseline never fire.',
		displayOptions: forEvent('costThresholdCrossed', {
			rule: [
				'increaseVsPreviousDay',
				'increaseVsSameWeekdayLastWeek',
				'increaseVsTrailing7DayAverage',
			],
		}),
	},
	{
		displayName: 'Options',
		name: 'costOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forEvent('costThresholdCrossed'),
		options: [
			{
				displayName: 'Data Delay (Hours)',
				name: 'dataDelayHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 168 },
				default: 48,
				description:
					"How long after a UTC day ends its cost may still grow. Cloud billing exports (AWS CUR, GCP, Azure) keep adding a day's cost for a day or two, so each day is checked again at every poll until this much time has passed, and fires at most once per group. A day without any data is not treated as zero cost; if it still has none once this time has passed, it is skipped.",
			},
			{
				displayName: 'Look Back Days',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'On the first poll, also check this many days before yesterday. With 0, the trigger starts with yesterday.',
			},
			{
				displayName: 'Minimum Cost',
				name: 'minimumCost',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Ignore days whose cost is below this amount, e.g. so a jump from 0.10 to 0.50 does not fire',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description:
					"IANA time zone that decides when a day is over. Empty uses the workflow's time zone. Finout's daily costs stay UTC days.",
			},
		],
	},
];

const recommendationProperties: INodeProperties[] = [
	{
		displayName: 'Scans',
		name: 'scanScope',
		type: 'options',
		options: [
			{ name: 'All Scans', value: 'all', description: 'Every CostGuard scan of the account' },
			{ name: 'One Scan', value: 'one' },
		],
		default: 'one',
		displayOptions: forEvent('newRecommendation'),
	},
	{
		...locatorProperty({
			displayName: 'Scan',
			name: 'scanId',
			searchListMethod: 'searchScans',
			placeholder: 'e.g. 5dc3714f-e9dc-4a44-9ee0-dd422405af9d',
			description: 'The CostGuard scan to watch',
		}),
		displayOptions: forEvent('newRecommendation', { scanScope: ['one'] }),
	},
	{
		displayName: 'Options',
		name: 'recommendationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forEvent('newRecommendation'),
		options: [
			{
				displayName: 'Emit Existing on First Poll',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll fires for every resource already recommended. Off: the first poll only remembers them.',
			},
			{
				displayName: 'Min Yearly Savings',
				name: 'minYearlySavings',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only resources whose yearly potential savings are at least this amount',
			},
		],
	},
];

const virtualTagProperties: INodeProperties[] = [
	{
		displayName: 'Virtual Tags',
		name: 'tagScope',
		type: 'options',
		options: [
			{
				name: 'All Virtual Tags',
				value: 'all',
				description:
					'Every tag, including tags created later. Each tag costs one request per poll.',
			},
			{ name: 'One Virtual Tag', value: 'one' },
		],
		default: 'one',
		displayOptions: forEvent('virtualTagChanged'),
	},
	{
		...locatorProperty({
			displayName: 'Virtual Tag',
			name: 'virtualTagId',
			searchListMethod: 'searchVirtualTags',
			placeholder: 'e.g. f84c9ab0-dab2-4cf1-b7aa-f4a767d9724b',
		}),
		displayOptions: forEvent('virtualTagChanged', { tagScope: ['one'] }),
	},
];

export const triggerProperties: INodeProperties[] = [
	{
		// n8n adds Poll Times (default Every Minute) to every polling node and a node cannot change it.
		displayName:
			"Finout's costs are daily: set Poll Times to Every Hour, or less often. Fetch Test Event shows the latest complete day; when nothing crossed the condition, its items say fired: false.",
		name: 'pollTimesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		options: [
			{
				name: 'Cost Threshold Crossed',
				value: 'costThresholdCrossed',
				description: "A day's cost is above an amount, or rose by more than a percentage",
			},
			{
				name: 'New CostGuard Recommendation',
				value: 'newRecommendation',
				description: 'A CostGuard scan recommends a resource it did not recommend at the last poll',
			},
			{
				name: 'Virtual Tag Changed',
				value: 'virtualTagChanged',
				description: 'A new version of a virtual tag was saved (live or staged)',
			},
		],
		default: 'costThresholdCrossed',
	},
	...costProperties,
	...recommendationProperties,
	...virtualTagProperties,
	retryOptionsProperty,
];
