/**
 * Filter objects (§3.8 V1, §4.3 V2): a leaf condition `{costCenter, key, operator, value}`
 * (V2 adds a required `type`), or a group `{AND: [...]}` / `{OR: [...]}` nested to any depth.
 *
 * Validation throws a 400 whose message names the exact bad part (e.g.
 * `rules[0].filters.AND[1].operator`), because that is what a node developer needs to see.
 */
import { badRequest, isNonEmptyString, isPlainObject } from './errors';
import { KEY_TYPES } from './seed';

/** V1: union of every operator seen in V1 docs/examples (§3.8 and §9.13: the set is undocumented). */
export const V1_OPERATORS: readonly string[] = [
	'oneOf', 'notOneOf', 'is', 'notIs', 'contains', 'notContains', 'exists', 'notExists', 'equals', 'equal', 'greaterThan',
];
/** V2: the documented list plus the [GF] completion (§4.3). */
export const V2_OPERATORS: readonly string[] = ['oneOf', 'notOneOf', 'is', 'notIs', 'contains', 'notContains', 'exists', 'notExists'];
const NO_VALUE_OPERATORS = new Set(['exists', 'notExists']);

export interface FilterLeaf {
	costCenter: string;
	key: string;
	type?: string;
	operator: string;
	value?: unknown;
}

export type FilterGen = 'v1' | 'v2';

/** Validate a filter tree; returns its leaves (callers enforce leaf limits). */
export function validateFilter(node: unknown, gen: FilterGen, path: string): FilterLeaf[] {
	const leaves: FilterLeaf[] = [];
	walk(node, gen, path, leaves);
	return leaves;
}

function walk(node: unknown, gen: FilterGen, path: string, leaves: FilterLeaf[]): void {
	if (!isPlainObject(node)) {
		throw badRequest(`${path} must be an object: a condition {costCenter, key, operator, value} or a group {AND: [...]} / {OR: [...]}`);
	}
	const groupKeys = ['AND', 'OR'].filter((k) => k in node);
	if (groupKeys.length > 0) {
		if (groupKeys.length > 1 || Object.keys(node).length > 1) {
			throw badRequest(`${path} must hold exactly one of AND or OR and nothing else (got keys: ${Object.keys(node).join(', ')})`);
		}
		const op = groupKeys[0];
		const children = node[op];
		if (!Array.isArray(children)) throw badRequest(`${path}.${op} must be an array of filter objects`);
		children.forEach((child, i) => walk(child, gen, `${path}.${op}[${i}]`, leaves));
		return;
	}
	leaves.push(validateLeaf(node, gen, path));
}

function validateLeaf(node: Record<string, unknown>, gen: FilterGen, path: string): FilterLeaf {
	if (!isNonEmptyString(node.costCenter)) throw badRequest(`${path}.costCenter is required (a non-empty string such as "AWS")`);
	if (!isNonEmptyString(node.key)) throw badRequest(`${path}.key is required (a key id from the query-language keys API)`);
	if (gen === 'v2') {
		if (!isNonEmptyString(node.type)) {
			throw badRequest(`${path}.type is required in V2 filters (one of: ${KEY_TYPES.join(', ')})`);
		}
		if (!KEY_TYPES.includes(node.type)) throw badRequest(`${path}.type must be one of: ${KEY_TYPES.join(', ')} (got "${node.type}")`);
	}
	const operators = gen === 'v1' ? V1_OPERATORS : V2_OPERATORS;
	if (typeof node.operator !== 'string' || !operators.includes(node.operator)) {
		throw badRequest(`${path}.operator must be one of: ${operators.join(', ')} (got ${JSON.stringify(node.operator)})`);
	}
	if (node.displayName !== undefined && typeof node.displayName !== 'string') {
		throw badRequest(`${path}.displayName must be a string when present`);
	}
	if (!NO_VALUE_OPERATORS.has(node.operator)) {
		const v = node.value;
		if (v === undefined || v === null) throw badRequest(`${path}.value is required for operator "${node.operator}"`);
		const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
		if (Array.isArray(v)) {
			if (v.length === 0) throw badRequest(`${path}.value must not be an empty array`);
			const bad = v.findIndex((x) => !scalar(x));
			if (bad >= 0) throw badRequest(`${path}.value[${bad}] must be a string or number`);
		} else if (!scalar(v)) {
			throw badRequest(`${path}.value must be a string, number or array of them`);
		}
	}
	return {
		costCenter: node.costCenter,
		key: node.key,
		type: typeof node.type === 'string' ? node.type : undefined,
		operator: node.operator,
		value: node.value,
	};
}

/**
 * Leaves that every matching row must satisfy: the root leaf or leaves reached only
 * through AND groups. OR branches are ignored (the fake does not model disjunctions).
 */
export function andReachableLeaves(node: unknown): FilterLeaf[] {
	if (!isPlainObject(node)) return [];
	if (Array.isArray(node.AND)) return node.AND.flatMap((c) => andReachableLeaves(c));
	if ('OR' in node) return [];
	return typeof node.key === 'string' && typeof node.operator === 'string' ? [node as unknown as FilterLeaf] : [];
}

/** Apply one leaf to a list of values (used to narrow dimension values and to scale totals). */
export function applyLeaf(values: readonly string[], leaf: FilterLeaf): string[] {
	const wanted = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).map(String);
	switch (leaf.operator) {
		case 'oneOf': case 'is': case 'equals': case 'equal':
			return values.filter((v) => wanted.includes(v));
		case 'notOneOf': case 'notIs':
			return values.filter((v) => !wanted.includes(v));
		case 'contains':
			return values.filter((v) => wanted.some((w) => v.toLowerCase().includes(w.toLowerCase())));
		case 'notContains':
			return values.filter((v) => !wanted.some((w) => v.toLowerCase().includes(w.toLowerCase())));
		case 'notExists':
			return [];
		default: // exists, greaterThan: keep everything
			return [...values];
	}
}
