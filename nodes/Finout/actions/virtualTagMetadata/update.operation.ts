import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { finoutRequestWithStatus } from '../../transport/request';
import { apiVersionProperty } from '../common/apiVersion';
import { readJsonParameter } from '../common/json';
import { defineOperation } from '../common/operation';
import { contains } from '../common/reconcile';
import { checkShape } from '../virtualTag/rules';
import type { PickedVirtualTag } from '../virtualTag/fields';
import { readPickedVirtualTag, virtualTagLocator } from '../virtualTag/fields';
import { getMetadata, readMetadata } from './api';
import type { TagMetadata } from './metadataShape';
import {
	METADATA_PLACEHOLDER,
	mergeValueMetadata,
	toItems,
	validateMetadata,
} from './metadataShape';

type Mode = 'merge' | 'replace';

interface Input extends PickedVirtualTag {
	mode: Mode;
	metadata: TagMetadata;
}

const METADATA_DESCRIPTION =
	'Metadata per tag value: {"<value>": {"customMetadata": {key/value pairs}, "groups": [user group IDs], "endpoints": [notification endpoint IDs]}}. Value names must not contain dots. Finout currently uses value metadata in Financial Plans.';

export const update = defineOperation<Input>({
	value: 'update',
	name: 'Update',
	action: 'Update virtual tag metadata',
	description:
		'Set custom fields, user groups and endpoints for values of a virtual tag: one item per value sent',
	properties: [
		apiVersionProperty,
		virtualTagLocator,
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Merge',
					value: 'merge',
					description:
						"Add to each value's metadata: custom keys are merged, group and endpoint IDs are added. Other values keep their metadata. V1 can only overwrite, so the node reads the current metadata first and merges it in.",
				},
				{
					name: 'Replace',
					value: 'replace',
					description:
						"Replace the metadata of each value you send. V2 leaves other values alone; V1 overwrites the tag's whole metadata, so values you leave out lose theirs.",
				},
			],
			default: 'merge',
		},
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'json',
			default: '',
			required: true,
			placeholder: METADATA_PLACEHOLDER,
			description: METADATA_DESCRIPTION,
		},
	],

	read(itemIndex) {
		const { apiVersion, id } = readPickedVirtualTag(this, itemIndex);
		const raw = readJsonParameter(this, itemIndex, 'metadata', 'Metadata');
		const checked = checkShape(() => validateMetadata(raw ?? {}));
		if ('error' in checked) {
			throw new NodeOperationError(this.getNode(), `${checked.error.message} (item ${itemIndex})`, {
				itemIndex,
				description: METADATA_DESCRIPTION,
			});
		}
		const metadata = checked.value;
		return {
			apiVersion,
			id,
			mode: this.getNodeParameter('mode', itemIndex, 'merge') === 'replace' ? 'replace' : 'merge',
			metadata,
		};
	},

	// V1 merge reads the whole map and writes it back.
	readModifyWriteTarget: (input) =>
		input.apiVersion === 'v1' && input.mode === 'merge' ? input.id : undefined,

	reconcile(input, { itemIndex, retry }) {
		const values = Object.keys(input.metadata);
		// Merged values may hold more than was sent; replaced ones hold exactly what was sent.
		const shows = (found: TagMetadata, value: string) =>
			input.mode === 'merge'
				? contains(found[value], input.metadata[value], true)
				: contains(found[value], input.metadata[value], false) &&
					contains(input.metadata[value], found[value], false);
		return {
			kind: 'update',
			read: async () => await getMetadata(this, input.apiVersion, input.id, { itemIndex, retry }),
			landed: (found: TagMetadata) => values.every((value) => shows(found, value)),
			output: (found: TagMetadata) => toItems(input.id, found, values),
		};
	},

	async run(input, { itemIndex, retry }) {
		const request = { itemIndex, retry };
		const values = Object.keys(input.metadata);
		let body: IDataObject;
		if (input.apiVersion === 'v2') {
			// V2 merges or replaces per value; values not in the body are left alone.
			const merge = input.mode === 'merge';
			body = Object.fromEntries(
				values.map((value) => [value, { ...input.metadata[value], mergeValuesAndMetadata: merge }]),
			);
		} else if (input.mode === 'merge') {
			// V1 PUT overwrites everything: read, merge here, write the whole map back.
			const current = await getMetadata(this, 'v1', input.id, request);
			body = { ...current };
			for (const value of values)
				body[value] = mergeValueMetadata(current[value], input.metadata[value]);
		} else {
			body = { ...input.metadata };
		}
		const answer = await finoutRequestWithStatus(
			this,
			input.apiVersion === 'v1' ? 'updateVirtualTagMetadataV1' : 'updateVirtualTagMetadataV2',
			{ pathParams: { id: input.id }, body, ...request },
		);
		const saved = readMetadata(answer, input.apiVersion);
		// One item per value sent, as Finout saved it (or as sent, if Finout did not echo it).
		const result: TagMetadata = {};
		for (const value of values) {
			const entry = { ...((saved[value] ?? body[value]) as TagMetadata[string]) };
			delete entry.mergeValuesAndMetadata;
			result[value] = entry;
		}
		return toItems(input.id, result, values);
	},
});
