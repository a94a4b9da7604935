import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { FinoutRequest } from '../../transport/request';
import { finoutRequest } from '../../transport/request';
import type { ApiVersion } from '../common/apiVersion';
import { isPlainObject } from '../common/filters';

export type RequestContext = Pick<FinoutRequest, 'itemIndex' | 'retry'>;

/**
 * V2 wraps payloads as `{requestId, data}`; V1 puts them at the top level next to `requestId`.
 * Either way the caller gets the payload without the envelope.
 */
export function unwrap(apiVersion: ApiVersion, response: unknown): IDataObject {
	if (!isPlainObject(response)) return {};
	if (apiVersion === 'v2') return isPlainObject(response.data) ? response.data : {};
	const payload: IDataObject = { ...response };
	delete payload.requestId;
	return payload;
}

export async function listVirtualTags(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	request: RequestContext = {},
): Promise<IDataObject[]> {
	const response = await finoutRequest<IDataObject>(
		ctx,
		apiVersion === 'v1' ? 'listVirtualTagsV1' : 'listVirtualTagsV2',
		request,
	);
	const tags = unwrap(apiVersion, response).virtualTags;
	return Array.isArray(tags) ? tags.filter(isPlainObject) : [];
}

export async function getVirtualTag(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	id: string,
	request: RequestContext = {},
): Promise<IDataObject> {
	const response = await finoutRequest<IDataObject>(
		ctx,
		apiVersion === 'v1' ? 'getVirtualTagV1' : 'getVirtualTagV2',
		{ ...request, pathParams: { id } },
	);
	return unwrap(apiVersion, response);
}
