import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { getVirtualTag } from './api';
import { virtualTagLocator } from './fields';

interface Input {
	apiVersion: ApiVersion;
	id: string;
}

export const get = defineOperation<Input>({
	value: 'get',
	name: 'Get',
	action: 'Get a virtual tag',
	description: 'Get a virtual tag with its rules and default value',
	properties: [apiVersionProperty, virtualTagLocator],

	read(itemIndex) {
		return {
			apiVersion: readApiVersion(this, itemIndex),
			id: readLocator(this, itemIndex, 'virtualTagId', 'Virtual Tag'),
		};
	},

	async run(input, { itemIndex, retry }) {
		return [await getVirtualTag(this, input.apiVersion, input.id, { itemIndex, retry })];
	},
});
