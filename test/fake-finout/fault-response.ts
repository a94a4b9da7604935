/**
 * What the client receives for an injected fault: a failNext body verbatim, gateway HTML
 * for 502/504 (a gateway in front of the API answers those, so a client must not assume
 * every error body parses), the generation's error envelope otherwise.
 */
import { v2CodeFor, type JsonObject } from './errors';
import { envelopeError, type Outgoing } from './envelope';
import type { FaultDecision } from './faults';
import type { Gen } from './router';

const STATUS_TEXT: Record<number, string> = {
	429: 'Too many requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Server unavailable',
	504: 'Gateway Timeout',
};

/** For every decision except 'drop', which has no response. */
export function faultResponse(gen: Gen, f: FaultDecision, requestId: string): Outgoing {
	const status = f.status as number;
	const headers: Record<string, string> = f.retryAfter ? { 'retry-after': f.retryAfter } : {};
	if (f.hasCustomBody) {
		return typeof f.body === 'string'
			? { status, body: f.body, headers, contentType: f.contentType }
			: { status, body: (f.body ?? {}) as JsonObject, headers };
	}
	const text = STATUS_TEXT[status] ?? `HTTP ${status}`;
	if (status === 502 || status === 504) {
		return { status, body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center></body></html>\n`, headers, contentType: 'text/html' };
	}
	return { status, body: envelopeError(gen, status, v2CodeFor(status), text, requestId), headers };
}
