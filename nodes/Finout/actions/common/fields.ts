import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pathIdProblem } from '../../transport/routes';
import type { FieldContext, NodeParameters } from './parameters';
import { parametersOf } from './parameters';

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * n8n's usual "Filters" collection of a Get Many: options that narrow the list Finout returns,
 * not a Finout filter object. Its parameter name `filters` stays: saved workflows store it.
 */
export function narrowListCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** n8n's usual "Options" collection: optional settings of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** `undefined` means "all". */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (readReturnAll(ctx, itemIndex)) return undefined;
	return readPositiveInteger(ctx, itemIndex, 'limit', 'Limit');
}

// An expression may give any value; "false" as text must not mean "everything".
function readReturnAll(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const parameters = parametersOf(ctx, itemIndex);
	const value = parameters.get('returnAll', false);
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw parameters.fail(
		'Return All must be true or false',
		`Got ${value === undefined ? 'nothing' : JSON.stringify(value)}.`,
	);
}

/** The first `limit` entries (readLimit), or all of them. */
export function applyLimit<T>(entries: T[], limit: number | undefined): T[] {
	return limit === undefined ? entries : entries.slice(0, limit);
}

function readPositiveInteger(
	ctx: FieldContext,
	itemIndex: number | undefined,
	name: string,
	label: string,
): number {
	const parameters = parametersOf(ctx, itemIndex);
	const value = Number(parameters.get(name, 50));
	if (!Number.isInteger(value) || value < 1) {
		throw parameters.fail(`${label} must be a whole number of 1 or more`);
	}
	return value;
}

/**
 * A number of at least `min`, whose field is `label`: a number, or a text holding one. Empty
 * text, null, a list, true/false or an object is no number (Number() would read most as 0); an
 * optional field whose empty value means "not set" passes it through `unlessEmpty` first.
 */
export function checkNumberAtLeast(
	ctx: FieldContext,
	itemIndex: number | undefined,
	value: unknown,
	label: string,
	min: number,
): number {
	const number = isNumberLike(value) ? Number(value) : Number.NaN;
	if (!Number.isFinite(number) || number < min) {
		const atLeast = min === -Infinity ? '' : ` of ${min} or more`;
		throw parametersOf(ctx, itemIndex).fail(
			`${label} must be a number${atLeast}`,
			`Got ${value === undefined ? 'nothing' : JSON.stringify(value)}.`,
		);
	}
	return number;
}

function isNumberLike(value: unknown): boolean {
	return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '');
}

/** An optional field left empty (unset, null or blank text) takes its default instead. */
export function unlessEmpty(value: unknown, fallback: number): unknown {
	const empty =
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
	return empty ? fallback : value;
}

/** Reads a resource locator's value, refusing an empty one with a message naming the field. */
export function readLocator(
	ctx: FieldContext,
	itemIndex: number | undefined,
	name: string,
	label: string,
): string {
	const parameters = parametersOf(ctx, itemIndex);
	const raw = parameters.get(name, '', { extractValue: true });
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	return refuseUnsafePathId(parameters, refuseEmptyPick(parameters, value, label, 'its ID'), label);
}

/** A picker left empty: "<Field> is empty", with how to fill it ("its ID", "it"). */
export function refuseEmptyPick(
	parameters: NodeParameters,
	value: string,
	label: string,
	typed: string,
): string {
	if (!value) {
		throw parameters.fail(
			`${label} is empty`,
			`Choose the ${label.toLowerCase()} from the list, or enter ${typed}.`,
		);
	}
	return value;
}

/** A required ID that goes into a request path (see readLocator for resource locators). */
export function readPathId(
	ctx: FieldContext,
	itemIndex: number | undefined,
	name: string,
	label: string,
): string {
	const value = readRequiredString(ctx, itemIndex, name, label);
	return refuseUnsafePathId(parametersOf(ctx, itemIndex), value, label);
}

function refuseUnsafePathId(parameters: NodeParameters, value: string, label: string): string {
	const problem = pathIdProblem(value);
	if (problem) {
		throw parameters.fail(
			`${label} ${problem}`,
			`"${value}" is not an ID Finout gives out. Choose the ${label.toLowerCase()} from the list, or enter its ID.`,
		);
	}
	return value;
}

export function readRequiredString(
	ctx: FieldContext,
	itemIndex: number | undefined,
	name: string,
	label: string,
): string {
	const parameters = parametersOf(ctx, itemIndex);
	const raw = parameters.get(name, '');
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw parameters.fail(`${label} must be text`);
	}
	const value = String(raw).trim();
	if (!value) throw parameters.fail(`${label} is empty`);
	return value;
}

export function locatorProperty(options: {
	displayName: string;
	name: string;
	searchListMethod: string;
	placeholder: string;
	description?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
			},
		],
	};
}
