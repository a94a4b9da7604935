import { createHash } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

export type FinoutContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'finoutApi';

export const FINOUT_MAX_CONCURRENCY = 5;

export interface ResolvedCredentials {
	baseUrl: string;
	/** Identifies the API key for the queue: a hash of base URL + client ID, never the secret. */
	queueKey: string;
	maxConcurrent: number;
	/** Kept only to scrub it from anything we show; never logged or returned. */
	secretKey: string;
	/**
	 * Handed back to n8n with each request so it does not fetch and decrypt the credential
	 * again per request (a database read in n8n); n8n still applies `authenticate` to it.
	 */
	decrypted: ICredentialsDecrypted;
}

interface StoredCredentials {
	clientId?: string;
	secretKey?: string;
	baseUrl?: string;
	maxConcurrentRequests?: number;
}

// Credentials do not change within one execution context; decrypting them once per context
// instead of once per request keeps the hot path short.
const cache = new WeakMap<object, Promise<ResolvedCredentials>>();

export function resolveCredentials(ctx: FinoutContext): Promise<ResolvedCredentials> {
	let resolved = cache.get(ctx);
	if (!resolved) {
		resolved = load(ctx);
		cache.set(ctx, resolved);
		resolved.catch(() => cache.delete(ctx));
	}
	return resolved;
}

async function load(ctx: FinoutContext): Promise<ResolvedCredentials> {
	const data = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const stored = data as StoredCredentials;
	const baseUrl = normalizeBaseUrl(stored.baseUrl);
	const clientId = String(stored.clientId ?? '').trim();
	return {
		baseUrl,
		queueKey: createHash('sha256').update(`${baseUrl}\n${clientId}`).digest('hex').slice(0, 24),
		maxConcurrent: clampConcurrency(stored.maxConcurrentRequests),
		secretKey: String(stored.secretKey ?? ''),
		decrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data },
	};
}

export function normalizeBaseUrl(raw: string | undefined): string {
	const value = String(raw ?? '').trim() || 'https://app.finout.io';
	return value.replace(/\/+$/, '');
}

export function clampConcurrency(value: unknown): number {
	const number = Math.floor(Number(value));
	if (!Number.isFinite(number) || number < 1) return FINOUT_MAX_CONCURRENCY;
	return Math.min(number, FINOUT_MAX_CONCURRENCY);
}
