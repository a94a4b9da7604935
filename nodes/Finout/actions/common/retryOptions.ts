import type { INodeProperties } from 'n8n-workflow';

import type { RetrySettings } from '../../transport/retryPolicy';
import { DEFAULT_RETRY_SETTINGS, RETRY_LIMITS } from '../../transport/retryPolicy';
import { ROUTE_TIMEOUTS_MS } from '../../transport/routes';
import type { FieldContext } from './parameters';
import { parametersOf } from './parameters';

// The fields show the transport's own defaults, so that an unset option and its shown value agree.
const DEFAULT_MAX_RETRIES = DEFAULT_RETRY_SETTINGS.maxRetries;
const DEFAULT_MAX_TOTAL_WAIT_SECONDS = DEFAULT_RETRY_SETTINGS.maxTotalWaitMs / 1000;

export const retryOptionsProperty: INodeProperties = {
	displayName: 'Rate Limit Handling',
	name: 'rateLimitHandling',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description:
		'Requests are queued so at most the credential\'s "Max Concurrent Requests" run at once per API key. These settings bound the retries after Finout answers "too many requests" or is briefly unavailable.',
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: RETRY_LIMITS.maxRetries },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How many times one request is retried. Rate-limited requests (429) are always safe to retry; reads are also retried after 5xx or dropped connections; a change only when its connection was never made (nothing was sent).',
		},
		{
			displayName: 'Max Total Wait (Seconds)',
			name: 'maxTotalWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: RETRY_LIMITS.maxTotalWaitMs / 1000 },
			default: DEFAULT_MAX_TOTAL_WAIT_SECONDS,
			description:
				'Upper bound on the time one request spends in failed attempts and waiting between retries, including waits that Finout asks for with Retry-After',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: RETRY_LIMITS.timeoutMs / 1000 },
			default: 0,
			description: `How long one attempt may wait for Finout to answer. 0 uses the default for the request: ${ROUTE_TIMEOUTS_MS.read / 1000} s for reads, ${ROUTE_TIMEOUTS_MS.change / 1000} s for changes, ${ROUTE_TIMEOUTS_MS.slowQuery / 1000} s for Cost → Query by View. A read that times out is retried; a change is not, since it may have been applied.`,
		},
	],
};

/**
 * "Rate Limit Handling" as transport settings: the router reads it for every item, the trigger
 * once per poll (`itemIndex` undefined).
 */
export function readRetrySettings(
	ctx: FieldContext,
	itemIndex: number | undefined,
): Partial<RetrySettings> {
	const values = parametersOf(ctx, itemIndex).get('rateLimitHandling', {}) as RetryOptionValues;
	return retrySettingsFrom(values);
}

interface RetryOptionValues {
	maxRetries?: unknown;
	maxTotalWaitSeconds?: unknown;
	timeoutSeconds?: unknown;
}

/**
 * The "Rate Limit Handling" values in the transport's units. Unset options, and values an
 * expression made unusable (text, NaN, Infinity), are left out. Bounds are not applied here: the
 * transport turns whatever it is handed into valid settings (sanitizeRetrySettings).
 */
export function retrySettingsFrom(options: RetryOptionValues): Partial<RetrySettings> {
	const settings: Partial<RetrySettings> = {};
	const maxRetries = finiteNumber(options.maxRetries);
	if (maxRetries !== undefined) settings.maxRetries = maxRetries;
	const maxTotalWaitSeconds = finiteNumber(options.maxTotalWaitSeconds);
	if (maxTotalWaitSeconds !== undefined)
		settings.maxTotalWaitMs = millisecondsOf(maxTotalWaitSeconds);
	const timeoutSeconds = finiteNumber(options.timeoutSeconds);
	if (timeoutSeconds !== undefined) settings.timeoutMs = millisecondsOf(timeoutSeconds);
	return settings;
}

function finiteNumber(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string'
				? Number(value.trim())
				: Number.NaN;
	return Number.isFinite(number) ? number : undefined;
}

/** Huge seconds stay a huge finite number (which the transport caps), not an Infinity it ignores. */
function millisecondsOf(seconds: number): number {
	return Math.min(seconds * 1000, Number.MAX_VALUE);
}
