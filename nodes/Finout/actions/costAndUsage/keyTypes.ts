import { NodeOperationError } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { forEachCondition } from '../common/filters';
import { FROM_KEY } from '../common/keyPickers';
import type { FinoutKey } from '../queryLanguage/api';
import { loadKeyList } from './keyList';
import type { QuerySpec } from './querySpec';

/** One lookup per spec, however many ≤ 60-day chunks it is cut into (the list itself is shared). */
const resolved = new WeakMap<QuerySpec, Promise<QuerySpec>>();

/**
 * Replaces Key Type "From the Key" in dimensions and filter conditions with the first type
 * Finout lists for that key (Query Language V2). Specs without it are returned unchanged and
 * cost no request.
 */
export async function resolveKeyTypes(
	ctx: FinoutContext,
	spec: QuerySpec,
	request: RequestContext,
): Promise<QuerySpec> {
	if (fromKeyTargets(spec).length === 0) return spec;
	let pending = resolved.get(spec);
	if (!pending) {
		pending = lookUp(ctx, spec, request);
		resolved.set(spec, pending);
	}
	return await pending;
}

async function lookUp(
	ctx: FinoutContext,
	spec: QuerySpec,
	request: RequestContext,
): Promise<QuerySpec> {
	// A trigger poll's deadline signal must bound this lookup like the query it precedes.
	const keys = await keysHaving(ctx, spec, {
		itemIndex: request.itemIndex,
		retry: request.retry,
		signal: request.signal,
	});
	const typeOf = (where: string, costCenter: string, key: string): string => {
		const found = findKey(keys, { costCenter, key });
		const type = found?.types?.[0];
		if (type) return type;
		throw new NodeOperationError(
			ctx.getNode(),
			`${where}: "${key}" is not a key of cost center "${costCenter}"${request.itemIndex === undefined ? '' : ` (item ${request.itemIndex})`}`,
			{
				itemIndex: request.itemIndex,
				description: found
					? 'Finout lists no type for it: choose the Key Type yourself.'
					: 'Choose the key from the list, or check its spelling with Query Language → Get Keys.',
			},
		);
	};
	const dimensions = spec.dimensions.map((dimension, index) =>
		dimension.type === FROM_KEY
			? {
					...dimension,
					type: typeOf(`Dimension ${index + 1}`, dimension.costCenter, dimension.key),
				}
			: dimension,
	);
	const filters = spec.filters
		? (structuredClone(spec.filters) as Record<string, unknown>)
		: undefined;
	forEachCondition(filters, (leaf) => {
		if (leaf.type === FROM_KEY)
			leaf.type = typeOf('Filters', String(leaf.costCenter ?? ''), String(leaf.key ?? ''));
	});
	return { ...spec, dimensions, filters };
}

/**
 * The shared keys list; read again once when it was read earlier and lacks a key the spec names,
 * so that a key made in Finout since (a new virtual tag) is found.
 */
async function keysHaving(
	ctx: FinoutContext,
	spec: QuerySpec,
	request: RequestContext,
): Promise<FinoutKey[]> {
	const list = await loadKeyList(ctx, request, { retryFailure: true });
	if (!list.readEarlier || fromKeyTargets(spec).every((target) => findKey(list.keys, target)))
		return list.keys;
	return (await loadKeyList(ctx, request, { retryFailure: true, replacing: list.keys })).keys;
}

interface KeyTarget {
	costCenter: string;
	key: string;
}

function fromKeyTargets(spec: QuerySpec): KeyTarget[] {
	const targets: KeyTarget[] = spec.dimensions.filter((dimension) => dimension.type === FROM_KEY);
	forEachCondition(spec.filters, (leaf) => {
		if (leaf.type === FROM_KEY)
			targets.push({ costCenter: String(leaf.costCenter ?? ''), key: String(leaf.key ?? '') });
	});
	return targets;
}

function findKey(keys: FinoutKey[], { costCenter, key }: KeyTarget): FinoutKey | undefined {
	return keys.find(
		(entry) => entry.key === key && (!costCenter || entry.costCenter === costCenter),
	);
}
