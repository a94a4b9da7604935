import type { IDataObject } from 'n8n-workflow';

import type { ApiVersion } from '../common/apiVersion';
import { isPlainObject } from '../../transport/responses';
import { V1_FILTER_OPERATORS, validateFilter } from '../common/filters';

/** A rule target or default value: a static value, or a MegaBill key whose values are used. */
export type TagTarget = string | { key: string; costCenter: string; type?: string };

export interface TagRule extends IDataObject {
	to: TagTarget;
	filters: IDataObject;
	timeframe?: { from: number; to?: number };
}

/** Finout evaluates rules top to bottom and keeps at most 1000 per tag (V2). */
const MAX_RULES_V2 = 1000;

const RULE_FIELDS = ['to', 'filters', 'timeframe'];

/**
 * A problem in the rules or default value; the message starts with the path of the bad part.
 * Filter problems surface as the shared FilterShapeError, whose message has the same form.
 */
class RuleShapeError extends Error {}

/**
 * Checks a rules array before it is sent, so the message can point at the bad part
 * ("Rules[2].filters.OR[0].operator must be one of …") instead of Finout's bare 400.
 */
export function validateRules(value: unknown, apiVersion: ApiVersion, label = 'Rules'): TagRule[] {
	if (!Array.isArray(value)) {
		throw new RuleShapeError(`${label} must be a JSON array of rules like {"to": …, "filters": …}`);
	}
	if (apiVersion === 'v2' && value.length > MAX_RULES_V2) {
		throw new RuleShapeError(
			`${label} has ${value.length} rules; Finout accepts at most ${MAX_RULES_V2}`,
		);
	}
	return value.map((rule, index) => validateRule(rule, apiVersion, `${label}[${index}]`));
}

function validateRule(rule: unknown, apiVersion: ApiVersion, path: string): TagRule {
	if (!isPlainObject(rule)) {
		throw new RuleShapeError(`${path} must be an object {to, filters, timeframe?}`);
	}
	const unknown = Object.keys(rule).filter((key) => !RULE_FIELDS.includes(key));
	if (unknown.length > 0) {
		throw new RuleShapeError(
			`${path} has unknown field ${unknown.map((key) => `"${key}"`).join(', ')}; a rule has to, filters and timeframe`,
		);
	}
	if (rule.to === undefined) {
		throw new RuleShapeError(
			`${path}.to is missing (a value such as "production", or a MegaBill key {key, costCenter})`,
		);
	}
	const to = validateTarget(rule.to, `${path}.to`);
	if (rule.filters === undefined) {
		throw new RuleShapeError(`${path}.filters is missing (a condition or an AND/OR group)`);
	}
	validateFilter(
		rule.filters,
		{
			requireType: apiVersion === 'v2',
			operators: apiVersion === 'v1' ? V1_FILTER_OPERATORS : undefined,
		},
		`${path}.filters`,
	);
	const result: TagRule = { to, filters: rule.filters as IDataObject };
	if (rule.timeframe !== undefined)
		result.timeframe = validateTimeframe(rule.timeframe, `${path}.timeframe`);
	return result;
}

function validateTimeframe(value: unknown, path: string): { from: number; to?: number } {
	if (!isPlainObject(value)) {
		throw new RuleShapeError(`${path} must be an object {from, to?} of Unix times in milliseconds`);
	}
	const isMillis = (ms: unknown): ms is number =>
		typeof ms === 'number' && Number.isInteger(ms) && ms >= 0;
	if (!isMillis(value.from)) {
		throw new RuleShapeError(
			`${path}.from must be a Unix time in milliseconds, e.g. 1756166400000`,
		);
	}
	const extra = Object.keys(value).filter((key) => key !== 'from' && key !== 'to');
	if (extra.length > 0)
		throw new RuleShapeError(`${path} has unknown field "${extra[0]}"; use from and to`);
	if (value.to === undefined || value.to === null) return { from: value.from };
	if (!isMillis(value.to)) {
		throw new RuleShapeError(
			`${path}.to must be a Unix time in milliseconds, or left out for an open-ended rule`,
		);
	}
	if (value.to < value.from) throw new RuleShapeError(`${path}.to is before ${path}.from`);
	return { from: value.from, to: value.to };
}

/** A static value (non-empty text) or a MegaBill key `{key, costCenter, type?}`. */
function validateTarget(value: unknown, path: string): TagTarget {
	if (typeof value === 'string') {
		if (value.trim() === '') throw new RuleShapeError(`${path} is empty`);
		return value;
	}
	if (isPlainObject(value)) {
		if (typeof value.key !== 'string' || value.key.trim() === '') {
			throw new RuleShapeError(
				`${path}.key is missing (the MegaBill key whose values become the tag's values)`,
			);
		}
		if (typeof value.costCenter !== 'string' || value.costCenter.trim() === '') {
			throw new RuleShapeError(`${path}.costCenter is missing (e.g. "AWS", "Virtual Tags")`);
		}
		const extra = Object.keys(value).filter((key) => !['key', 'costCenter', 'type'].includes(key));
		if (extra.length > 0)
			throw new RuleShapeError(
				`${path} has unknown field "${extra[0]}"; use key, costCenter and type`,
			);
		const target: TagTarget = { key: value.key, costCenter: value.costCenter };
		if (typeof value.type === 'string' && value.type !== '') target.type = value.type;
		return target;
	}
	throw new RuleShapeError(`${path} must be a value (text) or a MegaBill key {key, costCenter}`);
}

/**
 * Default Value as typed: plain text is a static value; text starting with "{" (or an object
 * from an expression) is a MegaBill key `{key, costCenter}`.
 */
export function parseDefaultValue(raw: unknown, label: string): TagTarget {
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (text === '') throw new RuleShapeError(`${label} is empty`);
		if (!text.startsWith('{')) return text;
		const parsed = parseJson(text);
		if (parsed instanceof Error) {
			throw new RuleShapeError(
				`${label} starts with "{" but is not valid JSON (${parsed.message}); use text, or a MegaBill key like {"key": "team", "costCenter": "AWS"}`,
			);
		}
		return validateTarget(parsed, label);
	}
	if (typeof raw === 'number') return String(raw);
	return validateTarget(raw, label);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		return error as Error;
	}
}

/**
 * Runs a shape check and hands back its error instead of throwing, so that callers can wrap it
 * in a NodeOperationError naming the item.
 */
export function checkShape<T>(check: () => T): { value: T } | { error: Error } {
	try {
		return { value: check() };
	} catch (error) {
		return { error: error as Error };
	}
}
