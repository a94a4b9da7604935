import type { INodePropertyOptions } from 'n8n-workflow';

/** Finout's cost types (AWS terminology, used for every provider). */
export const COST_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Amortized', value: 'amortizedCost' },
	{ name: 'Blended', value: 'blendedCost' },
	{ name: 'Net Amortized', value: 'netAmortizedCost' },
	{ name: 'Net Unblended', value: 'netUnblendedCost' },
	{ name: 'Unblended', value: 'unblendedCost' },
];
