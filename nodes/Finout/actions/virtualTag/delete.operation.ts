import { finoutRequestWithStatus } from '../../transport/request';
import { readAcknowledgement } from '../../transport/responses';
import { apiVersionProperty } from '../common/apiVersion';
import { defineOperation } from '../common/operation';
import type { PickedVirtualTag } from './fields';
import { readPickedVirtualTag, virtualTagLocator } from './fields';

export const deleteOperation = defineOperation<PickedVirtualTag>({
	value: 'delete',
	name: 'Delete',
	action: 'Delete a virtual tag',
	description: 'Delete a virtual tag and its version history',
	properties: [
		apiVersionProperty,
		{
			...virtualTagLocator,
			description:
				'The virtual tag to delete, with its whole version history. This cannot be undone.',
		},
	],

	read(itemIndex) {
		return readPickedVirtualTag(this, itemIndex);
	},

	reconcile(input, { itemIndex, retry }) {
		return {
			kind: 'delete',
			stillExists: async () => {
				const answer = await finoutRequestWithStatus(
					this,
					input.apiVersion === 'v1' ? 'getVirtualTagV1' : 'getVirtualTagV2',
					{ pathParams: { id: input.id }, itemIndex, retry, passStatuses: [404] },
				);
				return answer.status !== 404;
			},
			output: () => [{ id: input.id, deleted: true }],
		};
	},

	async run(input, { itemIndex, retry }) {
		const answer = await finoutRequestWithStatus(
			this,
			input.apiVersion === 'v1' ? 'deleteVirtualTagV1' : 'deleteVirtualTagV2',
			{ pathParams: { id: input.id }, itemIndex, retry },
		);
		readAcknowledgement(answer);
		return [{ id: input.id, deleted: true }];
	},
});
