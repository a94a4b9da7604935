import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseFinoutDate } from '../../transport/responses';

export const DAY_MS = 86_400_000;

export interface DateRange {
	startMs: number;
	endMs: number;
}

type DateRangePreset =
	'yesterday' | 'last7Days' | 'last30Days' | 'monthToDate' | 'lastMonth' | 'custom' | 'viewDefault';

/** One sentence for every date hint, so the node and the trigger say the same thing. */
const DATE_RULE_HINT =
	'Dates are UTC and both ends are included: an End without a time (or at 00:00) covers that whole day, so Start = End is one day.';

/**
 * Date-range fields shared by the cost operations. Presets count whole UTC days because
 * Finout's daily buckets are UTC; "last N days" ends at the start of today (UTC), since today's
 * costs are still arriving. Start and End are not `required`: an AI agent fills them with
 * $fromAI(), which n8n cannot evaluate when activating, so `readDateRange` checks them instead.
 */
export function dateRangeProperties(options: {
	description: string;
	allowViewDefault?: boolean;
}): INodeProperties[] {
	const presets = [
		{ name: 'Yesterday', value: 'yesterday', description: 'The last full UTC day' },
		{ name: 'Last 7 Days', value: 'last7Days', description: 'The 7 full UTC days before today' },
		{ name: 'Last 30 Days', value: 'last30Days', description: 'The 30 full UTC days before today' },
		{
			name: 'This Month',
			value: 'monthToDate',
			description: 'From the 1st of this month (UTC) until now',
		},
		{ name: 'Last Month', value: 'lastMonth', description: 'The previous calendar month (UTC)' },
		{ name: 'Custom', value: 'custom', description: 'Pick a start and an end' },
	];
	if (options.allowViewDefault) {
		presets.push({
			name: "View's Saved Range",
			value: 'viewDefault',
			description: 'Send no dates: Finout uses the date range saved with the view',
		});
	}
	return [
		{
			displayName: 'Date Range',
			name: 'dateRange',
			type: 'options',
			options: presets,
			default: 'last7Days',
			description: options.description,
			hint: DATE_RULE_HINT,
		},
		{
			displayName: 'Start',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			placeholder: 'e.g. 2026-03-01',
			displayOptions: { show: { dateRange: ['custom'] } },
			description:
				'First day of the period (included), e.g. 2026-03-01. Times without a zone are read as UTC.',
		},
		{
			displayName: 'End',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			placeholder: 'e.g. 2026-03-07',
			displayOptions: { show: { dateRange: ['custom'] } },
			description:
				'Last day of the period (included, the whole day unless a time is given). Times without a zone are read as UTC.',
		},
	];
}

export function readDateRange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: { maxDays?: number; apiName: string },
	now: number = Date.now(),
): DateRange | undefined {
	const preset = ctx.getNodeParameter('dateRange', itemIndex) as DateRangePreset;
	if (preset === 'viewDefault') return undefined;
	const range =
		preset === 'custom'
			? {
					startMs: readInstant(ctx, itemIndex, 'startDate', 'Start'),
					endMs: inclusiveEnd(readInstant(ctx, itemIndex, 'endDate', 'End')),
				}
			: presetRange(preset, now);
	if (range.startMs >= range.endMs) {
		throw new NodeOperationError(ctx.getNode(), `Start must be before End (item ${itemIndex})`, {
			itemIndex,
			description: `Got Start ${new Date(range.startMs).toISOString()} and End ${new Date(range.endMs).toISOString()}.`,
		});
	}
	const days = (range.endMs - range.startMs) / DAY_MS;
	if (limits.maxDays !== undefined && days > limits.maxDays) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Date Range is ${Math.ceil(days)} days long; ${limits.apiName} accepts at most ${limits.maxDays} (item ${itemIndex})`,
			{
				itemIndex,
				description: `Shorten the range, or split it into periods of ${limits.maxDays} days or less.`,
			},
		);
	}
	return range;
}

function presetRange(
	preset: Exclude<DateRangePreset, 'custom' | 'viewDefault'>,
	now: number,
): DateRange {
	const today = startOfUtcDay(now);
	const date = new Date(now);
	switch (preset) {
		case 'yesterday':
			return { startMs: today - DAY_MS, endMs: today - 1 };
		case 'last7Days':
			return { startMs: today - 7 * DAY_MS, endMs: today - 1 };
		case 'last30Days':
			return { startMs: today - 30 * DAY_MS, endMs: today - 1 };
		case 'monthToDate':
			return { startMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), endMs: now };
		case 'lastMonth':
			return {
				startMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1),
				endMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - 1,
			};
	}
}

function startOfUtcDay(ms: number): number {
	return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function toIsoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/**
 * End is inclusive: a date without a time (which n8n's date picker sends as 00:00) means the
 * whole day, up to its last millisecond, as Finout's date fields are inclusive.
 */
function inclusiveEnd(endMs: number): number {
	return endMs === startOfUtcDay(endMs) ? endMs + DAY_MS - 1 : endMs;
}

function readInstant(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): number {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const ms = readOptionalInstant(ctx, itemIndex, raw, label);
	if (ms === undefined) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty (item ${itemIndex})`, {
			itemIndex,
			description: `Date Range is Custom: enter the ${label.toLowerCase()} as a date such as 2026-03-01. ${DATE_RULE_HINT}`,
		});
	}
	return ms;
}

