import type { INodeProperties } from 'n8n-workflow';

import { groupByProperty } from '../../Finout/actions/cost/groupBy';
import { costTypeProperty } from '../../Finout/actions/common/costTypes';
import { locatorProperty } from '../../Finout/actions/common/fields';
import { filterBuilderProperties } from '../../Finout/actions/common/filterBuilder';
import { costCenterLocator, keyLocator } from '../../Finout/actions/common/keyPickers';
import {
	KEY_TYPE_OPTIONS,
	MEASUREMENT_TYPE_OPTIONS,
} from '../../Finout/actions/costAndUsage/constants';
import { isIntactCostState, pollCostThreshold } from './costThresholdPoll';
import {
	DEFAULT_DATA_DELAY_HOURS,
	MAX_DATA_DELAY_HOURS,
	readCostSettings,
} from './costThresholdSettings';
import { defineEvent } from './event';

const properties: INodeProperties[] = [
	{
		displayName:
			'Finout reports daily costs in UTC days. A day is first checked once it is over in the trigger\'s time zone and in UTC, then again at every poll until its data has settled (see Data Delay); each day and group fires at most once. "date" names Finout\'s UTC day.',
		name: 'costNotice',
		type: 'notice',
		default: '',
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
	},
	{
		...locatorProperty({
			displayName: 'View',
			name: 'viewId',
			searchListMethod: 'searchViews',
			placeholder: 'e.g. 25568bb9-7d9b-4b72-9361-07abcb4e5f29',
			description: 'A saved MegaBill view. Views are created in the Finout app.',
		}),
		displayOptions: { show: { costSource: ['view'] } },
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
		displayOptions: { show: { costSource: ['view'] } },
	},
	{
		...groupByProperty(
			"Comma-separated keys that replace the view's own grouping. Leave empty to keep the view's grouping.",
		),
		displayOptions: {
			show: {
				costSource: ['view'],
				viewScope: ['perGroup'],
			},
		},
	},
	{
		...costTypeProperty(
			'Which cost to compare. Account Default is the type set in Finout (net amortized unless changed).',
		),
		displayOptions: { show: { costSource: ['view'] } },
	},
	{
		displayName: 'Measurement',
		name: 'measurementType',
		type: 'options',
		options: MEASUREMENT_TYPE_OPTIONS,
		default: 'netAmortizedCost',
		description: 'What to sum per day',
		displayOptions: { show: { costSource: ['costAndUsage'] } },
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
		displayOptions: { show: { costSource: ['costAndUsage'] } },
	},
	{
		...costCenterLocator({
			displayName: 'Dimension Cost Center',
			name: 'dimensionCostCenter',
			description: 'Cost center of the dimension key, e.g. AWS',
		}),
		displayOptions: {
			show: {
				costSource: ['costAndUsage'],
				costAndUsageScope: ['perDimension'],
			},
		},
	},
	{
		...keyLocator({
			displayName: 'Dimension Key',
			name: 'dimensionKey',
			required: true,
			description: 'The key whose values become the groups, e.g. service',
		}),
		displayOptions: {
			show: {
				costSource: ['costAndUsage'],
				costAndUsageScope: ['perDimension'],
			},
		},
	},
	{
		displayName: 'Dimension Type',
		name: 'dimensionType',
		type: 'options',
		options: KEY_TYPE_OPTIONS,
		default: 'billing_dimension',
		displayOptions: {
			show: {
				costSource: ['costAndUsage'],
				costAndUsageScope: ['perDimension'],
			},
		},
	},
	...filterBuilderProperties(
		{
			displayName: 'Filters (JSON)',
			name: 'costAndUsageFilters',
			type: 'json',
			default: '{}',
			description: 'Finout V2 filter object, at most 30 conditions',
		},
		{ costSource: ['costAndUsage'] },
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
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: 1000,
		description:
			'Fires for a day whose cost is above this amount (in the currency of the Finout account)',
		displayOptions: { show: { rule: ['above'] } },
	},
	{
		displayName: 'Increase (%)',
		name: 'percent',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 30,
		description:
			'Fires when the rise is more than this percentage of the baseline. Days with a zero baseline never fire.',
		displayOptions: {
			show: {
				rule: [
					'increaseVsPreviousDay',
					'increaseVsSameWeekdayLastWeek',
					'increaseVsTrailing7DayAverage',
				],
			},
		},
	},
	{
		displayName: 'Options',
		name: 'costOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Data Delay (Hours)',
				name: 'dataDelayHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_DATA_DELAY_HOURS },
				default: DEFAULT_DATA_DELAY_HOURS,
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

/** The event's fields and definition; the rest is in costThreshold{Settings,Evaluation,Fetch,Poll}.ts. */
export const costThresholdCrossed = defineEvent({
	value: 'costThresholdCrossed',
	name: 'Cost Threshold Crossed',
	description: "A day's cost is above an amount, or rose by more than a percentage",
	subtitle: 'Cost threshold crossed',
	// Stored under its first name: renaming it would make every saved trigger start over.
	properties,
	readSettings: readCostSettings,
	isIntactState: isIntactCostState,
	poll: pollCostThreshold,
});
