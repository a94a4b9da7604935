import type { IDataObject } from 'n8n-workflow';

import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import {
	applyLimit,
	limitProperty,
	narrowListCollection,
	readLimit,
	returnAllProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { fetchKeys } from './api';

interface Input {
	apiVersion: ApiVersion;
	costCenter: string;
	search: string;
	limit?: number;
}

export const getKeys = defineOperation<Input>({
	value: 'getKeys',
	name: 'Get Keys',
	action: 'Get query language keys',
	description:
		'List the MegaBill keys (cost center, key, display name, types) used in filters and group-bys',
	properties: [
		apiVersionProperty,
		returnAllProperty,
		limitProperty,
		narrowListCollection([
			{
				displayName: 'Cost Center',
				name: 'costCenter',
				type: 'string',
				default: '',
				placeholder: 'e.g. AWS',
				description:
					'Only keys of this cost center (exact name, e.g. AWS, GCP, Kubernetes, Global)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. region',
				description: 'Only keys whose key or display name contains this text (case-insensitive)',
			},
		]),
	],

	read(itemIndex) {
		const narrowing = this.getNodeParameter('filters', itemIndex, {}) as {
			costCenter?: string;
			search?: string;
		};
		return {
			apiVersion: readApiVersion(this, itemIndex),
			costCenter: String(narrowing.costCenter ?? '').trim(),
			search: String(narrowing.search ?? '')
				.trim()
				.toLowerCase(),
			limit: readLimit(this, itemIndex),
		};
	},

	async run(input, { itemIndex, retry }) {
		const keys = await fetchKeys(this, input.apiVersion, { itemIndex, retry });
		const matching = keys.filter(
			(key) =>
				(!input.costCenter || key.costCenter === input.costCenter) &&
				(!input.search ||
					key.key.toLowerCase().includes(input.search) ||
					(key.displayName ?? '').toLowerCase().includes(input.search)),
		);
		const limited = applyLimit(matching, input.limit);
		return limited.map((key) => ({ ...key }) as IDataObject);
	},
});
