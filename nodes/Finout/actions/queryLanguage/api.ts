import type { ApiVersion } from '../common/apiVersion';
import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import { readList, readObjectList, readText } from '../../transport/responses';

export interface FinoutKey {
	costCenter: string;
	key: string;
	displayName: string;
	/** V2 only: the key's types (tag, billing_dimension, virtual_tag…). */
	types?: string[];
}

/** Every MegaBill key, from whichever API generation the user picked. */
export async function fetchKeys(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	request: RequestContext = {},
): Promise<FinoutKey[]> {
	// V1: {keys: [...]}; V2: {data: {keys: [...]}}. Filters and lists rely on key and cost center.
	const answer = await finoutRequestWithStatus(
		ctx,
		apiVersion === 'v1' ? 'listKeysV1' : 'listKeysV2',
		request,
	);
	const path = apiVersion === 'v1' ? 'keys' : 'data.keys';
	return readObjectList(answer, path).map((key, index) => {
		readText(answer, key.key, `${path}[${index}].key`);
		readText(answer, key.costCenter, `${path}[${index}].costCenter`);
		return key as unknown as FinoutKey;
	});
}

export async function fetchKeyValues(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	target: { costCenter: string; key: string; type?: string },
	request: RequestContext = {},
): Promise<unknown[]> {
	const pathParams = { costCenter: target.costCenter, key: target.key };
	if (apiVersion === 'v1') {
		const answer = await finoutRequestWithStatus(ctx, 'listKeyValuesV1', {
			...request,
			pathParams,
		});
		return readList(answer, 'values');
	}
	const answer = await finoutRequestWithStatus(ctx, 'listKeyValuesV2', {
		...request,
		pathParams,
		qs: target.type ? { type: target.type } : undefined,
	});
	return readList(answer, 'data.values');
}
