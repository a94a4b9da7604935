import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import { readObjectList } from '../../transport/responses';

/** Every notification endpoint of the account: Finout answers them all at once, unpaged. */
export async function listEndpoints(
	ctx: FinoutContext,
	request: RequestContext = {},
): Promise<IDataObject[]> {
	const answer = await finoutRequestWithStatus(ctx, 'listEndpoints', request);
	return readObjectList(answer, 'endpoints');
}
