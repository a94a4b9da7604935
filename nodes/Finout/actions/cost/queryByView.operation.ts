import type { IDataObject } from 'n8n-workflow';

import { costTypeProperty, readCostType } from '../common/costTypes';
import type { DateRange } from '../common/dateRange';
import { dateRangeProperties, readDateRange, toIsoDate } from '../common/dateRange';
import { locatorProperty, optionsCollection, readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { round } from '../common/round';
import { SUMMARY_OUTPUT_OPTION, summarizeGroups } from '../common/summary';
import type { ViewSeries } from './api';
import { queryCostByView, TOTAL_SERIES } from './api';
import { groupByProperty, splitGroupBy } from './groupBy';

const MAX_DAYS = 90;

interface Input {
	viewId: string;
	range?: DateRange;
	costType: string;
	groupBy: string[];
	output: 'series' | 'points' | 'summary';
	includeTotal: boolean;
}

export const queryByView = defineOperation<Input>({
	value: 'queryByView',
	name: 'Query by View',
	action: 'Get the daily costs of a saved view',
	description: 'Get the daily costs of a saved view for a date range (Cost API V1)',
	properties: [
		locatorProperty({
			displayName: 'View',
			name: 'viewId',
			searchListMethod: 'searchViews',
			placeholder: 'e.g. 25568bb9-7d9b-4b72-9361-07abcb4e5f29',
			description:
				'A saved MegaBill view. Views are created in the Finout app; the API cannot create them.',
		}),
		...dateRangeProperties({
			description:
				"Period to query. Finout's Cost API accepts at most 90 days per query; longer ranges are rejected before sending.",
			allowViewDefault: true,
		}),
		costTypeProperty(
			'Which cost to return. Account Default uses the type set in Finout under Settings → Advanced Settings (net amortized unless changed).',
		),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'One Item per Series',
					value: 'series',
					description: 'Each group (e.g. a service) with its total and daily points',
				},
				{
					name: 'One Item per Day and Series',
					value: 'points',
					description: 'Flat rows with an ISO date, ready for a spreadsheet or a chart',
				},
				SUMMARY_OUTPUT_OPTION,
			],
			default: 'series',
		},
		optionsCollection([
			groupByProperty(
				"Comma-separated keys that replace the view's own grouping (sent as groupBy). Leave empty to keep the view's grouping.",
			),
			{
				displayName: 'Include Total',
				name: 'includeTotal',
				type: 'boolean',
				default: false,
				description: 'Whether to also return the "Total" series that Finout adds to every answer',
			},
		]),
	],

	read(itemIndex) {
		const options = this.getNodeParameter('options', itemIndex, {}) as {
			groupBy?: string;
			includeTotal?: boolean;
		};
		const costType = readCostType(this, itemIndex);
		return {
			viewId: readLocator(this, itemIndex, 'viewId', 'View'),
			range: readDateRange(this, itemIndex, { maxDays: MAX_DAYS, apiName: "Finout's Cost API" }),
			costType,
			groupBy: splitGroupBy(options.groupBy),
			output: this.getNodeParameter('output', itemIndex, 'series') as Input['output'],
			includeTotal: options.includeTotal === true,
		};
	},

	async run(input, { itemIndex, retry }) {
		const series = (await queryCostByView(this, input, { itemIndex, retry })).filter(
			(entry) => input.includeTotal || entry.name !== TOTAL_SERIES,
		);
		const context = { viewId: input.viewId, costType: input.costType || 'accountDefault' };
		if (input.output === 'summary') return [toSummary(series, context)];
		return input.output === 'points' ? toPoints(series, context) : toSeries(series, context);
	},
});

function toSeries(series: ViewSeries[], context: IDataObject): IDataObject[] {
	return series.map((entry) => {
		const points = entry.points.map((point) => ({
			date: toIsoDate(point.time),
			timestamp: point.time,
			cost: point.cost,
		}));
		return {
			name: entry.name,
			totalCost: round(
				points.reduce((sum, point) => sum + point.cost, 0),
				6,
			),
			days: points.length,
			points,
			...context,
		};
	});
}

function toPoints(series: ViewSeries[], context: IDataObject): IDataObject[] {
	return series.flatMap((entry) =>
		entry.points.map((point) => ({
			series: entry.name,
			date: toIsoDate(point.time),
			timestamp: point.time,
			cost: point.cost,
			...context,
		})),
	);
}

function toSummary(series: ViewSeries[], context: IDataObject): IDataObject {
	// ISO dates sort as text, so the first and last are the range; no spread of every point.
	const days = [
		...new Set(series.flatMap((entry) => entry.points.map((point) => toIsoDate(point.time)))),
	].sort();
	const groups = series.map((entry) => ({
		labels: { name: entry.name },
		amounts: { cost: entry.points.reduce((sum, point) => sum + point.cost, 0) },
	}));
	return {
		...context,
		start: days[0] ?? null,
		end: days.at(-1) ?? null,
		days: days.length,
		...summarizeGroups(groups, ['cost']),
	};
}
