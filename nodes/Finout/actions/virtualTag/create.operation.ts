import type { ApiVersion } from '../common/apiVersion';
import { apiVersionProperty, readApiVersion } from '../common/apiVersion';
import { readRequiredString } from '../common/fields';
import { defineOperation } from '../common/operation';
import { listVirtualTags, readPayload, saveVirtualTag } from './api';
import type { VersionOptions } from './fields';
import {
	DEFAULT_VALUE_DESCRIPTION,
	readDefaultValue,
	readRules,
	readVersionOptions,
	RULES_DESCRIPTION,
	RULES_PLACEHOLDER,
	versionOptionsProperty,
} from './fields';
import type { TagRule, TagTarget } from './rules';
import { simpleRuleProperties } from './simpleRule';

interface Input {
	apiVersion: ApiVersion;
	name: string;
	rules: TagRule[];
	defaultValue: TagTarget;
	version?: VersionOptions;
}

export const create = defineOperation<Input>({
	value: 'create',
	name: 'Create',
	action: 'Create a virtual tag',
	description: 'Create a virtual tag from rules that map costs to values',
	properties: [
		apiVersionProperty,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Environment',
			description: 'Name of the virtual tag, as shown in Finout',
		},
		{
			displayName: 'Definition Mode',
			name: 'definitionMode',
			type: 'options',
			options: [
				{
					name: 'Simple',
					value: 'simple',
					description:
						'One rule: costs matching one condition get one value; all others get the default value',
				},
				{
					name: 'JSON',
					value: 'json',
					description:
						'Any number of rules, AND/OR groups, timeframes and MegaBill-key values, as JSON',
				},
			],
			default: 'simple',
		},
		...simpleRuleProperties({ definitionMode: ['simple'] }),
		{
			displayName: 'Rules',
			name: 'rules',
			type: 'json',
			default: '',
			required: true,
			placeholder: RULES_PLACEHOLDER,
			displayOptions: { show: { definitionMode: ['json'] } },
			description: RULES_DESCRIPTION,
		},
		{
			displayName: 'Default Value',
			name: 'defaultValue',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. unallocated',
			description: DEFAULT_VALUE_DESCRIPTION,
		},
		versionOptionsProperty,
	],

	read(itemIndex) {
		const apiVersion = readApiVersion(this, itemIndex);
		const name = readRequiredString(this, itemIndex, 'name', 'Name');
		const mode = this.getNodeParameter('definitionMode', itemIndex, 'simple');
		return {
			apiVersion,
			name,
			rules: readRules(this, itemIndex, apiVersion, mode === 'json' ? 'json' : 'simple'),
			defaultValue: readDefaultValue(
				this,
				itemIndex,
				this.getNodeParameter('defaultValue', itemIndex, ''),
			),
			version: readVersionOptions(this, itemIndex, apiVersion),
		};
	},

	reconcile(input, { retry }) {
		return {
			kind: 'create',
			family: 'virtual tags',
			name: input.name,
			sent: { name: input.name, rules: input.rules, defaultValue: input.defaultValue },
			list: async () => await listVirtualTags(this, input.apiVersion, { retry }),
			output: (found) => [found],
		};
	},

	async run(input, { itemIndex, retry }) {
		const tag = { name: input.name, rules: input.rules, defaultValue: input.defaultValue };
		const answer = await saveVirtualTag(this, input, tag, input.version, { itemIndex, retry });
		// The new tag's ID is what the next node needs; an answer without it is not Finout's.
		return [readPayload(answer, input.apiVersion, 'id')];
	},
});
