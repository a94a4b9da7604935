import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import { readObject } from '../../transport/responses';
import type { ApiVersion } from '../common/apiVersion';
import { isPlainObject } from '../../transport/responses';
import { payloadPath } from '../virtualTag/api';
import type { TagMetadata } from './metadataShape';

export async function getMetadata(
	ctx: FinoutContext,
	apiVersion: ApiVersion,
	id: string,
	request: RequestContext,
): Promise<TagMetadata> {
	const answer = await finoutRequestWithStatus(
		ctx,
		apiVersion === 'v1' ? 'getVirtualTagMetadataV1' : 'getVirtualTagMetadataV2',
		{ ...request, pathParams: { id } },
	);
	return readMetadata(answer, apiVersion);
}

/**
 * The `metadata` map of a metadata answer (GET, and the PUT's echo): `{}` when nothing is set,
 * but always there. A value whose metadata is not an object is not Finout's answer either.
 */
export function readMetadata(answer: FinoutAnswer, apiVersion: ApiVersion): TagMetadata {
	const path = payloadPath(apiVersion, 'metadata');
	const metadata = readObject(answer, path);
	for (const [value, entry] of Object.entries(metadata)) {
		if (!isPlainObject(entry))
			throw answer.unexpected(`an object at "${path}[${JSON.stringify(value)}]"`);
	}
	return metadata as TagMetadata;
}
