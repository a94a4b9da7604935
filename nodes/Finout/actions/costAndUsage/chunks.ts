import type { DateRange } from '../common/dateRange';
import { DAY_MS } from '../common/dateRange';
import type { TimeInterval } from './constants';
import { MAX_RANGE_DAYS } from './constants';

/**
 * Cuts a range into consecutive, non-overlapping ranges that Finout accepts (end − start at most
 * 60 days). Cuts fall on the start of a UTC day, ISO week (Monday) or month, as the time interval
 * asks, so no time bucket is split between two queries. Each chunk ends 1 ms before the next
 * one starts; the first starts at the range's start and the last ends at its end.
 */
export function splitRange(
	range: DateRange,
	interval: TimeInterval,
	maxDays = MAX_RANGE_DAYS,
): DateRange[] {
	const maxSpan = maxDays * DAY_MS;
	const chunks: DateRange[] = [];
	let start = range.startMs;
	while (range.endMs - start > maxSpan) {
		let cut = lastBoundaryAtOrBefore(start + maxSpan, interval);
		if (cut <= start) cut = start + maxSpan;
		chunks.push({ startMs: start, endMs: cut - 1 });
		start = cut;
	}
	chunks.push({ startMs: start, endMs: range.endMs });
	return chunks;
}

/** The latest start of a day, ISO week or month (UTC) that is not after `ms`. */
function lastBoundaryAtOrBefore(ms: number, interval: TimeInterval): number {
	const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
	if (interval === 'day') return dayStart;
	if (interval === 'week') {
		const daysSinceMonday = (Math.floor(ms / DAY_MS) + 3) % 7; // 1970-01-01 was a Thursday
		return dayStart - daysSinceMonday * DAY_MS;
	}
	const date = new Date(ms);
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
