/**
 * Queries submitted by this n8n process in the last 24 h (Finout keeps results that long), so the
 * Query ID locator can offer them under "From List". Module-level state: it lives as long as the
 * process and is not shared between n8n workers or main instances.
 */
interface RecentQuery {
	queryId: string;
	submittedAt: number;
	description: string;
}

const MAX_ENTRIES = 100;
const KEEP_MS = 24 * 3_600_000;

const recent: RecentQuery[] = [];

function prune(now: number): void {
	for (let index = recent.length - 1; index >= 0; index--) {
		if (recent[index].submittedAt <= now - KEEP_MS) recent.splice(index, 1);
	}
	if (recent.length > MAX_ENTRIES) recent.splice(MAX_ENTRIES);
}

export function rememberQuery(entry: RecentQuery, now: number = Date.now()): void {
	const existing = recent.findIndex((query) => query.queryId === entry.queryId);
	if (existing >= 0) recent.splice(existing, 1);
	recent.unshift({ ...entry });
	prune(now);
}

/** Newest first. */
export function listRecentQueries(now: number = Date.now()): RecentQuery[] {
	prune(now);
	return recent.map((entry) => ({ ...entry }));
}
