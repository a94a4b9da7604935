import type { RetrySettings } from '../../nodes/Finout/transport/retryPolicy';
import {
	backoffDelay,
	decideRetry,
	DEFAULT_RETRY_SETTINGS,
	parseRateLimitReset,
	parseRetryAfter,
	sanitizeRetrySettings,
} from '../../nodes/Finout/transport/retryPolicy';
import { retrySettingsFrom } from '../../nodes/Finout/actions/common/retryOptions';

const settings: RetrySettings = { maxRetries: 3, maxTotalWaitMs: 10_000, baseDelayMs: 500, maxDelayMs: 4_000 };
const fresh = { retries: 0, waitedMs: 0 };
const now = Date.parse('2026-11-28T12:00:00Z');
const half = () => 0.5;

describe('decideRetry', () => {
	test('429 is retried even for a mutation, because Finout refused it before acting', () => {
		expect(decideRetry({ kind: 'response', status: 429 }, false, fresh, settings, now, half)).toEqual({
			retry: true,
			delayMs: 250,
		});
	});

	test('Retry-After in seconds wins over backoff', () => {
		const decision = decideRetry({ kind: 'response', status: 429, retryAfter: '3' }, true, fresh, settings, now);
		expect(decision).toEqual({ retry: true, delayMs: 3000 });
	});

	test('Retry-After as an HTTP date', () => {
		const retryAfter = new Date(now + 7000).toUTCString();
		expect(decideRetry({ kind: 'response', status: 429, retryAfter }, true, fresh, settings, now)).toEqual({
			retry: true,
			delayMs: 7000,
		});
	});

	test('without Retry-After, a RateLimit-Reset header sets the wait', () => {
		expect(decideRetry({ kind: 'response', status: 429, rateLimitReset: '4' }, true, fresh, settings, now)).toEqual({
			retry: true,
			delayMs: 4000,
		});
		expect(
			decideRetry({ kind: 'response', status: 429, retryAfter: '1', rateLimitReset: '4' }, true, fresh, settings, now),
		).toEqual({ retry: true, delayMs: 1000 });
	});

	test.each([500, 502, 503, 504, 520, 524])('%i is retried for a read', (status) => {
		expect(decideRetry({ kind: 'response', status }, true, fresh, settings, now, half).retry).toBe(true);
	});

	test.each([500, 502, 503, 504, 520, 524])('%i is not retried for a mutation (it may have been applied)', (status) => {
		expect(decideRetry({ kind: 'response', status }, false, fresh, settings, now, half)).toEqual({
			retry: false,
			reason: 'unsafe-to-repeat',
		});
	});

	test('a dropped connection is retried for a read but not for a mutation', () => {
		const outcome = { kind: 'network' as const, code: 'ECONNRESET' };
		expect(decideRetry(outcome, true, fresh, settings, now, half).retry).toBe(true);
		expect(decideRetry(outcome, false, fresh, settings, now, half)).toEqual({
			retry: false,
			reason: 'unsafe-to-repeat',
		});
	});

	test.each(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND'])('a connection never made (%s) is retried for a mutation too', (code) => {
		expect(decideRetry({ kind: 'network', code }, false, fresh, settings, now, half).retry).toBe(true);
	});

	test.each(['CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
		'a certificate that is not accepted (%s) is never retried, and a mutation is not uncertain',
		(code) => {
			for (const safeToRepeat of [true, false]) {
				expect(decideRetry({ kind: 'network', code }, safeToRepeat, fresh, settings, now, half)).toEqual({
					retry: false,
					reason: 'not-retryable',
				});
			}
		},
	);

	test.each([400, 401, 403, 404, 410, 422, 424])('%i is never retried', (status) => {
		expect(decideRetry({ kind: 'response', status }, true, fresh, settings, now, half)).toEqual({
			retry: false,
			reason: 'not-retryable',
		});
	});

	test('attempts are bounded', () => {
		expect(
			decideRetry({ kind: 'response', status: 429 }, true, { retries: 3, waitedMs: 0 }, settings, now, half),
		).toEqual({ retry: false, reason: 'attempts-exhausted' });
	});

	test('total waiting time is bounded, including waits the server asks for', () => {
		expect(
			decideRetry(
				{ kind: 'response', status: 429, retryAfter: '5' },
				true,
				{ retries: 1, waitedMs: 6_000 },
				settings,
				now,
			),
		).toEqual({ retry: false, reason: 'wait-exhausted' });
	});
});

describe('backoffDelay', () => {
	test('full jitter between 0 and the exponential ceiling, capped', () => {
		expect(backoffDelay(0, settings, () => 1)).toBe(500);
		expect(backoffDelay(2, settings, () => 1)).toBe(2000);
		expect(backoffDelay(10, settings, () => 1)).toBe(4000);
		expect(backoffDelay(3, settings, () => 0)).toBe(0);
	});
});

