/**
 * Authentication: both x-finout-* headers must match one configured key pair; otherwise
 * the request gets a 401 in its generation's shape.
 */
import type { JsonObject } from './errors';
import type { Gen } from './router';

export interface KeyPair {
	clientId: string;
	secretKey: string;
}

export const isAuthenticated = (keys: readonly KeyPair[], clientId: string | null, secretKey: string | null): boolean =>
	keys.some((k) => k.clientId === clientId && k.secretKey === secretKey);

export const unauthorizedBody = (gen: Gen, requestId: string): JsonObject =>
	gen === 'v1'
		? { message: 'Unauthorized', requestId }
		: { requestId, error: 'UNAUTHORIZED', message: 'Missing or invalid x-finout-client-id / x-finout-secret-key headers' };
