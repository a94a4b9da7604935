import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiVersionProperty } from '../common/apiVersion';
import { defineOperation } from '../common/operation';
import { contains } from '../common/reconcile';
import { getVirtualTag, readPayload, saveVirtualTag } from './api';
import type { PickedVirtualTag, VersionOptions } from './fields';
import {
	DEFAULT_VALUE_DESCRIPTION,
	readDefaultValue,
	readPickedVirtualTag,
	readRules,
	readVersionOptions,
	RULES_DESCRIPTION,
	RULES_PLACEHOLDER,
	versionOptionsProperty,
	virtualTagLocator,
} from './fields';
import type { TagRule, TagTarget } from './rules';
import { simpleRuleProperties } from './simpleRule';

interface Input extends PickedVirtualTag {
	name?: string;
	rules?: TagRule[];
	defaultValue?: TagTarget;
	version?: VersionOptions;
}

export const update = defineOperation<Input>({
	value: 'update',
	name: 'Update',
	action: 'Update a virtual tag',
	description: 'Change the name, rules or default value of a virtual tag',
	properties: [
		apiVersionProperty,
		virtualTagLocator,
		{
			displayName: 'Rules',
			name: 'rulesUpdate',
			type: 'options',
			options: [
				{
					name: 'Keep Current Rules',
					value: 'keep',
					description: 'Change only the fields under Update Fields',
				},
				{
					name: 'Replace With One Rule',
					value: 'simple',
					description: 'Costs matching one condition get one value; the current rules are dropped',
				},
				{
					name: 'Replace With JSON',
					value: 'json',
					description: 'Replace all rules with the rules given as JSON',
				},
			],
			default: 'keep',
			description:
				'Finout replaces the whole tag on update, so the node reads the current tag first and keeps whatever you do not change',
		},
		...simpleRuleProperties({ rulesUpdate: ['simple'] }),
		{
			displayName: 'Rules (JSON)',
			name: 'rules',
			type: 'json',
			default: '',
			required: true,
			placeholder: RULES_PLACEHOLDER,
			displayOptions: { show: { rulesUpdate: ['json'] } },
			description: RULES_DESCRIPTION,
		},
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Default Value',
					name: 'defaultValue',
					type: 'string',
					default: '',
					placeholder: 'e.g. unallocated',
					description: DEFAULT_VALUE_DESCRIPTION,
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. Environment',
					description: 'New name of the virtual tag',
				},
			],
		},
		versionOptionsProperty,
	],

	read(itemIndex) {
		const { apiVersion, id } = readPickedVirtualTag(this, itemIndex);
		const mode = this.getNodeParameter('rulesUpdate', itemIndex, 'keep');
		const rules =
			mode === 'json' || mode === 'simple'
				? readRules(this, itemIndex, apiVersion, mode)
				: undefined;
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		let name: string | undefined;
		if (fields.name !== undefined) {
			name = String(fields.name).trim();
			if (!name) {
				throw new NodeOperationError(this.getNode(), `Name is empty (item ${itemIndex})`, {
					itemIndex,
					description:
						'Enter the new name, or remove Name from Update Fields to keep the current one.',
				});
			}
		}
		const defaultValue =
			fields.defaultValue !== undefined
				? readDefaultValue(this, itemIndex, fields.defaultValue)
				: undefined;
		const version = readVersionOptions(this, itemIndex, apiVersion);
		if (
			rules === undefined &&
			name === undefined &&
			defaultValue === undefined &&
			!version?.changeDescription
		) {
			throw new NodeOperationError(this.getNode(), `Nothing to update (item ${itemIndex})`, {
				itemIndex,
				description: 'Add a field under Update Fields, or choose new rules under Rules.',
			});
		}
		return {
			apiVersion,
			id,
			name,
			rules,
			defaultValue,
			version,
		};
	},

	readModifyWriteTarget: (input) => (keepsCurrentFields(input) ? input.id : undefined),

	reconcile(input, { itemIndex, retry }) {
		const changed: IDataObject = {
			name: input.name,
			rules: input.rules,
			defaultValue: input.defaultValue,
		};
		const nothingToCompare = Object.values(changed).every((value) => value === undefined);
		// A V2 save that is not set live leaves the tag as it reads, so a read cannot tell.
		if (nothingToCompare || input.version?.setAsLive === false) return undefined;
		return {
			kind: 'update',
			read: async () => await getVirtualTag(this, input.apiVersion, input.id, { itemIndex, retry }),
			landed: (found: IDataObject) => contains(found, changed, false),
			output: (found: IDataObject) => [{ ...found, id: input.id }],
		};
	},

	async run(input, { itemIndex, retry }) {
		const request = { itemIndex, retry };
		// PUT replaces the whole tag: whatever the user did not set comes from the current tag.
		// The read may be retried; the write after it is never resent after a 5xx.
		const current = keepsCurrentFields(input)
			? await getVirtualTag(this, input.apiVersion, input.id, request)
			: {};
		const body: IDataObject = {
			name: input.name ?? current.name,
			rules: input.rules ?? current.rules,
		};
		const defaultValue = input.defaultValue ?? current.defaultValue;
		if (defaultValue !== undefined && defaultValue !== null) body.defaultValue = defaultValue;
		if (typeof body.name !== 'string' || !Array.isArray(body.rules)) {
			throw new NodeOperationError(
				this.getNode(),
				`Could not read the current name and rules of virtual tag ${input.id} (item ${itemIndex})`,
				{
					itemIndex,
					description:
						'Finout answered without them. Set Name and the rules explicitly to update this tag.',
				},
			);
		}
		const answer = await saveVirtualTag(this, input, body, input.version, request);
		// V1 answers {name, rules, defaultValue} without the id, so the name is what is checked.
		return [{ id: input.id, ...readPayload(answer, input.apiVersion, 'name') }];
	},
});

function keepsCurrentFields(input: Input): boolean {
	return input.name === undefined || input.rules === undefined || input.defaultValue === undefined;
}
