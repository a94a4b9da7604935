/**
 * Errors thrown by route handlers. The server turns them into the generation's error
 * body: V1 `{message, requestId}` (V1 error shape is undocumented, §1.4) and V2
 * `{requestId, error, message}` ([GF], §1.4).
 */

const V2_CODES: Record<number, string> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	405: 'METHOD_NOT_ALLOWED',
	410: 'RESULTS_EXPIRED',
	413: 'PAYLOAD_TOO_LARGE',
	422: 'UNPROCESSABLE_ENTITY',
	424: 'QUERY_FAILED',
	429: 'TOO_MANY_REQUESTS',
	500: 'INTERNAL_SERVER_ERROR',
	502: 'BAD_GATEWAY',
	503: 'SERVICE_UNAVAILABLE',
	504: 'GATEWAY_TIMEOUT',
};

export const v2CodeFor = (status: number): string => V2_CODES[status] ?? `HTTP_${status}`;

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		/** V2 machine code; defaults from the status. */
		readonly code: string = v2CodeFor(status),
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);

export type JsonObject = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is JsonObject =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Require a JSON object body (POST/PUT); a missing body is reported like an empty one. */
export function requireObject(value: unknown, what = 'Request body'): JsonObject {
	if (!isPlainObject(value)) throw badRequest(`${what} must be a JSON object`);
	return value;
}

export const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
