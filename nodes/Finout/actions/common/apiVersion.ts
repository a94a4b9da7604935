import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export type ApiVersion = 'v1' | 'v2';

/**
 * Where Finout has both generations (query language, virtual tags, metadata), V2 is the default,
 * as Finout recommends; V1 stays reachable so every public endpoint can be called.
 */
export const apiVersionProperty: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	options: [
		{ name: 'V2 (Recommended)', value: 'v2' },
		{ name: 'V1', value: 'v1' },
	],
	default: 'v2',
	description:
		'Finout API generation to call. V2 is recommended by Finout; V1 is kept for older setups.',
};

export function readApiVersion(ctx: IExecuteFunctions, itemIndex: number): ApiVersion {
	return ctx.getNodeParameter('apiVersion', itemIndex, 'v2') === 'v1' ? 'v1' : 'v2';
}
