import type { IDataObject, IHttpRequestOptions, NodeApiError } from 'n8n-workflow';

import { cancellableSleep, stopSignalOf, throwIfCancelled } from './cancellation';
import type { FinoutContext, ResolvedCredentials } from './credentials';
import { CREDENTIAL_TYPE, resolveCredentials } from './credentials';
import { finoutApiError, unexpectedResponseError } from './errors';
import { gateFor } from './gate';
import { takeRateSlot } from './rate-window';
import { markUncertainWrite } from './uncertain';
import type { AttemptOutcome, RetrySettings } from './retry-policy';
import { decideRetry, DEFAULT_RETRY_SETTINGS } from './retry-policy';
import type { PathParams, RouteId } from './routes';
import { buildPath, ROUTES } from './routes';

export interface FinoutRequest {
	pathParams?: PathParams;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	retry?: Partial<RetrySettings>;
	/** Non-2xx statuses the caller turns into outcomes itself (e.g. 410 for expired results). */
	passStatuses?: readonly number[];
	/**
	 * Per-attempt timeout in ms (Options → Timeout). When absent, the route kind's default from
	 * the route table applies.
	 */
	timeoutMs?: number;
	/**
	 * An extra signal that stops this request (e.g. a trigger poll's deadline). Waiting and
	 * sleeping requests reject with ExecutionCancelledError when it aborts.
	 */
	signal?: AbortSignal;
}

export interface FinoutResponse<T> {
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
	unexpected(missing: string): NodeApiError;
}

interface Attempt {
	outcome: AttemptOutcome;
	response?: RawResponse;
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export async function finoutRequest<T = IDataObject>(
	ctx: FinoutContext,
	routeId: RouteId,
	request: FinoutRequest = {},
): Promise<T> {
	return (await finoutRequestWithStatus<T>(ctx, routeId, request)).body;
}

/**
 * The one way this package talks to Finout. Each attempt waits for a permit of the API key's
 * gate (≤ 5 in flight per key in this process, shared fairly between executions), then for room
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
	const path = buildPath(routeId, request.pathParams);
	const settings = { ...DEFAULT_RETRY_SETTINGS, ...request.retry };
	const signal = cancelSignalOf(ctx);
	const gate = gateFor(credentials.queueKey, credentials.maxConcurrent);
	const rateKey = `${credentials.queueKey}:${routeId}`;
	const state = { retries: 0, waitedMs: 0 };

	for (;;) {
		const release = await gate.acquire(signal, signal ?? ctx);
		let windowWaitMs = 0;
		let attempt: Attempt | undefined;
		try {
			if (route.perMinuteLimit !== undefined) {
				windowWaitMs = takeRateSlot(rateKey, route.perMinuteLimit, Date.now());
			}
			if (windowWaitMs === 0) attempt = await sendOnce(ctx, credentials, route.method, path, request, signal);
		} finally {
			release();
		}
		if (!attempt) {
			await cancellableSleep(windowWaitMs, signal);
			continue;
		}
		const { outcome, response } = attempt;

		if (response && isSuccess(response.statusCode, request.passStatuses)) {
			const contentType = headerValue(response.headers, 'content-type');
			const status = response.statusCode;
			return {
				status,
				body: response.body as T,
				contentType,
				route: `${route.method} ${path}`,
				unexpected: (missing) =>
					unexpectedResponseError(
						ctx.getNode(),
						{ method: route.method, path, status, contentType, missing },
						[credentials.secretKey],
						request.itemIndex,
					),
			};
		}
		const decision = decideRetry(outcome, route.safeToRepeat, state, settings, Date.now());
		if (!decision.retry) {
			const error = finoutApiError(
				ctx.getNode(),
				{
					status: response?.statusCode,
					networkCode: outcome.kind === 'network' ? outcome.code : undefined,
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
			if (decision.reason === 'unsafe-to-repeat') markUncertainWrite(error);
			throw error;
		}
		await cancellableSleep(decision.delayMs, signal);
		state.retries++;
		state.waitedMs += decision.delayMs;
	}
}

function isSuccess(status: number, passStatuses: readonly number[] | undefined): boolean {
	return (status >= 200 && status < 300) || (passStatuses?.includes(status) ?? false);
}

async function sendOnce(
	ctx: FinoutContext,
	credentials: ResolvedCredentials,
	method: IHttpRequestOptions['method'],
	path: string,
	request: FinoutRequest,
	signal: AbortSignal | undefined,
): Promise<Attempt> {
	throwIfCancelled(signal);
	const options: IHttpRequestOptions = {
		method,
		url: `${credentials.baseUrl}${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.qs && Object.keys(request.qs).length > 0) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: credentials.decrypted,
		})) as RawResponse;
		const retryAfter = headerValue(response.headers, 'retry-after');
		const rateLimitReset =
			headerValue(response.headers, 'ratelimit-reset') ?? headerValue(response.headers, 'x-ratelimit-reset');
		return {
			outcome: { kind: 'response', status: response.statusCode, retryAfter, rateLimitReset },
			response,
		};
	} catch (error) {
		throwIfCancelled(signal);
		return { outcome: { kind: 'network', code: networkCodeOf(error) } };
	}
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

function cancelSignalOf(ctx: FinoutContext): AbortSignal | undefined {
	const stop = stopSignalOf(ctx);
	if (stop) return stop;
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}
