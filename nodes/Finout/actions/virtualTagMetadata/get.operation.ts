import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { readLocator } from '../common/fields';
import { defineOperation } from '../common/operation';
import { virtualTagLocator } from '../virtualTag/fields';
import { getMetadata } from './api';
import { toItems } from './metadataShape';

interface Input {
	apiVersion: ApiVersion;
	id: string;
}

export const get = defineOperation<Input>({
	value: 'get',
	name: 'Get',
	action: 'Get virtual tag metadata',
	description:
		'Get the custom fields, user groups and endpoints of each value of a virtual tag: one item per value (none if the tag has no metadata)',
	properties: [apiVersionProperty, virtualTagLocator],

	read(itemIndex) {
		return {
			apiVersion: readApiVersion(this, itemIndex),
			id: readLocator(this, itemIndex, 'virtualTagId', 'Virtual Tag'),
		};
	},

	async run(input, { itemIndex, retry }) {
		const metadata = await getMetadata(this, input.apiVersion, input.id, {
			itemIndex,
			retry,
		});
		return toItems(input.id, metadata);
	},
});
