import type { IExecuteFunctions } from 'n8n-workflow';

import { ExecutionCancelledError, throwIfCancelled } from '../../transport/cancellation';
import { resolveCredentials } from '../../transport/credentials';
import type { FinoutKey } from '../queryLanguage/api';
import { fetchKeys } from '../queryLanguage/api';

/** Display name of a key ("Regions" for AWS region, a virtual tag's name for its ID), if known. */
export type KeyNameLookup = (costCenter: string, key: string) => string | undefined;

type Fetched = { lookup: KeyNameLookup } | { lookup?: undefined; cancelled: boolean };

const FRESH_MS = 10 * 60_000;
const RETRY_AFTER_FAILURE_MS = 60_000;

const cache = new Map<string, { expires: number; fetched: Promise<Fetched> }>();

const noNames: KeyNameLookup = () => undefined;

/**
 * Key display names for Simplify, from Query Language V2 keys. Fetched at most once per
 * 10 minutes per API key in this process, and shared by concurrent items. When the list
 * cannot be read (e.g. the token's role does not allow it), columns keep the key names.
 */
export async function loadKeyNames(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<KeyNameLookup> {
	const { queueKey } = await resolveCredentials(ctx);
	const now = Date.now();
	let entry = cache.get(queueKey);
	if (!entry || entry.expires <= now) {
		entry = { expires: now + FRESH_MS, fetched: fetchLookup(ctx, itemIndex) };
		cache.set(queueKey, entry);
	}
	const current = entry;
	const fetched = await current.fetched;
	if (fetched.lookup) return fetched.lookup;
	if (fetched.cancelled) {
		// The execution that started the fetch was stopped: ask again next time.
		if (cache.get(queueKey) === current) cache.delete(queueKey);
		throwIfCancelled(ctx.getExecutionCancelSignal());
	} else {
		current.expires = Math.min(current.expires, Date.now() + RETRY_AFTER_FAILURE_MS);
	}
	return noNames;
}

async function fetchLookup(ctx: IExecuteFunctions, itemIndex: number): Promise<Fetched> {
	// Names only decorate the columns: when the list cannot be read (an error, or an answer that is
	// not Finout's, even in one entry), the columns keep the keys.
	let keys: FinoutKey[];
	try {
		keys = await fetchKeys(ctx, 'v2', {
			itemIndex,
			retry: { maxRetries: 2, maxTotalWaitMs: 10_000 },
		});
	} catch (error) {
		return { cancelled: error instanceof ExecutionCancelledError };
	}
	const byCostCenterAndKey = new Map<string, string>();
	const byKey = new Map<string, string | null>();
	for (const entry of keys) {
		if (typeof entry.displayName !== 'string' || !entry.displayName) continue;
		byCostCenterAndKey.set(`${entry.costCenter.toLowerCase()}\n${entry.key}`, entry.displayName);
		// A key name alone is ambiguous when two cost centers use it with different display names.
		const known = byKey.get(entry.key);
		byKey.set(
			entry.key,
			known === undefined || known === entry.displayName ? entry.displayName : null,
		);
	}
	return {
		lookup: (costCenter, key) =>
			byCostCenterAndKey.get(`${costCenter.toLowerCase()}\n${key}`) ??
			(costCenter === '' ? (byKey.get(key) ?? undefined) : undefined),
	};
}
