import type { IDataObject } from 'n8n-workflow';

/**
 * Finout's filter object (V1 and V2): a leaf `{costCenter, key, type?, operator, value?}` or a
 * group `{AND: [...]}` / `{OR: [...]}`, nested to any depth. Checked before sending so the user
 * learns which part is wrong ("filters.AND[1].operator") instead of getting a bare 400.
 */
export const FILTER_OPERATORS = [
	'oneOf',
	'notOneOf',
	'is',
	'notIs',
	'contains',
	'notContains',
	'exists',
	'notExists',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** V1 examples and field descriptions also use these spellings (docs §3.8). */
export const V1_FILTER_OPERATORS: readonly string[] = [...FILTER_OPERATORS, 'equals', 'equal', 'greaterThan'];

const VALUELESS: ReadonlySet<string> = new Set(['exists', 'notExists']);
const LIST_VALUED: ReadonlySet<string> = new Set(['oneOf', 'notOneOf']);

export interface FilterRules {
	/** V2 leaves need the key's `type` (from Query Language V2 keys). */
	requireType: boolean;
	maxLeaves?: number;
	/** Accepted operators; the V2 set unless given. */
	operators?: readonly string[];
}

export class FilterShapeError extends Error {
	constructor(
		readonly path: string,
		problem: string,
	) {
		super(`${path} ${problem}`);
	}
}

/** Throws FilterShapeError naming the first bad part; returns the number of leaf conditions. */
export function validateFilter(filter: unknown, rules: FilterRules, path = 'filters'): number {
	const leaves = visit(filter, rules, path);
	if (rules.maxLeaves !== undefined && leaves > rules.maxLeaves) {
		throw new FilterShapeError(path, `has ${leaves} conditions; Finout accepts at most ${rules.maxLeaves}`);
	}
	return leaves;
}

function visit(node: unknown, rules: FilterRules, path: string): number {
	if (!isPlainObject(node)) throw new FilterShapeError(path, 'must be an object');
	const groupKeys = ['AND', 'OR'].filter((key) => key in node);
	if (groupKeys.length > 1) throw new FilterShapeError(path, 'has both AND and OR; nest one inside the other');
	if (groupKeys.length === 1) {
		const key = groupKeys[0];
		const children = node[key];
		const extra = Object.keys(node).filter((name) => name !== key);
		if (extra.length > 0) {
			throw new FilterShapeError(path, `mixes ${key} with condition fields (${extra.join(', ')})`);
		}
		if (!Array.isArray(children)) throw new FilterShapeError(`${path}.${key}`, 'must be an array');
		return children.reduce<number>(
			(sum, child, index) => sum + visit(child, rules, `${path}.${key}[${index}]`),
			0,
		);
	}
	validateLeaf(node, rules, path);
	return 1;
}

function validateLeaf(leaf: IDataObject, rules: FilterRules, path: string): void {
	if (typeof leaf.costCenter !== 'string') {
		throw new FilterShapeError(`${path}.costCenter`, 'is missing (e.g. "AWS", "Kubernetes", "Global")');
	}
	if (typeof leaf.key !== 'string' || leaf.key.trim() === '') {
		throw new FilterShapeError(`${path}.key`, 'is missing (take it from Query Language → Get Keys)');
	}
	if (rules.requireType && (typeof leaf.type !== 'string' || leaf.type.trim() === '')) {
		throw new FilterShapeError(`${path}.type`, 'is missing (e.g. "tag", "billing_dimension", "virtual_tag")');
	}
	const operator = leaf.operator;
	const operators = rules.operators ?? FILTER_OPERATORS;
	if (typeof operator !== 'string' || !operators.includes(operator)) {
		throw new FilterShapeError(
			`${path}.operator`,
			`must be one of ${operators.join(', ')} (got ${JSON.stringify(operator)})`,
		);
	}
	if (VALUELESS.has(operator)) return;
	const value = leaf.value;
	if (value === undefined || value === null || value === '') {
		throw new FilterShapeError(`${path}.value`, `is required for operator "${operator}"`);
	}
	if (LIST_VALUED.has(operator)) {
		if (!Array.isArray(value) || value.length === 0) {
			throw new FilterShapeError(`${path}.value`, `must be a non-empty array for operator "${operator}"`);
		}
		return;
	}
	const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
	if (!scalar(value) && !(Array.isArray(value) && value.every(scalar))) {
		throw new FilterShapeError(`${path}.value`, `must be text or a list of texts for operator "${operator}"`);
	}
}

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