describe('parseRateLimitReset', () => {
	test('seconds until the reset', () => expect(parseRateLimitReset('3', now)).toBe(3000));
	test('a Unix timestamp in seconds', () => expect(parseRateLimitReset(String(now / 1000 + 5), now)).toBe(5000));
	test.each([undefined, '', 'later'])('unreadable %p', (value) => expect(parseRateLimitReset(value, now)).toBeUndefined());
});

describe('parseRetryAfter', () => {
	test.each([
		['2', 2000],
		['0', 0],
		['1.5', 1500],
		[' 4 ', 4000],
	])('seconds %p', (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));

	test('a date in the past means now', () => {
		expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
	});

	test.each([undefined, '', 'soon'])('unreadable %p', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

test('defaults shown in the node match the policy defaults', async () => {
	const { retryOptionsProperty } = await import('../../nodes/Finout/actions/common/retryOptions');
	const byName = Object.fromEntries(
		(retryOptionsProperty.options as Array<{ name: string; default: number }>).map((o) => [o.name, o.default]),
	);
	expect(byName.maxRetries).toBe(DEFAULT_RETRY_SETTINGS.maxRetries);
	expect(byName.maxTotalWaitSeconds * 1000).toBe(DEFAULT_RETRY_SETTINGS.maxTotalWaitMs);
});

describe('a Retry-After that is negative or unreadable falls back to backoff', () => {
	test.each(['-1', '-0.5', '1e3', 'NaN', 'Infinity', '12abc'])('%p is not a wait', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});

	test('"-1" on a 429 waits the backoff, not zero', () => {
		const decision = decideRetry({ kind: 'response', status: 429, retryAfter: '-1' }, true, fresh, settings, now, half);
		expect(decision).toEqual({ retry: true, delayMs: 250 });
	});

	test('a huge Retry-After stops at once instead of sleeping past the total wait bound', () => {
		const decision = decideRetry({ kind: 'response', status: 429, retryAfter: '86400' }, true, fresh, settings, now);
		expect(decision).toEqual({ retry: false, reason: 'wait-exhausted' });
	});
});

describe('retry settings from expressions are clamped and defaulted', () => {
	test.each([
		[{ maxRetries: 'five' }, {}],
		[{ maxRetries: -3 }, { maxRetries: 0 }],
		[{ maxRetries: 2.7 }, { maxRetries: 2 }],
		[{ maxRetries: 1e9 }, { maxRetries: 20 }],
		[{ maxRetries: '3' }, { maxRetries: 3 }],
		[{ maxTotalWaitSeconds: 'forever' }, {}],
		[{ maxTotalWaitSeconds: -1 }, { maxTotalWaitMs: 0 }],
		[{ maxTotalWaitSeconds: Infinity }, {}],
		[{ maxTotalWaitSeconds: 1e9 }, { maxTotalWaitMs: 3_600_000 }],
		[{ maxTotalWaitSeconds: 1e306 }, { maxTotalWaitMs: 3_600_000 }],
		[{ timeoutSeconds: 'slow' }, {}],
		[{ timeoutSeconds: -5 }, {}],
		[{ timeoutSeconds: 0 }, {}],
		[{ timeoutSeconds: 1.5 }, { timeoutMs: 1500 }],
		[{ timeoutSeconds: 1e9 }, { timeoutMs: 900_000 }],
		[{ timeoutSeconds: 1e306 }, { timeoutMs: 900_000 }],
	])('%p → %p', (options, expected) => {
		expect(sanitizeRetrySettings(retrySettingsFrom(options as never))).toEqual({ ...DEFAULT_RETRY_SETTINGS, ...expected });
	});

	test('the transport ignores non-finite or negative values it is handed anyway', () => {
		expect(
			sanitizeRetrySettings({ maxRetries: Number.NaN, maxTotalWaitMs: -1, baseDelayMs: Infinity, maxDelayMs: 'x' as never }),
		).toEqual({ ...DEFAULT_RETRY_SETTINGS, maxTotalWaitMs: 0 });
		expect(sanitizeRetrySettings({ maxRetries: 1e9, timeoutMs: Number.NaN })).toEqual({ ...DEFAULT_RETRY_SETTINGS, maxRetries: 20 });
	});

	test('"five" retries against 60 refusals stops after the default 5, not 61 requests', () => {
		const bounded = sanitizeRetrySettings(retrySettingsFrom({ maxRetries: 'five' } as never));
		let state = { retries: 0, waitedMs: 0 };
		let attempts = 1;
		for (; attempts < 60; attempts++) {
			const decision = decideRetry({ kind: 'response', status: 429 }, true, state, bounded, now, () => 0);
			if (!decision.retry) break;
			state = { retries: state.retries + 1, waitedMs: state.waitedMs + decision.delayMs };
		}
		expect(attempts).toBe(DEFAULT_RETRY_SETTINGS.maxRetries + 1);
	});
});
