import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { FieldContext } from './parameters';
import { parametersOf } from './parameters';

/**
 * Finout's cost types (AWS terminology, used for every provider), with Finout's names. The list
 * is the union of Finout's docs and its own MCP server's cost types; an account without one
 * (e.g. FairShare) gets Finout's own error, which names the type.
 */
export const COST_TYPE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Amortized Cost',
		value: 'amortizedCost',
		description:
			'Upfront commitment fees (reservations, savings plans) spread over the days they cover',
	},
	{
		name: 'Blended Cost',
		value: 'blendedCost',
		description: 'Usage priced at the average rate across an AWS organization',
	},
	{
		name: 'FairShare Cost',
		value: 'fairShareCost',
		description:
			"Finout's cost with commitment savings shared fairly among the resources that used them",
	},
	{
		name: 'List Cost',
		value: 'listCost',
		description: 'Public on-demand price, before any discount',
	},
	{
		name: 'Net Amortized Cost',
		value: 'netAmortizedCost',
		description: "Amortized cost after discounts and credits (Finout's default)",
	},
	{
		name: 'Net FairShare Cost',
		value: 'netFairShareCost',
		description: 'FairShare cost after discounts and credits',
	},
	{
		name: 'Net Unblended Cost',
		value: 'netUnblendedCost',
		description: 'Unblended cost after discounts and credits',
	},
	{
		name: 'Unblended Cost',
		value: 'unblendedCost',
		description: 'Usage priced at the rate charged, on the day it is charged',
	},
];

/** The Cost Type field of a view query; empty means the account's default type. */
export function costTypeProperty(description: string): INodeProperties {
	return {
		displayName: 'Cost Type',
		name: 'costType',
		type: 'options',
		options: [{ name: 'Account Default', value: '' }, ...COST_TYPE_OPTIONS],
		default: '',
		description,
	};
}

/** The Cost Type field: empty (account default) or one of Finout's types. */
export function readCostType(ctx: FieldContext, itemIndex: number | undefined): string {
	const parameters = parametersOf(ctx, itemIndex);
	const costType = String(parameters.get('costType', '') ?? '');
	if (costType && !COST_TYPE_OPTIONS.some((option) => option.value === costType)) {
		throw parameters.fail(
			`Cost Type "${costType}" is not a Finout cost type`,
			`Use one of: ${COST_TYPE_OPTIONS.map((option) => option.value).join(', ')}.`,
		);
	}
	return costType;
}
