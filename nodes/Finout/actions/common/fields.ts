import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pathIdProblem } from '../../transport/routes';

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

/** `undefined` means "all". */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return readPositiveInteger(ctx, itemIndex, 'limit', 'Limit');
}

export function readPositiveInteger(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): number {
	const value = Number(ctx.getNodeParameter(name, itemIndex, 50));
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a whole number of 1 or more (item ${itemIndex})`,
			{
				itemIndex,
			},
		);
	}
	return value;
}

/** Reads a resource locator's value, refusing an empty one with a message naming the field. */
export function readLocator(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty (item ${itemIndex})`, {
			itemIndex,
			description: `Choose the ${label.toLowerCase()} from the list, or enter its ID.`,
		});
	}
	return refuseUnsafePathId(ctx, itemIndex, value, label);
}

/** A required ID that goes into a request path (see readLocator for resource locators). */
export function readPathId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	return refuseUnsafePathId(ctx, itemIndex, readRequiredString(ctx, itemIndex, name, label), label);
}

function refuseUnsafePathId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: string,
	label: string,
): string {
	const problem = pathIdProblem(value);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${label} ${problem} (item ${itemIndex})`, {
			itemIndex,
			description: `"${value}" is not an ID Finout gives out. Choose the ${label.toLowerCase()} from the list, or enter its ID.`,
		});
	}
	return value;
}

export function readRequiredString(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(ctx.getNode(), `${label} must be text (item ${itemIndex})`, {
			itemIndex,
		});
	}
	const value = String(raw).trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty (item ${itemIndex})`, {
			itemIndex,
		});
	}
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
