import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../transport/responses';

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

/** Finout's V1 API examples and field descriptions also use these spellings, so they are accepted too. */
export const V1_FILTER_OPERATORS: readonly string[] = [
	...FILTER_OPERATORS,
	'equals',
	'equal',
	'greaterThan',
];

export const VALUELESS: ReadonlySet<string> = new Set(['exists', 'notExists']);
export const LIST_VALUED: ReadonlySet<string> = new Set(['oneOf', 'notOneOf']);

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
		message = `${path} ${problem}`,
	) {
		super(message);
	}
}

/**
 * Throws FilterShapeError naming every bad part (so a person fixes them in one go); returns the
 * number of leaf conditions.
 */
export function validateFilter(filter: unknown, rules: FilterRules, path = 'filters'): number {
	const { leaves, problems } = inspect(filter, rules, path);
	if (problems.length === 1) throw problems[0];
	if (problems.length > 1) {
		throw new FilterShapeError(
			problems[0].path,
			'',
			problems.map((problem) => problem.message).join('; '),
		);
	}
	return leaves;
}

/** Every problem of a filter object, as "filters.AND[0].type is missing" texts; empty when valid. */
export function filterProblems(filter: unknown, rules: FilterRules): string[] {
	return inspect(filter, rules, 'filters').problems.map((problem) => problem.message);
}

/**
 * Calls `onCondition` with every leaf condition of a filter that validateFilter accepted (a
 * group holds only its AND or OR list); it may change the leaf in place.
 */
export function forEachCondition(
	filter: unknown,
	onCondition: (condition: Record<string, unknown>) => void,
): void {
	if (!isPlainObject(filter)) return;
	const children = filter.AND ?? filter.OR;
	if (Array.isArray(children)) children.forEach((child) => forEachCondition(child, onCondition));
	else onCondition(filter);
}

function inspect(
	filter: unknown,
	rules: FilterRules,
	path: string,
): { leaves: number; problems: FilterShapeError[] } {
	const problems: FilterShapeError[] = [];
	const leaves = visit(filter, rules, path, problems);
	if (rules.maxLeaves !== undefined && leaves > rules.maxLeaves) {
		problems.push(
			new FilterShapeError(
				path,
				`has ${leaves} conditions; Finout accepts at most ${rules.maxLeaves}`,
			),
		);
	}
	return { leaves, problems };
}

function visit(
	node: unknown,
	rules: FilterRules,
	path: string,
	problems: FilterShapeError[],
): number {
	if (!isPlainObject(node)) {
		problems.push(new FilterShapeError(path, 'must be an object'));
		return 0;
	}
	const groupKeys = ['AND', 'OR'].filter((key) => key in node);
	if (groupKeys.length > 1) {
		problems.push(new FilterShapeError(path, 'has both AND and OR; nest one inside the other'));
		return 0;
	}
	if (groupKeys.length === 1) {
		const key = groupKeys[0];
		const children = node[key];
		const extra = Object.keys(node).filter((name) => name !== key);
		if (extra.length > 0) {
			problems.push(
				new FilterShapeError(path, `mixes ${key} with condition fields (${extra.join(', ')})`),
			);
			return 0;
		}
		if (!Array.isArray(children)) {
			problems.push(new FilterShapeError(`${path}.${key}`, 'must be an array'));
			return 0;
		}
		return children.reduce<number>(
			(sum, child, index) => sum + visit(child, rules, `${path}.${key}[${index}]`, problems),
			0,
		);
	}
	for (const [part, problem] of leafProblems(node, rules))
		problems.push(new FilterShapeError(`${path}.${part}`, problem));
	return 1;
}

function leafProblems(leaf: IDataObject, rules: FilterRules): Array<[string, string]> {
	const problems: Array<[string, string]> = [];
	if (typeof leaf.costCenter !== 'string')
		problems.push(['costCenter', 'is missing (e.g. "AWS", "Kubernetes", "Global")']);
	if (typeof leaf.key !== 'string' || leaf.key.trim() === '') {
		problems.push(['key', 'is missing (take it from Query Language → Get Keys)']);
	}
	if (rules.requireType && (typeof leaf.type !== 'string' || leaf.type.trim() === '')) {
		problems.push(['type', 'is missing (e.g. "tag", "billing_dimension", "virtual_tag")']);
	}
	const operator = leaf.operator;
	const operators = rules.operators ?? FILTER_OPERATORS;
	if (typeof operator !== 'string' || !operators.includes(operator)) {
		problems.push([
			'operator',
			`must be one of ${operators.join(', ')} (got ${JSON.stringify(operator)})`,
		]);
		return problems;
	}
	if (VALUELESS.has(operator)) return problems;
	const value = leaf.value;
	if (value === undefined || value === null || value === '') {
		problems.push(['value', `is required for operator "${operator}"`]);
	} else if (LIST_VALUED.has(operator)) {
		if (!Array.isArray(value) || value.length === 0)
			problems.push(['value', `must be a non-empty array for operator "${operator}"`]);
	} else {
		const scalar = (item: unknown) =>
			typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
		if (!scalar(value) && !(Array.isArray(value) && value.every(scalar))) {
			problems.push(['value', `must be text or a list of texts for operator "${operator}"`]);
		}
	}
	return problems;
}
