import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { keyTypeLabel, locatorText } from '../../actions/common/keyPickers';
import { fetchKeys } from '../../actions/queryLanguage/api';
import { matchesSearch } from './matchesSearch';

function apiVersionOf(ctx: ILoadOptionsFunctions): 'v1' | 'v2' {
	return ctx.getCurrentNodeParameter('apiVersion') === 'v1' ? 'v1' : 'v2';
}

/** The cost center next to the key being picked: in the same row, or the node's own field. */
function chosenCostCenter(ctx: ILoadOptionsFunctions): string {
	for (const path of ['&costCenter', 'costCenter', 'dimensionCostCenter']) {
		const text = locatorText(ctx.getCurrentNodeParameter(path));
		if (text) return text;
	}
	return '';
}

export async function searchCostCenters(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const keys = await fetchKeys(this, apiVersionOf(this));
	const results = [...new Set(keys.map((key) => key.costCenter))]
		.filter((costCenter) => matchesSearch(costCenter, search))
		.sort((a, b) => a.localeCompare(b))
		.map((costCenter) => ({ name: costCenter, value: costCenter }));
	return { results };
}

export async function searchKeys(
	this: ILoadOptionsFunctions,
	search?: string,
): Promise<INodeListSearchResult> {
	const costCenter = chosenCostCenter(this);
	const keys = await fetchKeys(this, apiVersionOf(this));
	const results = keys
		.filter((key) => !costCenter || key.costCenter === costCenter)
		.map((key) => {
			const label =
				key.displayName && key.displayName !== key.key
					? `${key.displayName} (${key.key})`
					: key.key;
			const types = key.types?.length ? ` · ${key.types.map(keyTypeLabel).join(', ')}` : '';
			return { name: `${label}${types}`, value: key.key };
		})
		.filter((entry) => matchesSearch(entry.name, search))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
