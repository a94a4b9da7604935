import { DAY_MS } from '../../nodes/Finout/actions/common/dateRange';
import { utcStartOf } from '../../nodes/FinoutTrigger/days';

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
	return Math.round((utcStartOf(to) - utcStartOf(from)) / DAY_MS);
}

/** Day of the week of a date label, 0 = Sunday. */
export function weekdayOf(date: string): number {
	return new Date(utcStartOf(date)).getUTCDay();
}
