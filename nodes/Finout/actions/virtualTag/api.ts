import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import { readObject, readObjectList, readString } from '../../transport/responses';
import type { ApiVersion } from '../common/apiVersion';
import type { VersionOptions } from './fields';
import { applyVersionOptions } from './fields';

/** Where a payload field sits in the answer of this API generation ('' = the payload itself). */
export function payloadPath(apiVersion: ApiVersion, field = ''): string {
	if (apiVersion === 'v1') return field;
	return field ? `data.${field}` : 'data';
}

/**
 * The payload of a virtual-tag answer (a tag, a version, a metadata map…), checked to be an
 * object that carries `required` as text (e.g. the tag's id): an answer without it is not a tag.
 */
export function readPayload(
	answer: FinoutAnswer,
	apiVersion: ApiVersion,
	required?: string,
): IDataObject {
	const payload = readObject(answer, payloadPath(apiVersion));
	if (required) readString(answer, payloadPath(apiVersion, required));
	if (apiVersion === 'v2') return payload;
	// V1 puts the payload at the top level, next to the envelope's requestId.
	const fields: IDataObject = { ...payload };
	delete fields.requestId;
	return fields;
}

/** A tag of the list: every entry carries its ID, or the whole answer is refused. */
export type ListedVirtualTag = IDataObject & { id: string };

export async function listVirtualTags(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	request: RequestContext = {},
): Promise<ListedVirtualTag[]> {
	const answer = await finoutRequestWithStatus(
		ctx,
		apiVersion === 'v1' ? 'listVirtualTagsV1' : 'listVirtualTagsV2',
		request,
	);
	const path = payloadPath(apiVersion, 'virtualTags');
	return readObjectList(answer, path).map((tag, index) => {
		if (typeof tag.id !== 'string' || tag.id === '')
			throw answer.unexpected(`a "${path}[${index}].id" text`);
		return tag as ListedVirtualTag;
	});
}

export async function getVirtualTag(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	id: string,
	request: RequestContext = {},
): Promise<IDataObject> {
	const answer = await finoutRequestWithStatus(
		ctx,
		apiVersion === 'v1' ? 'getVirtualTagV1' : 'getVirtualTagV2',
		{ ...request, pathParams: { id } },
	);
	return readPayload(answer, apiVersion, 'id');
}

/**
 * Sends a whole tag: a create, or an update, which replaces the tag. On V2 each save is a new
 * version, which the version options describe and may leave staged.
 */
export async function saveVirtualTag(
	ctx: FinoutContext,
	target: { apiVersion: ApiVersion; id?: string },
	tag: IDataObject,
	version: VersionOptions | undefined,
	request: RequestContext,
): Promise<FinoutAnswer> {
	const body = { ...tag };
	const qs = applyVersionOptions(body, version);
	const v1 = target.apiVersion === 'v1';
	if (target.id === undefined) {
		return await finoutRequestWithStatus(ctx, v1 ? 'createVirtualTagV1' : 'createVirtualTagV2', {
			...request,
			body,
			qs,
		});
	}
	return await finoutRequestWithStatus(ctx, v1 ? 'updateVirtualTagV1' : 'updateVirtualTagV2', {
		...request,
		pathParams: { id: target.id },
		body,
		qs,
	});
}
