import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties, resourceProperty } from './actions/resources';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';

export class Finout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Finout',
		name: 'finout',
		icon: { light: 'file:../../icons/finout.svg', dark: 'file:../../icons/finout.dark.svg' },
		group: ['transform'],
		// 1.1: filters start in the condition builder (version 1 nodes keep JSON as their default).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: canvasSubtitle(),
		description:
			'Query cloud costs (AWS, Azure, GCP, Kubernetes) by any dimension, manage virtual tags and read CostGuard savings in Finout',
		defaults: { name: 'Finout' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'finoutApi', required: true }],
		properties: nodeProperties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

/** "Query: Cost and Usage": the display names of the operation and resource, as n8n's own nodes show. */
function canvasSubtitle(): string {
	const labels: Record<string, string> = {};
	for (const resource of resourceProperty.options as INodePropertyOptions[]) {
		const operations = nodeProperties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.resource?.includes(resource.value),
		);
		for (const operation of (operations?.options ?? []) as INodePropertyOptions[]) {
			labels[`${resource.value}:${operation.value}`] = `${operation.name}: ${resource.name}`;
		}
	}
	return `={{ ${JSON.stringify(labels)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
