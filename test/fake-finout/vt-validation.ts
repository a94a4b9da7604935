/**
 * Body validation shared by the V1 and V2 virtual-tag and metadata routes
 * (§3.5, §3.6, §4.4, §4.6). Messages name the offending part of the body.
 */
import { badRequest, isNonEmptyString, isPlainObject, requireObject } from './errors';
import { validateFilter, type FilterGen } from './filters';
import type { TagInput } from './state';
import type { MetadataEntry, TagMetadata, TagTarget, VirtualTagRule } from './types';

/** [GF]: rules are evaluated top to bottom, at most 1000. */
export const MAX_RULES = 1000;

function validateTarget(v: unknown, path: string): TagTarget {
	if (isNonEmptyString(v)) return v;
	if (isPlainObject(v) && isNonEmptyString(v.key) && isNonEmptyString(v.costCenter)) {
		const t: TagTarget = { key: v.key, costCenter: v.costCenter };
		if (typeof v.type === 'string') t.type = v.type;
		return t;
	}
	throw badRequest(`${path} must be a non-empty string or a MegaBill key {key, costCenter}`);
}

/**
 * Validate a tag body. V1 bodies may omit defaultValue (the V1 table does not mark it
 * required); V2 requires it (§4.4). Extra fields (id, accountId, createdAt… as sent back by
 * clients that PUT the object they fetched, §3.5 OpenOps) are ignored.
 */
export function validateTagBody(bodyIn: unknown, gen: FilterGen): { name: string; rules: VirtualTagRule[]; defaultValue?: TagTarget } {
	const body = requireObject(bodyIn);
	if (!isNonEmptyString(body.name)) throw badRequest('name is required (a non-empty string)');
	if (!Array.isArray(body.rules)) throw badRequest('rules is required (an array of {to, filters} objects)');
	if (gen === 'v2' && body.rules.length > MAX_RULES) throw badRequest(`rules may hold at most ${MAX_RULES} rules`);
	const rules = body.rules.map((r, i): VirtualTagRule => {
		const path = `rules[${i}]`;
		if (!isPlainObject(r)) throw badRequest(`${path} must be an object {to, filters, timeframe?}`);
		if (r.to === undefined) throw badRequest(`${path}.to is required`);
		const to = validateTarget(r.to, `${path}.to`);
		if (r.filters === undefined) throw badRequest(`${path}.filters is required`);
		validateFilter(r.filters, gen, `${path}.filters`);
		const rule: VirtualTagRule = { to, filters: structuredClone(r.filters) };
		if (r.timeframe !== undefined) {
			const tf = r.timeframe;
			if (!isPlainObject(tf) || typeof tf.from !== 'number') throw badRequest(`${path}.timeframe must be {from: <Unix ms>, to?: <Unix ms>}`);
			if (tf.to !== undefined && (typeof tf.to !== 'number' || tf.to < tf.from)) {
				throw badRequest(`${path}.timeframe.to must be a number not before timeframe.from`);
			}
			rule.timeframe = tf.to === undefined ? { from: tf.from } : { from: tf.from, to: tf.to as number };
		}
		return rule;
	});
	let defaultValue: TagTarget | undefined;
	if (body.defaultValue !== undefined) defaultValue = validateTarget(body.defaultValue, 'defaultValue');
	else if (gen === 'v2') throw badRequest('defaultValue is required (a string or a MegaBill key {key, costCenter})');
	return { name: body.name, rules, defaultValue };
}

/** V2: optional versionMetadata.changeDescription (§4.4). */
export function changeDescriptionOf(bodyIn: unknown): string | null {
	const body = requireObject(bodyIn);
	const vm = body.versionMetadata;
	if (vm === undefined) return null;
	if (!isPlainObject(vm)) throw badRequest('versionMetadata must be an object {changeDescription?}');
	if (vm.changeDescription === undefined) return null;
	if (typeof vm.changeDescription !== 'string') throw badRequest('versionMetadata.changeDescription must be a string');
	return vm.changeDescription;
}

/** `?setAsLive=true|false` ([GF]; default true). */
export function parseSetAsLive(query: Record<string, string>): boolean {
	const v = query.setAsLive;
	if (v === undefined) return true;
	if (v === 'true') return true;
	if (v === 'false') return false;
	throw badRequest(`setAsLive must be "true" or "false" (got "${v}")`);
}

export const toTagInput = (v: { name: string; rules: VirtualTagRule[]; defaultValue?: TagTarget }, fallback: TagTarget): TagInput => ({
	name: v.name,
	rules: v.rules,
	defaultValue: v.defaultValue ?? fallback,
});

/**
 * Validate a metadata PUT body: a map value → {customMetadata?, groups?, endpoints?}
 * (+ V2 `mergeValuesAndMetadata`). Values must not contain dots (§3.6). Unknown fields are
 * rejected — notably the singular `endpoint` from the docs example (§9.14).
 */
export function validateMetadataBody(bodyIn: unknown, gen: FilterGen): Array<[string, MetadataEntry, boolean]> {
	const body = requireObject(bodyIn, 'Metadata body (a map of tag value → metadata)');
	return Object.entries(body).map(([value, entryIn]) => {
		const path = `metadata[${JSON.stringify(value)}]`;
		if (value.includes('.')) throw badRequest(`${path}: virtual tag values used as metadata keys must not contain dots`);
		if (!isPlainObject(entryIn)) throw badRequest(`${path} must be an object {customMetadata?, groups?, endpoints?}`);
		const entry: MetadataEntry = {};
		let merge = false;
		for (const [field, v] of Object.entries(entryIn)) {
			if (field === 'customMetadata') {
				if (!isPlainObject(v)) throw badRequest(`${path}.customMetadata must be an object of key/value pairs`);
				entry.customMetadata = structuredClone(v);
			} else if (field === 'groups' || field === 'endpoints') {
				if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`${path}.${field} must be an array of id strings`);
				entry[field] = [...(v as string[])];
			} else if (field === 'mergeValuesAndMetadata' && gen === 'v2') {
				if (typeof v !== 'boolean') throw badRequest(`${path}.mergeValuesAndMetadata must be a boolean`);
				merge = v;
			} else {
				const hint = field === 'endpoint' ? ' (the field is "endpoints", an array of endpoint ids)' : '';
				throw badRequest(`${path}.${field} is not a known metadata field${hint}`);
			}
		}
		return [value, entry, merge];
	});
}

/** V2 merge: customMetadata merged shallowly, id lists unioned; false replaces the entry. */
export function applyMetadata(current: TagMetadata, updates: Array<[string, MetadataEntry, boolean]>): TagMetadata {
	const next: TagMetadata = structuredClone(current);
	for (const [value, entry, merge] of updates) {
		const prev = next[value];
		if (!merge || !prev) {
			next[value] = entry;
			continue;
		}
		const union = (a?: string[], b?: string[]) => (a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined);
		const merged: MetadataEntry = {};
		const cm = prev.customMetadata || entry.customMetadata ? { ...prev.customMetadata, ...entry.customMetadata } : undefined;
		if (cm) merged.customMetadata = cm;
		const groups = union(prev.groups, entry.groups);
		if (groups) merged.groups = groups;
		const endpoints = union(prev.endpoints, entry.endpoints);
		if (endpoints) merged.endpoints = endpoints;
		next[value] = merged;
	}
	return next;
}
