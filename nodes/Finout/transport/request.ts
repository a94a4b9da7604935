import type { IDataObject, IHttpRequestOptions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	cancellableSleep,
	cancelSignalOf,
	executionCancelSignalOf,
	onAbort,
	stopSignalOf,
	throwIfCancelled,
} from './cancellation';
import type { FinoutContext, ResolvedCredentials } from './credentials';
import { CREDENTIAL_TYPE, resolveCredentials } from './credentials';
import { finoutApiError, redirectError, unexpectedResponseError } from './errors';
import { congestionEpoch, gateFor, reportAnswer } from './gate';
import { takeRateSlot } from './rateWindow';
import { markUncertainWrite } from './uncertain';
import type { AttemptOutcome, RetrySettings } from './retryPolicy';
import { decideRetry, mayResendIfMissing, sanitizeRetrySettings } from './retryPolicy';
import type { PathParams, RouteId } from './routes';
import { buildPath, isDotSegment, ROUTES } from './routes';

export interface FinoutRequest {
	pathParams?: PathParams;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	retry?: Partial<RetrySettings>;
	/** Non-2xx statuses the caller turns into outcomes itself (e.g. 410 for expired results). */
	passStatuses?: readonly number[];
	/**
	 * An extra signal that stops this request (e.g. a trigger poll's deadline). Waiting and
	 * sleeping requests reject with ExecutionCancelledError when it aborts.
	 */
	signal?: AbortSignal;
}

/** What a resource's request helper passes on from the operation that calls it. */
export type RequestContext = Pick<FinoutRequest, 'itemIndex' | 'retry' | 'signal'>;

interface FinoutResponse<T> {
	status: number;
	body: T;
	/** The Content-Type header as received; named in the unexpected-response error. */
	contentType?: string;
	/** `GET /v2/…` as sent (path filled in), so readers can name the route. */
	route: string;
	/**
	 * The "Finout answered with an unexpected response" error for this answer, with the node,
	 * the item and the secret to scrub already bound. Used by the readers in responses.ts.
	 */
	unexpected(missing: string, got?: { value: unknown }): NodeApiError;
}

