import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchKeys } from '../../actions/queryLanguage/api';

function apiVersionOf(ctx: ILoadOptionsFunctions): 'v1' | 'v2' {
	return ctx.getCurrentNodeParameter('apiVersion') === 'v1' ? 'v1' : 'v2';
}

export async function getCostCenters(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const keys = await fetchKeys(this, apiVersionOf(this));
	return [...new Set(keys.map((key) => key.costCenter))]
		.sort((a, b) => a.localeCompare(b))
		.map((costCenter) => ({ name: costCenter, value: costCenter }));
}

export async function getKeys(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// A top-level field, or a sibling in the same fixedCollection row (n8n's "&name" lookup).
	const costCenter = (this.getCurrentNodeParameter('costCenter') ??
		this.getCurrentNodeParameter('&costCenter')) as string | undefined;
	const keys = await fetchKeys(this, apiVersionOf(this));
	return keys
		.filter((key) => !costCenter || key.costCenter === costCenter)
		.sort((a, b) => (a.displayName || a.key).localeCompare(b.displayName || b.key))
		.map((key) => ({
			name:
				key.displayName && key.displayName !== key.key
					? `${key.displayName} (${key.key})`
					: key.key,
			value: key.key,
			description: key.types?.length ? `Types: ${key.types.join(', ')}` : key.costCenter,
		}));
}
