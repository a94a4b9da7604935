import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import {
	applyLimit,
	limitProperty,
	readLimit,
	returnAllProperty,
	simplifyProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { listVirtualTags } from './api';
import { simplifyVirtualTag } from './simplify';

interface Input {
	apiVersion: ApiVersion;
	limit?: number;
	simplify: boolean;
}

export const getAll = defineOperation<Input>({
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many virtual tags',
	description: 'List the virtual tags of the account',
	properties: [
		apiVersionProperty,
		returnAllProperty,
		limitProperty,
		{
			...simplifyProperty,
			description:
				'Whether to return only ID, name, default value, number of rules and last update instead of the full tag with its rules',
		},
	],

	read(itemIndex) {
		return {
			apiVersion: readApiVersion(this, itemIndex),
			limit: readLimit(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		};
	},

	async run(input, { itemIndex, retry }) {
		// Finout returns every tag in one answer (no paging), so the limit is applied here.
		const tags = await listVirtualTags(this, input.apiVersion, { itemIndex, retry });
		const limited = applyLimit(tags, input.limit);
		return input.simplify ? limited.map(simplifyVirtualTag) : limited;
	},
});
