import { finoutRequestWithStatus } from '../../transport/request';
import { readLocator, readPathId } from '../common/fields';
import { defineOperation } from '../common/operation';
import { readPayload } from '../virtualTag/api';
import { virtualTagLocator } from '../virtualTag/fields';

interface Input {
	virtualTagId: string;
	versionId: string;
}

export const get = defineOperation<Input>({
	value: 'get',
	name: 'Get',
	action: 'Get a virtual tag version',
	description: 'Get one saved version of a virtual tag with its rules and default value (V2)',
	properties: [
		virtualTagLocator,
		{
			displayName: 'Version ID',
			name: 'versionId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 3f1c2a4e-8d0b-4c5e-9a7f-1b2c3d4e5f60',
			description: 'ID of the version, as returned by Get Many',
		},
	],

	read(itemIndex) {
		return {
			virtualTagId: readLocator(this, itemIndex, 'virtualTagId', 'Virtual Tag'),
			versionId: readPathId(this, itemIndex, 'versionId', 'Version ID'),
		};
	},

	async run(input, { itemIndex, retry }) {
		const answer = await finoutRequestWithStatus(this, 'getVirtualTagVersion', {
			pathParams: { id: input.virtualTagId, versionId: input.versionId },
			itemIndex,
			retry,
		});
		return [{ ...readPayload(answer, 'v2', 'id'), virtualTagId: input.virtualTagId }];
	},
});
