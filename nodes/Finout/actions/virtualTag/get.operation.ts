import { apiVersionProperty } from '../common/apiVersion';
import { defineOperation } from '../common/operation';
import { getVirtualTag } from './api';
import type { PickedVirtualTag } from './fields';
import { readPickedVirtualTag, virtualTagLocator } from './fields';

export const get = defineOperation<PickedVirtualTag>({
	value: 'get',
	name: 'Get',
	action: 'Get a virtual tag',
	description: 'Get a virtual tag with its rules and default value',
	properties: [apiVersionProperty, virtualTagLocator],

	read(itemIndex) {
		return readPickedVirtualTag(this, itemIndex);
	},

	async run(input, { itemIndex, retry }) {
		return [await getVirtualTag(this, input.apiVersion, input.id, { itemIndex, retry })];
	},
});
