import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isPlainObject } from '../../transport/responses';

/**
 * A value typed into an options field is always one of its options, but an expression (often
 * written by an AI agent) can produce anything, and the operations trust these values
 * (e.g. an unknown Date Range preset used to crash reading `startMs` of undefined). Every static
 * option list of the operation is checked here, once, before anything is sent. Lists loaded from
 * Finout (loadOptionsMethod) are left to Finout: they change with the account.
 */
export function checkAllowedOptions(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	itemIndex: number,
): void {
	for (const property of properties) {
		if (!CHECKED_TYPES.has(property.type) || !isVisible(ctx, property, itemIndex)) continue;
		const value = ctx.getNodeParameter(property.name, itemIndex, property.default) as unknown;
		checkValue(ctx, property, value, property.displayName, itemIndex);
	}
}

const CHECKED_TYPES = new Set<INodeProperties['type']>([
	'options',
	'multiOptions',
	'collection',
	'fixedCollection',
]);

function checkValue(
	ctx: IExecuteFunctions,
	property: INodeProperties,
	value: unknown,
	label: string,
	itemIndex: number,
): void {
	if (value === undefined || value === null) return;
	switch (property.type) {
		case 'options':
		case 'multiOptions': {
			const allowed = staticOptions(property);
			if (!allowed) return;
			const values = property.type === 'multiOptions' && Array.isArray(value) ? value : [value];
			for (const single of values) {
				if (!isAllowed(single, allowed, property.default)) {
					throw notAllowed(ctx, label, single, allowed, itemIndex);
				}
			}
			return;
		}
		case 'collection':
			if (isPlainObject(value))
				checkFields(ctx, property.options as INodeProperties[], value, label, itemIndex);
			return;
		case 'fixedCollection':
			if (!isPlainObject(value)) return;
			for (const group of (property.options ?? []) as INodePropertyCollection[]) {
				const entries = value[group.name];
				for (const entry of Array.isArray(entries) ? entries : [entries]) {
					if (isPlainObject(entry)) {
						checkFields(ctx, group.values, entry, `${label} → ${group.displayName}`, itemIndex);
					}
				}
			}
			return;
		default:
	}
}

function checkFields(
	ctx: IExecuteFunctions,
	fields: readonly INodeProperties[] | undefined,
	value: IDataObject,
	parentLabel: string,
	itemIndex: number,
): void {
	for (const field of fields ?? []) {
		if (field.name in value) {
			checkValue(ctx, field, value[field.name], `${parentLabel} → ${field.displayName}`, itemIndex);
		}
	}
}

function staticOptions(property: INodeProperties): INodePropertyOptions[] | undefined {
	if (property.typeOptions?.loadOptionsMethod || property.typeOptions?.loadOptions)
		return undefined;
	const options = (property.options ?? []) as INodePropertyOptions[];
	return options.length > 0 && options.every((option) => 'value' in option) ? options : undefined;
}

function isAllowed(
	value: unknown,
	allowed: INodePropertyOptions[],
	defaultValue: NodeParameterValueType,
): boolean {
	// A field left at its default is fine even when the default is not a listed option (e.g. '').
	if (value === defaultValue) return true;
	return allowed.some((option) => option.value === value || String(option.value) === String(value));
}

function notAllowed(
	ctx: IExecuteFunctions,
	label: string,
	value: unknown,
	allowed: INodePropertyOptions[],
	itemIndex: number,
): NodeOperationError {
	const shown = typeof value === 'string' ? value : JSON.stringify(value);
	const values = allowed.map((option) => String(option.value)).join(', ');
	return new NodeOperationError(
		ctx.getNode(),
		`${label} "${shown}" is not one of the allowed values (item ${itemIndex})`,
		{
			itemIndex,
			description: `Allowed values: ${values}. If the value comes from an expression, make it produce one of these.`,
		},
	);
}

/**
 * Top-level fields only count when shown for this item. Conditions this reader does not
 * understand (ranges, versions) make it skip the field rather than refuse a valid one.
 */
function isVisible(ctx: IExecuteFunctions, property: INodeProperties, itemIndex: number): boolean {
	const { show, hide } = property.displayOptions ?? {};
	for (const [name, wanted] of Object.entries(show ?? {})) {
		const match = matches(ctx, name, wanted, itemIndex);
		if (match !== true) return false;
	}
	for (const [name, unwanted] of Object.entries(hide ?? {})) {
		const match = matches(ctx, name, unwanted, itemIndex);
		if (match !== false) return false;
	}
	return true;
}

function matches(
	ctx: IExecuteFunctions,
	name: string,
	listed: unknown,
	itemIndex: number,
): boolean | undefined {
	if (name.startsWith('@') || !Array.isArray(listed)) return undefined;
	if (!listed.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry)))
		return undefined;
	let value: unknown;
	try {
		value = ctx.getNodeParameter(name.replace(/^\//, ''), itemIndex, null);
	} catch {
		return undefined;
	}
	return listed.includes(value);
}
