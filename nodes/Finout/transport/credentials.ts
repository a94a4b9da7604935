import { createHash } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type FinoutContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'finoutApi';

const FINOUT_MAX_CONCURRENCY = 5;

export interface ResolvedCredentials {
	/** The canonical Base URL (see checkBaseUrl): every request goes to this origin and nowhere else. */
	baseUrl: string;
	/** Identifies the API key for the queue: a hash of canonical base URL + client ID, never the secret. */
	queueKey: string;
	maxConcurrent: number;
	/** Lower this process's limit on Finout's 429s (other workers or tools use the key); see adaptiveLimit.ts. */
	adaptToOtherUsers: boolean;
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
	/** Absent in credentials saved before the setting existed: they get its default (on). */
	adaptToOtherUsers?: boolean;
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
	const check = checkBaseUrl(stored.baseUrl);
	if (!check.ok) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Base URL in the Finout credential ${check.problem}`,
			{
				description: BASE_URL_ADVICE,
			},
		);
	}
	return {
		baseUrl: check.baseUrl,
		queueKey: queueKeyFor(check.baseUrl, String(stored.clientId ?? '')),
		maxConcurrent: clampConcurrency(stored.maxConcurrentRequests),
		adaptToOtherUsers: stored.adaptToOtherUsers !== false,
		secretKey: String(stored.secretKey ?? ''),
		decrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data },
	};
}

export const DEFAULT_BASE_URL = 'https://app.finout.io';

const BASE_URL_ADVICE =
	'Edit the credential: the Base URL is https://app.finout.io unless Finout gave you another host. Plain http:// is only accepted for a sandbox on this machine (localhost, 127.x.x.x, [::1]).';

/**
 * Every Base URL that may receive the Finout headers: https to any host, or plain http to a
 * loopback host; no user:password, query, fragment or whitespace. The credential's declarative
 * test applies this same pattern in an n8n expression (which can neither parse a URL nor throw),
 * so it must stay free of `}}`.
 */
export const ACCEPTED_BASE_URL =
	/^(?:https:\/\/[^\s/?#@]+|http:\/\/(?:localhost|127(?:\.\d+){3}|\[::1\])(?::\d+)?)(?:\/[^\s?#@]*)?$/i;

type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; problem: string };

/**
 * Validates the Base URL before anything is sent with the Finout headers, and returns it in one
 * canonical spelling (lower-case scheme and host, default port dropped, no trailing or doubled
 * slashes) so that every spelling of one origin shares one queue.
 *
 * - https only: the secret key travels in a header. Plain http is accepted for loopback hosts,
 *   where the Finout simulator and local sandboxes run, since that traffic never leaves the machine.
 * - No user:password, query or fragment: Finout's API has no use for them, and a URL carrying
 *   them is a pasted browser link or an attempt to smuggle something, not an API host.
 * - A path is kept: Finout's own hosts have none, but a company gateway or reverse proxy in front
 *   of Finout may publish it under a prefix; the origin (where the secret goes) is unchanged.
 *
 * The problem text never repeats the URL, which could carry a password.
 */
export function checkBaseUrl(raw: unknown): BaseUrlCheck {
	const value = (typeof raw === 'string' ? raw : '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { ok: false, problem: 'is not a URL (expected e.g. https://app.finout.io)' };
	}
	if (!url.hostname)
		return { ok: false, problem: 'is not a URL (expected e.g. https://app.finout.io)' };
	const loopback = isLoopbackHost(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		return {
			ok: false,
			problem:
				'must start with https:// (plain http:// is accepted only for localhost, 127.x.x.x and [::1])',
		};
	}
	if (url.username || url.password) {
		return { ok: false, problem: 'must not contain a user name or password' };
	}
	if (url.search || value.includes('?'))
		return { ok: false, problem: 'must not contain a query string (?…)' };
	if (url.hash || value.includes('#'))
		return { ok: false, problem: 'must not contain a fragment (#…)' };
	if (!ACCEPTED_BASE_URL.test(value))
		return { ok: false, problem: 'is not a URL (expected e.g. https://app.finout.io)' };
	const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
	return { ok: true, baseUrl: `${url.protocol}//${url.host}${path}` };
}

function isLoopbackHost(hostname: string): boolean {
	return (
		hostname === 'localhost' ||
		hostname === '[::1]' ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
	);
}

/** The queue key of an API key: canonical Base URL + client ID, hashed so neither appears in diagnostics. */
export function queueKeyFor(canonicalBaseUrl: string, clientId: string): string {
	return createHash('sha256')
		.update(`${canonicalBaseUrl}\n${clientId.trim()}`)
		.digest('hex')
		.slice(0, 24);
}

function clampConcurrency(value: unknown): number {
	const number = Math.floor(Number(value));
	if (!Number.isFinite(number) || number < 1) return FINOUT_MAX_CONCURRENCY;
	return Math.min(number, FINOUT_MAX_CONCURRENCY);
}
