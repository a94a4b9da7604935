/**
 * When to send a request again, and after how long. Pure functions so they can be tested without
 * a clock or a server.
 *
 * - 429 is always retried: Finout refuses the request before doing anything, so even a create
 *   cannot be duplicated. A wait the server asks for wins over our own backoff: Retry-After
 *   (seconds or an HTTP date), else RateLimit-Reset / X-RateLimit-Reset (Finout documents no
 *   rate-limit headers, so every common form is understood).
 * - Any 5xx (500…504, a CDN's 520/524 too) and lost connections are retried only for routes that
 *   are safe to repeat; a create answered 5xx or that timed out may have been applied, and
 *   sending it again could duplicate it.
 * - A connection that was never made (refused, a name lookup that failed for now) is retried for
 *   every route, changes too: nothing reached Finout. A Base URL whose host does not exist or
 *   whose TLS certificate is not accepted is never retried: sending again cannot help.
 * - Attempts and the total time spent waiting are both bounded.
 */
export interface RetrySettings {
	maxRetries: number;
	/** Bounds the time spent in failed attempts plus the sleeps between them. */
	maxTotalWaitMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/**
	 * Per-attempt timeout (Options → Timeout). When absent, the route kind's default from the route
	 * table applies; it travels with these settings because the same option collection sets both.
	 */
	timeoutMs?: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 5,
	maxTotalWaitMs: 120_000,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** Upper bounds of what a user (or an expression) can ask for; the node's options show the same. */
export const RETRY_LIMITS = {
	maxRetries: 20,
	maxTotalWaitMs: 3_600_000,
	maxDelayMs: 3_600_000,
	timeoutMs: 900_000,
} as const;

/**
 * The one place where asked-for settings (the node's options, a caller's own) become valid ones,
 * since every request passes here: a value that is not a finite number (an expression that
 * produced "five", NaN, Infinity) falls back to its default instead of making retries unbounded;
 * negative values count as 0, retries are whole, and values are capped at RETRY_LIMITS. A timeout
 * of 0 or less means "the route's default".
 */
export function sanitizeRetrySettings(partial: Partial<RetrySettings> = {}): RetrySettings {
	const pick = (value: unknown, fallback: number, max: number, whole = false): number => {
		if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
		const clamped = Math.min(Math.max(0, value), max);
		return whole ? Math.floor(clamped) : clamped;
	};
	const settings: RetrySettings = {
		maxRetries: pick(
			partial.maxRetries,
			DEFAULT_RETRY_SETTINGS.maxRetries,
			RETRY_LIMITS.maxRetries,
			true,
		),
		maxTotalWaitMs: pick(
			partial.maxTotalWaitMs,
			DEFAULT_RETRY_SETTINGS.maxTotalWaitMs,
			RETRY_LIMITS.maxTotalWaitMs,
		),
		baseDelayMs: pick(
			partial.baseDelayMs,
			DEFAULT_RETRY_SETTINGS.baseDelayMs,
			RETRY_LIMITS.maxDelayMs,
		),
		maxDelayMs: pick(
			partial.maxDelayMs,
			DEFAULT_RETRY_SETTINGS.maxDelayMs,
			RETRY_LIMITS.maxDelayMs,
		),
	};
	const timeoutMs = pick(partial.timeoutMs, 0, RETRY_LIMITS.timeoutMs);
	if (timeoutMs > 0) settings.timeoutMs = timeoutMs;
	return settings;
}

export type AttemptOutcome =
	| { kind: 'response'; status: number; retryAfter?: string; rateLimitReset?: string }
	| { kind: 'network'; code: string };

interface RetryState {
	/** Retries already made for this request. */
	retries: number;
	/** Milliseconds already spent sleeping between attempts. */
	waitedMs: number;
}

export type RetryDecision =
	| { retry: true; delayMs: number }
	| {
			retry: false;
			reason: 'not-retryable' | 'unsafe-to-repeat' | 'attempts-exhausted' | 'wait-exhausted';
	  };

/** A 5xx of any kind: Finout, or something in front of it, failed after the request arrived. */
function isServerFailure(status: number): boolean {
	return status >= 500 && status <= 599;
}

/**
 * Failures before any of the request left this machine, that may pass on their own (a name
 * lookup fails now and then under load, e.g. Docker's DNS), so a change may be retried too.
 */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * The 5xx after which a change that a lookup does not find may be sent again: Finout (or its
 * gateway) failed or was unreachable. Any other 5xx (a CDN's 524: it gave up while Finout may
 * still be working) is only looked up.
 */
const RESENDABLE_SERVER_FAILURES = new Set([500, 502, 503, 504]);

/** Whether a change that met this outcome after it was sent may be sent again if it is not found. */
export function mayResendIfMissing(outcome: AttemptOutcome): boolean {
	return outcome.kind === 'network' || RESENDABLE_SERVER_FAILURES.has(outcome.status);
}

const CERTIFICATE_CODES = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isCertificateFailure(networkCode: string): boolean {
	return networkCode.startsWith('CERT_') || CERTIFICATE_CODES.has(networkCode);
}

/** The Base URL's host was not found, or its certificate is not accepted: nothing was sent. */
export function isBaseUrlFailure(networkCode: string): boolean {
	return networkCode === 'ENOTFOUND' || isCertificateFailure(networkCode);
}

function isRetryableOutcome(outcome: AttemptOutcome): boolean {
	if (outcome.kind === 'network' && isCertificateFailure(outcome.code)) return false;
	return outcome.kind === 'network' || outcome.status === 429 || isServerFailure(outcome.status);
}

export function decideRetry(
	outcome: AttemptOutcome,
	safeToRepeat: boolean,
	state: RetryState,
	settings: RetrySettings,
	now: number,
	random: () => number = Math.random,
): RetryDecision {
	if (!isRetryableOutcome(outcome)) return { retry: false, reason: 'not-retryable' };
	const refusedBeforeProcessing =
		outcome.kind === 'response' ? outcome.status === 429 : NOT_CONNECTED_CODES.has(outcome.code);
	if (!refusedBeforeProcessing && !safeToRepeat)
		return { retry: false, reason: 'unsafe-to-repeat' };
	if (state.retries >= settings.maxRetries) return { retry: false, reason: 'attempts-exhausted' };

	const serverDelay =
		outcome.kind === 'response'
			? (parseRetryAfter(outcome.retryAfter, now) ??
				parseRateLimitReset(outcome.rateLimitReset, now))
			: undefined;
	const delayMs = serverDelay ?? backoffDelay(state.retries, settings, random);
	if (state.waitedMs + delayMs > settings.maxTotalWaitMs) {
		return { retry: false, reason: 'wait-exhausted' };
	}
	return { retry: true, delayMs };
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^retry)]. */
export function backoffDelay(
	retries: number,
	settings: RetrySettings,
	random: () => number,
): number {
	const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retries);
	return Math.round(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent, negative or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = String(value).trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// An HTTP date names its day or month ("Wed, 21 Oct 2015 07:28:00 GMT"); anything else that
	// Date.parse happens to accept ("-1" is the year -1) is unreadable, and backoff applies.
	if (!/[a-z]{3}/i.test(trimmed) || !/\d{4}/.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * RateLimit-Reset (IETF draft: seconds until the window resets) or X-RateLimit-Reset (seconds
 * until reset, or — when it looks like one — a Unix timestamp in seconds).
 */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = String(value).trim();
	if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
	const number = Number(trimmed);
	const isEpochSeconds = number > 1_000_000_000;
	return isEpochSeconds ? Math.max(0, Math.round(number * 1000 - now)) : Math.round(number * 1000);
}
