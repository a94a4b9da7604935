import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { RetryDecision } from './retryPolicy';
import { isBaseUrlFailure } from './retryPolicy';

interface FailedAttempt {
	status?: number;
	networkCode?: string;
	/** Set when the last attempt got no answer within this many ms. */
	timedOutAfterMs?: number;
	body?: unknown;
	method: string;
	path: string;
	retries: number;
	waitedMs: number;
	stopReason: Extract<RetryDecision, { retry: false }>['reason'];
}

/**
 * Builds the NodeApiError for a request that finally failed. It is made from our own summary of
 * the attempt, never from the HTTP client's error, whose request config carries the auth headers.
 */
export function finoutApiError(
	node: INode,
	failure: FailedAttempt,
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	// Everything echoed from the answer is scrubbed: a proxy or a misconfigured server may repeat
	// the request headers, secret key included, in any field.
	const finoutMessage = shorten(redact(extractFinoutMessage(failure.body), secrets), 500);
	const requestId = redact(extractRequestId(failure.body), secrets);
	const { message, description } = explain(failure, finoutMessage);
	const details: JsonObject = {
		message,
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		...(failure.networkCode ? { networkCode: failure.networkCode } : {}),
		...(requestId ? { requestId } : {}),
		...(finoutMessage ? { finoutMessage } : {}),
		request: `${failure.method} ${failure.path}`,
		retries: failure.retries,
	};
	const error = new NodeApiError(node, redactValues(details, secrets), {
		message,
		description: redact(
			[description, requestId ? `Finout request ID: ${requestId}` : ''].filter(Boolean).join(' '),
			secrets,
		),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages that mention a network code (ECONNRESET…) for a generic text
	// that suggests retrying, which is wrong advice for a change that may have been applied.
	error.message = message;
	return error;
}

/** Where the Base URL must point, as every error that names it says. */
const FINOUT_HOST = 'https://app.finout.io unless Finout gave you another host';

function explain(
	failure: FailedAttempt,
	finoutMessage: string | undefined,
): { message: string; description: string } {
	const said = finoutMessage ? ` Finout said: "${finoutMessage}".` : '';
	const route = `${failure.method} ${failure.path}`;
	if (failure.timedOutAfterMs !== undefined) {
		const seconds = Math.round(failure.timedOutAfterMs / 100) / 10;
		return {
			message: `Finout did not answer within ${seconds} s`,
			description:
				failure.stopReason === 'unsafe-to-repeat'
					? `${route} got no answer in time. The change may or may not have been applied, so it was not sent again: check in Finout before re-running.`
					: `${route} got no answer in time, ${failure.retries + 1} attempt(s). Try again later, or raise Options → Rate Limit Handling → Timeout if this request is slow by nature.`,
		};
	}
	if (failure.status === undefined) {
		if (failure.networkCode !== undefined && isBaseUrlFailure(failure.networkCode))
			return baseUrlUnreachable(failure.networkCode, route);
		return {
			message: `Could not reach Finout (${failure.networkCode ?? 'connection failed'})`,
			description:
				failure.stopReason === 'unsafe-to-repeat'
					? `The connection dropped during ${route}. The change may or may not have been applied, so it was not sent again: check in Finout before re-running.`
					: `The connection to Finout failed ${failure.retries + 1} time(s) for ${route}. Check the Base URL in the credential and the network, then try again.`,
		};
	}
	switch (failure.status) {
		case 400:
		case 422:
			return {
				message: `Finout rejected the request as invalid (HTTP ${failure.status})`,
				description: `${route} was refused.${said} Fix the field it names and run the node again.`,
			};
		case 401:
			return {
				message: 'Finout rejected the API key (HTTP 401)',
				description:
					'Re-copy the Client ID and Secret Key from Finout Admin Portal → API Tokens into the credential. If the token expired or the secret was lost, generate a new token.',
			};
		case 403:
			return {
				message: "The API token's role does not allow this (HTTP 403)",
				description: `${route} needs a role with access to this resource. Change the token's role in Admin Portal → API Tokens.${said}`,
			};
		case 404:
			return {
				message: 'Finout could not find the requested resource (HTTP 404)',
				description: `${route} returned not found.${said} Check the ID, or pick it from the list.`,
			};
		case 429:
			return {
				message: `Finout's rate limit is still exceeded after ${failure.retries} retries (HTTP 429)`,
				description: `Waited ${Math.round(failure.waitedMs / 1000)} s in total. Lower "Max Concurrent Requests" in the credential if other tools or n8n workers share this API key, raise the retry limits under "Rate Limit Handling", or add a Wait node between batches.`,
			};
		default: {
			// Any other 4xx (409 conflict, 413 too large…) is Finout refusing this request: the
			// same input fails again, whenever it is sent.
			if (failure.status >= 400 && failure.status < 500)
				return {
					message: `Finout refused the request (HTTP ${failure.status})`,
					description: `${route} was refused.${said} Fix the input or check the item in Finout, then run the node again.`,
				};
			const unsafe = failure.stopReason === 'unsafe-to-repeat';
			return {
				message: `Finout is unavailable (HTTP ${failure.status})`,
				description: unsafe
					? `${route} failed on Finout's side. Changes are never sent twice automatically, so it was not retried: check in Finout whether it was applied before running again.${said}`
					: `${route} still failed after ${failure.retries} retries.${said} Try again later.`,
			};
		}
	}
}

/** ENOTFOUND or a TLS certificate refused: the request never left, whatever it was. */
function baseUrlUnreachable(
	networkCode: string,
	route: string,
): { message: string; description: string } {
	const why =
		networkCode === 'ENOTFOUND'
			? 'The host in the Base URL was not found'
			: "The Base URL's TLS certificate was not accepted";
	return {
		message: `Could not reach Finout (${networkCode})`,
		description: `${why}, so nothing was sent (${route}). Check the Base URL in the credential: it must be the Finout API (${FINOUT_HOST}), not a proxy or another service.`,
	};
}

function extractFinoutMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['message', 'error', 'errorMessage', 'detail']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

/**
 * Cuts a text from an answer to `max` characters. Only ever given redacted text: cutting first
 * could split the secret so that its start no longer matches and is shown.
 */
function shorten(text: string, max: number): string;
function shorten(text: string | undefined, max: number): string | undefined;
function shorten(text: string | undefined, max: number): string | undefined {
	if (text === undefined || text.length <= max) return text;
	return `${text.slice(0, max)}…`;
}

/** A value read from an answer as shown in an error: redacted, then shortened. */
function shownValue(value: unknown, secrets: string[]): string {
	if (typeof value === 'string') return `"${shorten(redact(value, secrets), 40)}"`;
	if (value === undefined) return 'nothing';
	if (value === null || typeof value !== 'object') return String(value);
	return Array.isArray(value) ? 'a list' : 'an object';
}

function extractRequestId(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const value = record.requestId ?? record.request_id;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

export function redact(text: string, secrets: string[]): string;
export function redact(text: string | undefined, secrets: string[]): string | undefined;
export function redact(text: string | undefined, secrets: string[]): string | undefined {
	if (text === undefined) return undefined;
	let clean = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) clean = clean.split(secret).join('[redacted]');
	}
	return clean;
}

function redactValues(details: JsonObject, secrets: string[]): JsonObject {
	const clean: JsonObject = {};
	for (const [key, value] of Object.entries(details)) {
		clean[key] = typeof value === 'string' ? redact(value, secrets) : value;
	}
	return clean;
}

interface RedirectAnswer {
	method: string;
	path: string;
	status: number;
	/** The Location header as received; only its origin is ever shown. */
	location?: string;
	/** What was requested, to resolve a relative Location against. */
	requestUrl: string;
}

/**
 * A 3xx from the Base URL. Redirects are never followed (the Finout headers would go along), so
 * the user is told where the Base URL points instead: only the Location's origin, since its path
 * and query may carry tokens.
 */
export function redirectError(
	node: INode,
	answer: RedirectAnswer,
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const { message, description } = explainRedirect(answer, secrets);
	const route = `${answer.method} ${answer.path}`;
	const error = new NodeApiError(
		node,
		{ message, httpCode: String(answer.status), request: route },
		{ message, description, httpCode: String(answer.status), itemIndex },
	);
	error.message = message;
	return error;
}

/** The redirect's message and advice, shared by requests and the credential test. */
function explainRedirect(
	answer: RedirectAnswer,
	secrets: string[],
): { message: string; description: string } {
	const route = `${answer.method} ${answer.path}`;
	const target = locationOrigin(answer.location, answer.requestUrl);
	return {
		message: redact(
			`Finout answered ${route} with a redirect (HTTP ${answer.status}) to ${target}`,
			secrets,
		),
		description: `Redirects are not followed, so the API key is never sent to another address. Check the Base URL in the credential: it must be the Finout API itself (${FINOUT_HOST}), not a login page or an address that forwards elsewhere.`,
	};
}

function locationOrigin(location: string | undefined, requestUrl: string): string {
	if (location === undefined || location.trim() === '') return 'no Location';
	try {
		const origin = new URL(location, requestUrl).origin;
		return origin === 'null' ? 'an address that is not http(s)' : origin;
	} catch {
		return 'an unreadable Location';
	}
}

interface UnexpectedResponse {
	method: string;
	path: string;
	status: number;
	/** The Content-Type header as received, or undefined when there was none. */
	contentType?: string;
	/** What the reader needed and did not find, in a user's words: 'a "data" list', 'JSON'. */
	missing: string;
	/** The value found instead, when the reader names it ("got …"). */
	got?: { value: unknown };
	/** The request was a change (create, update, delete) that a 2xx says Finout applied. */
	changeAnswered?: boolean;
}

const NOTHING_READ = `Nothing was read from this answer. Check the Base URL in the credential: it must point at the Finout API (${FINOUT_HOST}), not at a login page, proxy or other service.`;

const CHANGE_PROBABLY_APPLIED = `Finout answered this change with success, so it was probably applied, but nothing could be read from the answer. Check Finout before running this item again: running it again may apply the change twice. If every answer looks like this, check the Base URL in the credential (${FINOUT_HOST}).`;

/**
 * A 2xx answer that is not what Finout sends (an HTML login page, a proxy's error page, JSON of
 * another shape). Never turned into an empty success: the run stops here and says where to look.
 */
export function unexpectedResponseError(
	node: INode,
	answer: UnexpectedResponse,
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const route = `${answer.method} ${answer.path}`;
	const contentType = answer.contentType ?? 'no content type';
	const got = answer.got ? ` (got ${shownValue(answer.got.value, secrets)})` : '';
	const message = redact(
		`Finout answered with an unexpected response (${route}, HTTP ${answer.status}, ${contentType}): ${answer.missing}${got} was missing`,
		secrets,
	);
	const error = new NodeApiError(
		node,
		{ message, httpCode: String(answer.status), request: redact(route, secrets) },
		{
			message,
			description: answer.changeAnswered ? CHANGE_PROBABLY_APPLIED : NOTHING_READ,
			httpCode: String(answer.status),
			itemIndex,
		},
	);
	error.message = message;
	return error;
}
