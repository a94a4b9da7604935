import { ExecutionCancelledError } from '../../transport/cancellation';
import type { FinoutContext } from '../../transport/credentials';
import { resolveCredentials } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import type { FinoutKey } from '../queryLanguage/api';
import { fetchKeys } from '../queryLanguage/api';

type Read = { keys: FinoutKey[] } | { error: unknown };

interface Entry {
	expires: number;
	read: Promise<Read>;
	/** Set once the read has finished. */
	done?: Read;
	/** The context (one node run, one poll) whose signal the read follows, until it finishes. */
	startedBy?: FinoutContext;
}

const FRESH_MS = 10 * 60_000;
/** Column names do without the list this long after a failed read (Key Types read it again). */
const NAMES_RETRY_AFTER_FAILURE_MS = 60_000;

/** The one cache of the V2 keys list, by API key (queue key) in this process. */
const cache = new Map<string, Entry>();

export interface KeyList {
	keys: FinoutKey[];
	/** The list was read before this call, so a key made since may be missing from it. */
	readEarlier: boolean;
}

export interface KeyListOptions {
	/** Read the list again after a failed read instead of handing back the failure. */
	retryFailure: boolean;
	/** A list this caller found too old (a key was missing): read it again, unless already done. */
	replacing?: FinoutKey[];
}

/**
 * Query Language V2 keys, for Key Type "From the Key" and Simplify's column names: read at most
 * once per 10 minutes per API key, and shared by every item waiting for it. Rejects with the
 * read's error; a read stopped by the run that started it is never handed to another caller.
 */
export async function loadKeyList(
	ctx: FinoutContext,
	request: RequestContext,
	options: KeyListOptions,
): Promise<KeyList> {
	const { queueKey } = await resolveCredentials(ctx);
	for (;;) {
		let entry = cache.get(queueKey);
		if (!entry || isStale(entry, options)) {
			entry = startRead(ctx, queueKey, request);
			cache.set(queueKey, entry);
		}
		const readEarlier = entry.done !== undefined;
		const read = await entry.read;
		if ('keys' in read) return { keys: read.keys, readEarlier };
		// Another run or poll was stopped while it read the list: read it under this one's signal.
		if (read.error instanceof ExecutionCancelledError && entry.startedBy !== ctx) continue;
		throw read.error;
	}
}

function isStale(entry: Entry, options: KeyListOptions): boolean {
	if (entry.expires <= Date.now()) return true;
	if (entry.done === undefined) return false;
	if ('error' in entry.done) return options.retryFailure;
	return options.replacing !== undefined && entry.done.keys === options.replacing;
}

function startRead(ctx: FinoutContext, queueKey: string, request: RequestContext): Entry {
	const entry: Entry = {
		expires: Date.now() + FRESH_MS,
		startedBy: ctx,
		read: fetchKeys(ctx, 'v2', request).then(
			(keys) => settle(queueKey, entry, { keys }),
			(error: unknown) => settle(queueKey, entry, { error }),
		),
	};
	return entry;
}

function settle(queueKey: string, entry: Entry, read: Read): Read {
	entry.done = read;
	if ('error' in read && read.error instanceof ExecutionCancelledError) {
		// A stopped read is no answer: it leaves the cache, and keeps who started it so that its
		// waiters can tell whether they were stopped too.
		if (cache.get(queueKey) === entry) cache.delete(queueKey);
		return read;
	}
	if ('error' in read)
		entry.expires = Math.min(entry.expires, Date.now() + NAMES_RETRY_AFTER_FAILURE_MS);
	entry.startedBy = undefined;
	return read;
}
