import type { ApiVersion } from '../common/apiVersion';
import type { FinoutContext } from '../../transport/credentials';
import type { FinoutRequest } from '../../transport/request';
import { finoutRequest } from '../../transport/request';

type RequestContext = Pick<FinoutRequest, 'itemIndex' | 'retry'>;

export interface FinoutKey {
	costCenter: string;
	key: string;
	displayName: string;
	/** V2 only: the key's types (tag, billing_dimension, virtual_tag…). */
	types?: string[];
}

interface KeysV1Response {
	keys?: FinoutKey[];
}

interface KeysV2Response {
	data?: { keys?: FinoutKey[] };
}

/** Every MegaBill key, from whichever API generation the user picked. */
export async function fetchKeys(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	request: RequestContext = {},
): Promise<FinoutKey[]> {
	if (apiVersion === 'v1') {
		const response = await finoutRequest<KeysV1Response>(ctx, 'listKeysV1', request);
		return response.keys ?? [];
	}
	const response = await finoutRequest<KeysV2Response>(ctx, 'listKeysV2', request);
	return response.data?.keys ?? [];
}

interface ValuesV1Response {
	values?: unknown[];
}

interface ValuesV2Response {
	data?: { values?: unknown[] };
}

export async function fetchKeyValues(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	target: { costCenter: string; key: string; type?: string },
	request: RequestContext = {},
): Promise<unknown[]> {
	const pathParams = { costCenter: target.costCenter, key: target.key };
	if (apiVersion === 'v1') {
		const response = await finoutRequest<ValuesV1Response>(ctx, 'listKeyValuesV1', { ...request, pathParams });
		return response.values ?? [];
	}
	const response = await finoutRequest<ValuesV2Response>(ctx, 'listKeyValuesV2', {
		...request,
		pathParams,
		qs: target.type ? { type: target.type } : undefined,
	});
	return response.data?.values ?? [];
}
