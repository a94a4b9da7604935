import type { IDataObject } from 'n8n-workflow';

import type { RetrySettings } from '../../transport/retry-policy';
import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { limitProperty, readLimit, readRequiredString, returnAllProperty } from '../common/fields';
import { defineOperation, showFor } from '../common/operation';
import { readRetrySettings } from '../common/retryOptions';
import { fetchKeyValues } from './keys';

interface Input {
	apiVersion: ApiVersion;
	costCenter: string;
	key: string;
	type?: string;
	limit?: number;
	retry: Partial<RetrySettings>;
}

export const getValues = defineOperation<Input>({
	properties: showFor('queryLanguage', ['getValues'], [
		apiVersionProperty,
		{
			displayName: 'Cost Center Name or ID',
			name: 'costCenter',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCostCenters', loadOptionsDependsOn: ['apiVersion'] },
			default: '',
			required: true,
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Key Name or ID',
			name: 'key',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getKeys', loadOptionsDependsOn: ['costCenter', 'apiVersion'] },
			default: '',
			required: true,
			description:
				'The MegaBill key whose values to list. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Key Type',
			name: 'keyType',
			type: 'string',
			default: '',
			placeholder: 'e.g. billing_dimension',
			displayOptions: { show: { apiVersion: ['v2'] } },
			description:
				'Needed only when the key supports several types (see the types returned by Get Keys): tag, billing_dimension, resource, virtual_tag, …',
		},
		returnAllProperty,
		limitProperty,
	]),

	read(itemIndex) {
		const apiVersion = readApiVersion(this, itemIndex);
		const type =
			apiVersion === 'v2' ? String(this.getNodeParameter('keyType', itemIndex, '') ?? '').trim() : '';
		return {
			apiVersion,
			costCenter: readRequiredString(this, itemIndex, 'costCenter', 'Cost Center'),
			key: readRequiredString(this, itemIndex, 'key', 'Key'),
			type: type || undefined,
			limit: readLimit(this, itemIndex),
			retry: readRetrySettings(this, itemIndex),
		};
	},

	async run(input, itemIndex) {
		const values = await fetchKeyValues(
			this,
			input.apiVersion,
			{ costCenter: input.costCenter, key: input.key, type: input.type },
			{ itemIndex, retry: input.retry },
		);
		const limited = input.limit === undefined ? values : values.slice(0, input.limit);
		return limited.map(
			(value): IDataObject => ({
				value: value as IDataObject[string],
				costCenter: input.costCenter,
				key: input.key,
				...(input.type ? { type: input.type } : {}),
			}),
		);
	},
});
