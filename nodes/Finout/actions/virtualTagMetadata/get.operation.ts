import { apiVersionProperty } from '../common/apiVersion';
import { defineOperation } from '../common/operation';
import type { PickedVirtualTag } from '../virtualTag/fields';
import { readPickedVirtualTag, virtualTagLocator } from '../virtualTag/fields';
import { getMetadata } from './api';
import { toItems } from './metadataShape';

export const get = defineOperation<PickedVirtualTag>({
	value: 'get',
	name: 'Get',
	action: 'Get virtual tag metadata',
	description:
		'Get the custom fields, user groups and endpoints of each value of a virtual tag: one item per value (none if the tag has no metadata)',
	properties: [apiVersionProperty, virtualTagLocator],

	read(itemIndex) {
		return readPickedVirtualTag(this, itemIndex);
	},

	async run(input, { itemIndex, retry }) {
		const metadata = await getMetadata(this, input.apiVersion, input.id, {
			itemIndex,
			retry,
		});
		return toItems(input.id, metadata);
	},
});
