/**
 * How long "all scans" / "all tags" remember a scan or tag that the list answers leave out.
 * Absent from one answer is not gone (a proxy's empty list, a permission briefly withdrawn, an
 * incident at Finout), so its entry is kept and nothing fires twice when it is listed again. But
 * a deleted scan or tag is never listed again, and kept forever its entry would make the
 * workflow's stored state grow with every one ever deleted. 30 days outlasts any outage or
 * mistake someone would notice and undo; past it, one listed again counts as new (see the events).
 */
export const FORGET_UNLISTED_AFTER_MS = 30 * 86_400_000;

export interface Listing {
	/** Unlisted for longer than FORGET_UNLISTED_AFTER_MS: drop the entry. */
	forget: boolean;
	/** When a poll first found the entry missing; undefined while it is listed. */
	unlistedSince?: number;
}

/**
 * What to store for a remembered entry at a poll at `now`. Only entries missing from the answer
 * carry a time, so a poll where everything is listed stores nothing new (n8n saves the workflow
 * whenever static data changes). An entry stored without the field (listed at the last poll, or
 * stored before the field existed) counts as listed until this poll: it is missing since `now`,
 * so an upgrade drops nothing at once.
 */
export function listingAt(
	listed: boolean,
	unlistedSince: number | undefined,
	now: number,
): Listing {
	if (listed) return { forget: false };
	const since = unlistedSince ?? now;
	return { forget: now - since > FORGET_UNLISTED_AFTER_MS, unlistedSince: since };
}
