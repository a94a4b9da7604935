import type { IDataObject } from 'n8n-workflow';

import type { FinoutContext } from '../../nodes/Finout/transport/credentials';
import type { FinoutRequest } from '../../nodes/Finout/transport/request';
import { finoutRequestWithStatus } from '../../nodes/Finout/transport/request';
import type { RouteId } from '../../nodes/Finout/transport/routes';

/** The body of a transport request, for tests that look only at what came back. */
export async function finoutRequest<T = IDataObject>(
	ctx: FinoutContext,
	routeId: RouteId,
	request: FinoutRequest = {},
): Promise<T> {
	return (await finoutRequestWithStatus<T>(ctx, routeId, request)).body;
}
