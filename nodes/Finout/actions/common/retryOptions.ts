import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetrySettings } from '../../transport/retry-policy';

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
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description:
				'How many times one request is retried. Rate-limited requests (429) are always safe to retry; reads are also retried after 5xx or dropped connections; changes never are.',
		},
		{
			displayName: 'Max Total Wait (Seconds)',
			name: 'maxTotalWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 120,
			description:
				'Upper bound on the time one request spends waiting between retries, including waits that Finout asks for with Retry-After',
		},
	],
};

export function readRetrySettings(ctx: IExecuteFunctions, itemIndex: number): Partial<RetrySettings> {
	return retrySettingsFrom(ctx.getNodeParameter('rateLimitHandling', itemIndex, {}) as RetryOptionValues);
}

export interface RetryOptionValues {
	maxRetries?: number;
	maxTotalWaitSeconds?: number;
}

/** The "Rate Limit Handling" values as transport settings; unset options keep the defaults. */
export function retrySettingsFrom(options: RetryOptionValues): Partial<RetrySettings> {
	const settings: Partial<RetrySettings> = {};
	if (options.maxRetries !== undefined) settings.maxRetries = Math.max(0, Number(options.maxRetries));
	if (options.maxTotalWaitSeconds !== undefined) {
		settings.maxTotalWaitMs = Math.max(0, Number(options.maxTotalWaitSeconds) * 1000);
	}
	return settings;
}
