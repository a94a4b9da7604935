import type { ApiVersion } from '../common/apiVersion';
import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import type { FinoutAnswer } from '../../transport/responses';
import { readList, readObjectList, readText } from '../../transport/responses';

export interface FinoutKey {
	costCenter: string;
	key: string;
	displayName?: string;
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
		const where = `${path}[${index}]`;
		readText(answer, key.key, `${where}.key`);
		readText(answer, key.costCenter, `${where}.costCenter`);
		if (!isAbsent(key.displayName) && typeof key.displayName !== 'string')
			throw answer.unexpected(`a "${where}.displayName" text`);
		readKeyTypes(answer, key.types, `${where}.types`);
		return key as unknown as FinoutKey;
	});
}

/** Key Type "From the Key" sends the first type as it is: a text would send its first letter. */
function readKeyTypes(answer: FinoutAnswer, types: unknown, where: string): void {
	if (isAbsent(types)) return;
	if (!Array.isArray(types)) throw answer.unexpected(`a "${where}" list`);
	types.forEach((type, index) => readText(answer, type, `${where}[${index}]`));
}

function isAbsent(value: unknown): boolean {
	return value === undefined || value === null;
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
