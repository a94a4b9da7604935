import type { RetrySettings } from '../../transport/retry-policy';
import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { limitProperty, readLimit, returnAllProperty, simplifyProperty } from '../common/fields';
import { defineOperation } from '../common/operation';
import { readRetrySettings } from '../common/retryOptions';
import { listVirtualTags } from './api';
import { simplifyVirtualTag } from './simplify';

interface Input {
	apiVersion: ApiVersion;
	limit?: number;
	simplify: boolean;
	retry: Partial<RetrySettings>;
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
			retry: readRetrySettings(this, itemIndex),
		};
	},

	async run(input, itemIndex) {
		// Finout returns every tag in one answer (no paging), so the limit is applied here.
		const tags = await listVirtualTags(this, input.apiVersion, { itemIndex, retry: input.retry });
		const limited = input.limit === undefined ? tags : tags.slice(0, input.limit);
		return input.simplify ? limited.map(simplifyVirtualTag) : limited;
	},
});