/**
 * A dateTime parameter value (ISO text, epoch ms, Date or Luxon DateTime from an expression) as
 * epoch milliseconds; `undefined` when empty. Times without a zone are UTC, as in Finout.
 */
export function readOptionalInstant(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	label: string,
): number | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const ms = toMillis(raw);
	if (ms === undefined || ms < 0) throw invalidDate(ctx, itemIndex, raw, label);
	if (isEpochNumber(raw) && ms < SECONDS_LOOKALIKE_BELOW) {
		const compactDay = typeof raw === 'string' ? /^(\d{4})(\d{2})(\d{2})$/.exec(raw.trim()) : null;
		if (compactDay) {
			const [, year, month, day] = compactDay;
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} looks like a date without dashes (item ${itemIndex})`,
				{
					itemIndex,
					description: `Write it as YYYY-MM-DD: ${year}-${month}-${day}. Digits alone are read as epoch milliseconds. Got: ${JSON.stringify(raw)}.`,
				},
			);
		}
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} looks like seconds, not milliseconds (item ${itemIndex})`,
			{
				itemIndex,
				description: `Finout expects milliseconds; this looks like seconds. Multiply it by 1000, or use an ISO date such as 2026-01-31. Got: ${JSON.stringify(raw)}.`,
			},
		);
	}
	return Math.floor(ms);
}

/**
 * Epoch milliseconds below this are before March 1973, while today's epoch seconds (about
 * 1.7e9) lie below it too: such a number is seconds sent where Finout reads milliseconds.
 */
const SECONDS_LOOKALIKE_BELOW = 1e11;

function isEpochNumber(raw: unknown): boolean {
	return typeof raw === 'number' || (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()));
}

function invalidDate(ctx: IExecuteFunctions, itemIndex: number, raw: unknown, label: string) {
	return new NodeOperationError(ctx.getNode(), `${label} is not a valid date (item ${itemIndex})`, {
		itemIndex,
		description: `Use an ISO date such as 2026-01-31 or 2026-01-31T00:00:00Z. Got: ${JSON.stringify(raw) ?? 'nothing'}.`,
	});
}

function toMillis(raw: unknown): number | undefined {
	if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.getTime();
	if (
		typeof raw === 'object' &&
		raw !== null &&
		typeof (raw as { toMillis?: unknown }).toMillis === 'function'
	) {
		const ms = (raw as { toMillis: () => number }).toMillis();
		return Number.isFinite(ms) ? ms : undefined;
	}
	// Numbers and texts are read as Finout's own dates are: a day that does not exist (2026-02-30)
	// or a text without its year first ("March 1") is refused, where Date.parse would move or
	// guess it.
	return parseFinoutDate(raw);
}
