import type { INodeProperties } from 'n8n-workflow';

/** Keys that replace a saved view's own grouping; the description says where the field sits. */
export function groupByProperty(description: string): INodeProperties {
	return {
		displayName: 'Group By',
		name: 'groupBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. service',
		description,
	};
}

/** "service, region" → ["service", "region"]; empty keeps the view's grouping. */
export function splitGroupBy(text: unknown): string[] {
	return String(text ?? '')
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
}
