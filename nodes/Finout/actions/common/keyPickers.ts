import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { KEY_TYPE_OPTIONS } from '../costAndUsage/constants';
import { refuseEmptyPick } from './fields';
import type { FieldContext } from './parameters';
import { parametersOf } from './parameters';

/** Key Type value meaning "the type Finout lists for the chosen key", looked up when the query runs. */
export const FROM_KEY = 'fromKey';

export const KEY_TYPE_WITH_FROM_KEY: INodePropertyOptions[] = [
	{
		name: 'From the Key',
		value: FROM_KEY,
		description: 'The type Finout lists for the chosen key',
	},
	...KEY_TYPE_OPTIONS,
];

/** "Billing Dimension" for billing_dimension, everywhere a type is shown. */
export function keyTypeLabel(type: string): string {
	return String(KEY_TYPE_OPTIONS.find((option) => option.value === type)?.name ?? type);
}

/**
 * Cost center and key are searchable "From List" locators: n8n loads them when the list opens,
 * after the credential is attached, where a plain dropdown loads too early in a new workflow.
 */
export function costCenterLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return searchableLocator(
		{
			displayName: 'Cost Center',
			name: 'costCenter',
			description: 'Cost center of the key, e.g. AWS, GCP, Kubernetes, Global or Virtual Tags',
		},
		'searchCostCenters',
		{ displayName: 'By Name', placeholder: 'e.g. AWS' },
		overrides,
	);
}

export function keyLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return searchableLocator(
		{
			displayName: 'Key',
			name: 'key',
			description: 'A MegaBill key, e.g. service or region; for a virtual tag, its ID',
		},
		'searchKeys',
		{ displayName: 'By ID', placeholder: 'e.g. service' },
		overrides,
	);
}

function searchableLocator(
	field: { displayName: string; name: string; description: string },
	searchListMethod: string,
	typed: { displayName: string; placeholder: string },
	overrides: Partial<INodeProperties>,
): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: typed.displayName,
				name: 'id',
				type: 'string',
				placeholder: typed.placeholder,
			},
		],
		...overrides,
	};
}

/**
 * The text of a cost center or key: a locator's value, or the plain text that workflows saved
 * before the locators hold.
 */
export function locatorText(raw: unknown): string {
	const value =
		typeof raw === 'object' && raw !== null && 'value' in raw
			? (raw as { value: unknown }).value
			: raw;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

/** A picked cost center or key (a locator, or plain text in older workflows); empty is refused. */
export function readPickedText(
	ctx: FieldContext,
	itemIndex: number | undefined,
	name: string,
	label: string,
): string {
	const parameters = parametersOf(ctx, itemIndex);
	return refuseEmptyPick(parameters, locatorText(parameters.get(name, '')), label, 'it');
}