interface Attempt {
	outcome: AttemptOutcome;
	response?: RawResponse;
	/** The attempt got no answer within the timeout. */
	timedOut?: boolean;
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * The one way this package talks to Finout. Each attempt waits for a permit of the API key's
 * gate (≤ 5 in flight per key in this process, shared fairly between executions, fewer while
 * Finout's 429s say other processes use the key too), then for room
 * in the route's per-minute window, and gives the permit back before any backoff sleep so other
 * requests keep flowing.
 */
export async function finoutRequestWithStatus<T = IDataObject>(
	ctx: FinoutContext,
	routeId: RouteId,
	request: FinoutRequest = {},
): Promise<FinoutResponse<T>> {
	const route = ROUTES[routeId];
	const credentials = await resolveCredentials(ctx);
	const path = pathFor(ctx, routeId, request);
	const settings = sanitizeRetrySettings(request.retry);
	// Options → Timeout (retry.timeoutMs) wins over the route kind's default.
	const timeoutMs = settings.timeoutMs ?? route.timeoutMs;
	const executionSignal = cancelSignalOf(ctx);
	const merged = mergeSignals(executionSignal, request.signal);
	const signal = merged.signal;
	const gate = gateFor(
		credentials.queueKey,
		credentials.maxConcurrent,
		Date.now(),
		credentials.adaptToOtherUsers,
	);
	const rateKey = `${credentials.queueKey}:${routeId}`;
	const state = { retries: 0, waitedMs: 0 };
	const send: SendPlan = { method: route.method, path, timeoutMs };

	try {
		for (;;) {
			const release = await gate.acquire(signal, executionSignal ?? ctx);
			const sentInEpoch = congestionEpoch(credentials.queueKey);
			let windowWaitMs = 0;
			let attempt: Attempt | undefined;
			const startedAt = Date.now();
			try {
				if (route.perMinuteLimit !== undefined) {
					windowWaitMs = takeRateSlot(rateKey, route.perMinuteLimit, Date.now());
				}
				if (windowWaitMs === 0) attempt = await sendOnce(ctx, credentials, send, request, signal);
				if (attempt?.response)
					reportAnswer(credentials.queueKey, sentInEpoch, attempt.response.statusCode);
			} finally {
				release();
			}
			if (!attempt) {
				await cancellableSleep(windowWaitMs, signal);
				continue;
			}
			const { outcome, response } = attempt;

			if (response && isRedirect(response.statusCode, request.passStatuses)) {
				throw redirectError(
					ctx.getNode(),
					{
						method: route.method,
						path,
						status: response.statusCode,
						location: headerValue(response.headers, 'location'),
						requestUrl: `${credentials.baseUrl}${path}`,
					},
					[credentials.secretKey],
					request.itemIndex,
				);
			}
			if (response && isSuccess(response.statusCode, request.passStatuses)) {
				const contentType = headerValue(response.headers, 'content-type');
				const status = response.statusCode;
				const changeAnswered = !route.safeToRepeat;
				const unexpected = (missing: string, got?: { value: unknown }) => {
					const error = unexpectedResponseError(
						ctx.getNode(),
						{ method: route.method, path, status, contentType, missing, got, changeAnswered },
						[credentials.secretKey],
						request.itemIndex,
					);
					return changeAnswered ? markUncertainWrite(error, 'lookUpOnly') : error;
				};
				// With `json: true` the HTTP client parses JSON bodies; a body still in text is an HTML
				// page or plain text from something that is not Finout's API (a login page, a proxy).
				if (isUnparsedText(response.body)) throw unexpected('a JSON body');
				return {
					status,
					body: response.body as T,
					contentType,
					route: `${route.method} ${path}`,
					unexpected,
				};
			}
			// The attempt's own time counts: a server that never answers must not get maxRetries
			// full timeouts on top of the total wait bound.
			state.waitedMs += Date.now() - startedAt;
			const decision = decideRetry(outcome, route.safeToRepeat, state, settings, Date.now());
			if (!decision.retry) {
				const error = finoutApiError(
					ctx.getNode(),
					{
						status: response?.statusCode,
						networkCode: outcome.kind === 'network' ? outcome.code : undefined,
						timedOutAfterMs: attempt.timedOut ? timeoutMs : undefined,
						body: response?.body,
						method: route.method,
						path,
						retries: state.retries,
						waitedMs: state.waitedMs,
						stopReason: decision.reason,
					},
					[credentials.secretKey],
					request.itemIndex,
				);
				if (decision.reason === 'unsafe-to-repeat')
					markUncertainWrite(error, mayResendIfMissing(outcome) ? 'resendIfMissing' : 'lookUpOnly');
				throw error;
			}
			await cancellableSleep(decision.delayMs, signal);
			state.retries++;
			state.waitedMs += decision.delayMs;
		}
	} finally {
		merged.dispose();
	}
}

interface SendPlan {
	method: IHttpRequestOptions['method'];
	path: string;
	timeoutMs: number;
}

/** The filled path; an ID that is a dot segment is refused as bad input before anything is sent. */
function pathFor(ctx: FinoutContext, routeId: RouteId, request: FinoutRequest): string {
	for (const [name, value] of Object.entries(request.pathParams ?? {})) {
		if (!isDotSegment(value)) continue;
		const item = request.itemIndex !== undefined ? ` (item ${request.itemIndex})` : '';
		throw new NodeOperationError(ctx.getNode(), `The ${name} "${value}" is not an ID${item}`, {
			itemIndex: request.itemIndex,
			description: `"." and ".." would address another resource. Nothing was sent; use the ID Finout gives out for this object.`,
		});
	}
	return buildPath(routeId, request.pathParams);
}

function isRedirect(status: number, passStatuses: readonly number[] | undefined): boolean {
	return status >= 300 && status < 400 && !(passStatuses?.includes(status) ?? false);
}

function isUnparsedText(body: unknown): boolean {
	return typeof body === 'string' && body.trim() !== '';
}

function isSuccess(status: number, passStatuses: readonly number[] | undefined): boolean {
	return (status >= 200 && status < 300) || (passStatuses?.includes(status) ?? false);
}

async function sendOnce(
	ctx: FinoutContext,
	credentials: ResolvedCredentials,
	send: SendPlan,
	request: FinoutRequest,
	signal: AbortSignal | undefined,
): Promise<Attempt> {
	throwIfCancelled(signal);
	// Stopping a node run (stop on the first error) cancels what still waits, not what was sent:
	// a change already on its way finishes, so that its item is reported as done, not as unsent.
	const sentSignal =
		signal !== undefined && signal === stopSignalOf(ctx) ? executionCancelSignalOf(ctx) : signal;
	const options: IHttpRequestOptions = {
		method: send.method,
		url: `${credentials.baseUrl}${send.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the Finout headers to wherever it points (n8n strips only
		// Authorization and Cookie); a 3xx is reported instead (see redirectError).
		disableFollowRedirect: true,
		timeout: send.timeoutMs,
	};
	if (sentSignal) options.abortSignal = sentSignal;
	if (request.qs && Object.keys(request.qs).length > 0) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			withCancelSignal(ctx, sentSignal),
			CREDENTIAL_TYPE,
			options,
			{ credentialsDecrypted: credentials.decrypted },
		)) as RawResponse;
		const retryAfter = headerValue(response.headers, 'retry-after');
		const rateLimitReset =
			headerValue(response.headers, 'ratelimit-reset') ??
			headerValue(response.headers, 'x-ratelimit-reset');
		return {
			outcome: { kind: 'response', status: response.statusCode, retryAfter, rateLimitReset },
			response,
		};
	} catch (error) {
		throwIfCancelled(sentSignal);
		const code = networkCodeOf(error);
		return { outcome: { kind: 'network', code }, timedOut: TIMEOUT_CODES.has(code) };
	}
}

/** What the HTTP client reports when `timeout` elapsed (axios: ECONNABORTED, or ETIMEDOUT). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/**
 * n8n's httpRequestWithAuthentication replaces `abortSignal` with the execution's cancel signal
 * whenever the calling context has one; the request's own signal (a node run's stop signal, a
 * trigger poll's deadline) must win, so the helper is called with a context that reports it.
 */
function withCancelSignal(ctx: FinoutContext, signal: AbortSignal | undefined): FinoutContext {
	if (!signal || !('getExecutionCancelSignal' in ctx)) return ctx;
	if (ctx.getExecutionCancelSignal() === signal) return ctx;
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as FinoutContext;
}

/** One signal that aborts when either does; the execution's own signal when there is no extra one. */
function mergeSignals(
	first: AbortSignal | undefined,
	second: AbortSignal | undefined,
): { signal: AbortSignal | undefined; dispose: () => void } {
	if (!second || second === first) return { signal: first, dispose: () => {} };
	if (!first) return { signal: second, dispose: () => {} };
	const controller = new AbortController();
	if (first.aborted || second.aborted) controller.abort();
	const stopFirst = onAbort(first, () => controller.abort());
	const stopSecond = onAbort(second, () => controller.abort());
	return {
		signal: controller.signal,
		dispose: () => {
			stopFirst();
			stopSecond();
		},
	};
}

function headerValue(
	headers: RawResponse['headers'] | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function networkCodeOf(error: unknown): string {
	const seen = new Set<unknown>();
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	return 'NETWORK_ERROR';
}
