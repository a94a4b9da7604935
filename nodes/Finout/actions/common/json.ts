import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FilterRules } from './filters';
import { FilterShapeError, validateFilter } from './filters';

/**
 * Reads a JSON parameter. n8n hands over either the parsed value (from an expression) or the
 * text typed in the editor; both are accepted. Empty means `undefined`.
 */
export function readJsonParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	fallback: unknown = '',
): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof raw !== 'string') return raw ?? undefined;
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON (item ${itemIndex})`, {
			itemIndex,
			description: (error as Error).message,
		});
	}
}

/** Reads and validates an optional Finout filter object. */
export function readFilterParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	rules: FilterRules,
): Record<string, unknown> | undefined {
	const filter = readJsonParameter(ctx, itemIndex, name, label);
	if (
		filter === undefined ||
		(typeof filter === 'object' && filter !== null && Object.keys(filter).length === 0)
	) {
		return undefined;
	}
	try {
		validateFilter(filter, rules);
	} catch (error) {
		const problem = error instanceof FilterShapeError ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `${label}: ${problem} (item ${itemIndex})`, {
			itemIndex,
			// The example has every field the message can ask for.
			description: `A filter is a condition {"costCenter", "key", ${rules.requireType ? '"type", ' : ''}"operator", "value"} or a group {"AND": [...]} / {"OR": [...]}. Operators: oneOf and notOneOf take a list; exists and notExists take no value.`,
		});
	}
	return filter as Record<string, unknown>;
}
