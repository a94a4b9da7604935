import type { IDataObject } from 'n8n-workflow';

import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { applyLimit, limitProperty, readLimit, returnAllProperty } from '../common/fields';
import { costCenterLocator, keyLocator, readPickedText } from '../common/keyPickers';
import { defineOperation } from '../common/operation';
import { KEY_TYPE_OPTIONS } from '../costAndUsage/constants';
import { fetchKeyValues } from './api';

interface Input {
	apiVersion: ApiVersion;
	costCenter: string;
	key: string;
	type?: string;
	limit?: number;
}

export const getValues = defineOperation<Input>({
	value: 'getValues',
	name: 'Get Values',
	action: 'Get query language values',
	description: 'List the values of one key, e.g. every AWS region',
	properties: [
		apiVersionProperty,
		costCenterLocator({ required: true }),
		keyLocator({ required: true, description: 'The MegaBill key whose values to list' }),
		{
			displayName: 'Key Type',
			name: 'keyType',
			type: 'options',
			options: [
				{ name: 'Any', value: '', description: 'Enough unless the key has several types' },
				...KEY_TYPE_OPTIONS,
			],
			default: '',
			displayOptions: { show: { apiVersion: ['v2'] } },
			description:
				'Needed only when the key supports several types (see the types in the key list)',
		},
		returnAllProperty,
		limitProperty,
	],

	read(itemIndex) {
		const apiVersion = readApiVersion(this, itemIndex);
		const type =
			apiVersion === 'v2'
				? String(this.getNodeParameter('keyType', itemIndex, '') ?? '').trim()
				: '';
		return {
			apiVersion,
			costCenter: readPickedText(this, itemIndex, 'costCenter', 'Cost Center'),
			key: readPickedText(this, itemIndex, 'key', 'Key'),
			type: type || undefined,
			limit: readLimit(this, itemIndex),
		};
	},

	async run(input, { itemIndex, retry }) {
		const values = await fetchKeyValues(
			this,
			input.apiVersion,
			{ costCenter: input.costCenter, key: input.key, type: input.type },
			{ itemIndex, retry },
		);
		const limited = applyLimit(values, input.limit);
		return limited.map((value): IDataObject => ({
			value: value as IDataObject[string],
			costCenter: input.costCenter,
			key: input.key,
			...(input.type ? { type: input.type } : {}),
		}));
	},
});
