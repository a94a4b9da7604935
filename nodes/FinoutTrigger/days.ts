/**
 * Calendar-day arithmetic for the trigger, without a date library.
 *
 * A "date" here is a calendar label `YYYY-MM-DD`. Arithmetic on labels goes through UTC
 * midnights, so it never meets a daylight-saving gap. The time zone matters in one place only:
 * deciding which dates are over ("yesterday" depends on where you stand).
 *
 * Finout's daily cost buckets are UTC days: the bucket labelled 2026-03-09 covers
 * 2026-03-09T00:00Z – 2026-03-10T00:00Z whatever zone the trigger uses. A date counts as
 * complete only when it is over both in the chosen zone and in UTC, so the trigger never reads
 * a bucket that is still filling up: in zones west of UTC that waits for local midnight, in zones
 * east of UTC it waits for UTC midnight.
 */
import { DAY_MS, toIsoDate } from '../Finout/actions/common/dateRange';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Whether the runtime knows this IANA zone (e.g. "Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
	if (!timeZone) return false;
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** The calendar date at instant `ms` in `timeZone`. */
export function dateInZone(ms: number, timeZone: string): string {
	const parts = formatterFor(timeZone).formatToParts(new Date(ms));
	const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
	return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

export function isDate(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		DATE_PATTERN.test(value) &&
		!Number.isNaN(Date.parse(`${value}T00:00:00Z`))
	);
}

/** Start of Finout's UTC bucket for `date`, in Unix ms. */
export function utcStartOf(date: string): number {
	return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
	return toIsoDate(utcStartOf(date) + days * DAY_MS);
}

/** `from`, `from + 1`, … `to` (empty when `to` is before `from`). */
export function dateRange(from: string, to: string): string[] {
	const out: string[] = [];
	for (let date = from; date <= to; date = addDays(date, 1)) out.push(date);
	return out;
}

/**
 * The latest date whose cost is final enough to evaluate at instant `now`: yesterday in
 * `timeZone`, but never a date whose UTC bucket is still open.
 */
export function lastCompleteDate(now: number, timeZone: string): string {
	const yesterdayInZone = addDays(dateInZone(now, timeZone), -1);
	const yesterdayInUtc = addDays(toIsoDate(now), -1);
	return yesterdayInZone < yesterdayInUtc ? yesterdayInZone : yesterdayInUtc;
}
