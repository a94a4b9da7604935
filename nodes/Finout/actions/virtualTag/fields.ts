import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiVersion } from '../common/apiVersion';
import { readApiVersion } from '../common/apiVersion';
import { readJsonParameter } from '../common/json';
import { locatorProperty, readLocator } from '../common/fields';
import type { TagRule, TagTarget } from './rules';
import { checkShape, parseDefaultValue, validateRules } from './rules';
import { readSimpleRule } from './simpleRule';

/** The virtual tag picker shared by the Virtual Tag, Version and Metadata resources. */
export const virtualTagLocator: INodeProperties = locatorProperty({
	displayName: 'Virtual Tag',
	name: 'virtualTagId',
	searchListMethod: 'searchVirtualTags',
	placeholder: 'e.g. f84c9ab0-dab2-4cf1-b7aa-f4a767d9724b',
});

/** The picked virtual tag and the API generation to reach it through. */
export interface PickedVirtualTag {
	apiVersion: ApiVersion;
	id: string;
}

export function readPickedVirtualTag(ctx: IExecuteFunctions, itemIndex: number): PickedVirtualTag {
	return {
		apiVersion: readApiVersion(ctx, itemIndex),
		id: readLocator(ctx, itemIndex, 'virtualTagId', 'Virtual Tag'),
	};
}

export const RULES_PLACEHOLDER =
	'e.g. [{"to": "production", "filters": {"costCenter": "AWS", "key": "aws_account_name", "type": "billing_dimension", "operator": "oneOf", "value": ["prod-core"]}}]';

export const RULES_DESCRIPTION =
	'Rules evaluated top to bottom; the first match gives the value. Each rule is {"to", "filters", "timeframe"}: "to" is a value or a MegaBill key {"key", "costCenter"}; "filters" is a condition {"costCenter", "key", "type" (V2), "operator", "value"} or an {"AND": [...]} / {"OR": [...]} group; optional "timeframe" is {"from", "to"} in Unix milliseconds.';

export const DEFAULT_VALUE_DESCRIPTION =
	'Value for costs that match no rule, e.g. unallocated. To take the value from a MegaBill key instead, enter the key as JSON, e.g. {"key": "team", "costCenter": "AWS"}.';

/** V2 saves create a version; these options say whether it goes live and how it is described. */
export const versionOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'versionOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { apiVersion: ['v2'] } },
	options: [
		{
			displayName: 'Change Description',
			name: 'changeDescription',
			type: 'string',
			default: '',
			placeholder: 'e.g. Add the staging account',
			description: "Readable note kept in the tag's version history",
		},
		{
			displayName: 'Set as Live',
			name: 'setAsLive',
			type: 'boolean',
			default: true,
			description:
				'Whether the new version goes live at once. When off, Finout stages the version and the live configuration stays as it was.',
		},
	],
};

export interface VersionOptions {
	setAsLive: boolean;
	changeDescription?: string;
}

export function readVersionOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): VersionOptions | undefined {
	if (apiVersion !== 'v2') return undefined;
	const options = ctx.getNodeParameter('versionOptions', itemIndex, {}) as IDataObject;
	const changeDescription = String(options.changeDescription ?? '').trim();
	return {
		setAsLive: options.setAsLive !== false,
		changeDescription: changeDescription || undefined,
	};
}

/** Query and body parts that V2 adds to a create or update. */
export function applyVersionOptions(
	body: IDataObject,
	options: VersionOptions | undefined,
): IDataObject {
	if (!options) return {};
	if (options.changeDescription)
		body.versionMetadata = { changeDescription: options.changeDescription };
	return { setAsLive: options.setAsLive };
}

/** The rules as entered: one rule from the Simple fields, or any number as JSON. */
export function readRules(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
	mode: 'simple' | 'json',
): TagRule[] {
	return mode === 'json'
		? readRulesJson(ctx, itemIndex, apiVersion)
		: [readSimpleRule(ctx, itemIndex, apiVersion)];
}

function readRulesJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): TagRule[] {
	const raw = readJsonParameter(ctx, itemIndex, 'rules', 'Rules');
	if (raw === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Rules is empty (item ${itemIndex})`, {
			itemIndex,
			description: `Enter a JSON array of rules, ${RULES_PLACEHOLDER}`,
		});
	}
	const checked = checkShape(() => validateRules(raw, apiVersion));
	if ('error' in checked) {
		throw new NodeOperationError(ctx.getNode(), `${checked.error.message} (item ${itemIndex})`, {
			itemIndex,
			description: RULES_DESCRIPTION,
		});
	}
	return checked.value;
}

export function readDefaultValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
): TagTarget {
	const checked = checkShape(() => parseDefaultValue(raw, 'Default Value'));
	if ('error' in checked) {
		throw new NodeOperationError(ctx.getNode(), `${checked.error.message} (item ${itemIndex})`, {
			itemIndex,
			description: DEFAULT_VALUE_DESCRIPTION,
		});
	}
	return checked.value;
}
