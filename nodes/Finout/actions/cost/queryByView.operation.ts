import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import {
	isPlainObject,
	readAmount,
	readFinoutDate,
	readObjectList,
	readText,
} from '../../transport/responses';
import { COST_TYPE_OPTIONS } from '../common/costTypes';
import type { DateRange } from '../common/dateRange';
import { dateRangeProperties, readDateRange, toIsoDate } from '../common/dateRange';
import { locatorProperty, readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { SUMMARY_OUTPUT_OPTION, summarizeGroups } from '../common/summary';

const MAX_DAYS = 90;

interface CostSeries {
	name: string;
	points: Array<{ time: number; cost: number }>;
}

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
		{
			displayName: 'Cost Type',
			name: 'costType',
			type: 'options',
			options: [{ name: 'Account Default', value: '' }, ...COST_TYPE_OPTIONS],
			default: '',
			description:
				'Which cost to return. Account Default uses the type set in Finout under Settings → Advanced Settings (net amortized unless changed).',
		},
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
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Group By',
					name: 'groupBy',
					type: 'string',
					default: '',
					placeholder: 'e.g. service',
					description:
						"Comma-separated keys that replace the view's own grouping (sent as groupBy). Leave empty to keep the view's grouping.",
				},
				{
					displayName: 'Include Total',
					name: 'includeTotal',
					type: 'boolean',
					default: false,
					description: 'Whether to also return the "Total" series that Finout adds to every answer',
				},
			],
		},
	],

	read(itemIndex) {
		const options = this.getNodeParameter('options', itemIndex, {}) as {
			groupBy?: string;
			includeTotal?: boolean;
		};
		const groupBy = String(options.groupBy ?? '')
			.split(',')
			.map((key) => key.trim())
			.filter(Boolean);
		const costType = this.getNodeParameter('costType', itemIndex, '') as string;
		if (costType && !COST_TYPE_OPTIONS.some((option) => option.value === costType)) {
			throw new NodeOperationError(
				this.getNode(),
				`Cost Type "${costType}" is not a Finout cost type (item ${itemIndex})`,
				{
					itemIndex,
					description: `Use one of: ${COST_TYPE_OPTIONS.map((option) => option.value).join(', ')}.`,
				},
			);
		}
		return {
			viewId: readLocator(this, itemIndex, 'viewId', 'View'),
			range: readDateRange(this, itemIndex, { maxDays: MAX_DAYS, apiName: "Finout's Cost API" }),
			costType,
			groupBy,
			output: this.getNodeParameter('output', itemIndex, 'series') as Input['output'],
			includeTotal: options.includeTotal === true,
		};
	},

	async run(input, { itemIndex, retry }) {
		const body: IDataObject = { viewId: input.viewId };
		if (input.range) {
			body.date = {
				unixTimeMillSecondsStart: input.range.startMs,
				unixTimeMillSecondsEnd: input.range.endMs,
			};
		}
		if (input.costType) body.costType = input.costType;
		if (input.groupBy.length > 0) body.groupBy = input.groupBy;

		const answer = await finoutRequestWithStatus(this, 'queryCostByView', {
			body,
			itemIndex,
			retry,
		});
		const series = readSeries(answer).filter(
			(entry) => input.includeTotal || entry.name !== 'Total',
		);
		const context = { viewId: input.viewId, costType: input.costType || 'accountDefault' };
		if (input.output === 'summary') return [toSummary(series, context)];
		return input.output === 'points' ? toPoints(series, context) : toSeries(series, context);
	},
});

/**
 * `{data: [{name, data: [{time, cost}]}]}`. A point whose time or cost cannot be read stops the
 * item: skipping it or summing NaN would report a wrong total as if it were right.
 */
function readSeries(answer: FinoutAnswer): CostSeries[] {
	return readObjectList(answer, 'data').map((entry, index) => {
		const where = `data[${index}]`;
		const points = entry.data ?? [];
		if (!Array.isArray(points)) throw answer.unexpected(`a "${where}.data" list`);
		return {
			name: readText(answer, entry.name, `${where}.name`),
			points: points.map((point: unknown, pointIndex) => {
				const at = `${where}.data[${pointIndex}]`;
				if (!isPlainObject(point)) throw answer.unexpected(`an object at "${at}"`);
				return {
					time: readFinoutDate(answer, point.time, `${at}.time`),
					cost: readAmount(answer, point.cost, `${at}.cost`),
				};
			}),
		};
	});
}

function toSeries(series: CostSeries[], context: IDataObject): IDataObject[] {
	return series.map((entry) => {
		const points = entry.points.map((point) => ({
			date: toIsoDate(point.time),
			timestamp: point.time,
			cost: point.cost,
		}));
		return {
			name: entry.name,
			totalCost: roundCost(points.reduce((sum, point) => sum + point.cost, 0)),
			days: points.length,
			points,
			...context,
		};
	});
}

function toPoints(series: CostSeries[], context: IDataObject): IDataObject[] {
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

function toSummary(series: CostSeries[], context: IDataObject): IDataObject {
	const times = series.flatMap((entry) => entry.points.map((point) => point.time));
	const days = new Set(times.map(toIsoDate));
	const groups = series.map((entry) => ({
		labels: { name: entry.name },
		amounts: { cost: entry.points.reduce((sum, point) => sum + point.cost, 0) },
	}));
	return {
		...context,
		start: times.length ? toIsoDate(Math.min(...times)) : null,
		end: times.length ? toIsoDate(Math.max(...times)) : null,
		days: days.size,
		...summarizeGroups(groups, ['cost']),
	};
}

function roundCost(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}
