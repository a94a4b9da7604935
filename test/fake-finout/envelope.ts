/**
 * Where requestId and the error fields go (§1.4): V1 puts requestId at the top level of
 * the payload, V2 wraps it as `{requestId, ...}`; errors are V1 `{message, requestId}` and
 * V2 `{requestId, error, message}`.
 */
import { v2CodeFor, type ApiError, type JsonObject } from './errors';
import type { Gen } from './router';

/** A response ready to write: a string body is sent as text, anything else as JSON. */
export interface Outgoing {
	status: number;
	body: JsonObject | string;
	headers?: Record<string, string>;
	contentType?: string;
}

export function envelopeError(gen: Gen, status: number, code: string, message: string, requestId: string): JsonObject {
	return gen === 'v1' ? { message, requestId } : { requestId, error: code || v2CodeFor(status), message };
}

export function errorResponse(gen: Gen, e: ApiError, requestId: string): Outgoing {
	return { status: e.status, body: envelopeError(gen, e.status, e.code, e.message, requestId), headers: e.headers };
}

export function withRequestId(gen: Gen, payload: JsonObject, requestId: string): JsonObject {
	return gen === 'v1' ? { ...payload, requestId } : { requestId, ...payload };
}
