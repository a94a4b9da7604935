import type { IDataObject } from 'n8n-workflow';

/**
 * Readers for Finout's 2xx answers: the one place that checks a body has the shape a caller
 * relies on. A body of another shape (an HTML login page, a proxy's `{}`, `null`, a list where
 * an object belongs) is never read as "nothing found": every reader throws the answer's
 * "Finout answered with an unexpected response (…)" NodeApiError instead, naming what was
 * missing. Used by the action node and the trigger alike.
 *
 * An answer is what `finoutRequestWithStatus` returns (only `body` and `unexpected` are used):
 *
 *   const answer = await finoutRequestWithStatus(ctx, 'listKeysV2', request);
 *   readObjectList(answer, 'data.keys')   // V2 list inside the envelope → IDataObject[]
 *   readObjectList(answer, 'scans')       // V1 list at the top level
 *   readList(answer, 'data.values')       // a list of anything (values are strings)
 *   readObject(answer, 'data')            // V2 object payload; readObject(answer) = the body
 *   readString(answer, 'data.queryId')    // a non-empty string
 *   readText(answer, view.id, 'data[0].id')   // the same for a value already taken out
 *   readAcknowledgement(answer)           // a delete's answer: empty or a JSON object
 *   readPage(answer)                      // {data: [...], pagination: {hasMore, nextCursor}}
 *   nextCursor(answer, page, seen)        // the next cursor, or undefined on the last page
 *   readFinoutDate(answer, row.day, 'data[0].day')   // epoch ms, or throws
 *   readAmount(answer, point.cost, 'data[0].cost')   // finite number, or throws
 *
 * Paths are dot-separated field names from the body's root; the same text appears in the error,
 * so a user sees e.g. `a "data.keys" list was missing`. Values already read can be checked with
 * `readFinoutDate` / `readAmount` and a label saying where they came from.
 *
 * `parseFinoutDate` is the plain parser (undefined when unreadable) for callers without an answer.
 */
export interface FinoutAnswer {
	body: unknown;
	/**
	 * Builds the unexpected-response error for this answer (route, status, content type bound).
	 * `got` is the value found instead, shown redacted and shortened ("got …").
	 */
	unexpected(missing: string, got?: { value: unknown }): Error;
}

/** One page of a cursor-paged V2 list (cost-usage results, virtual tag versions). */
export interface FinoutPage {
	rows: IDataObject[];
	hasMore: boolean;
	/** Present whenever hasMore is true. */
	nextCursor?: string;
	/** Cost-usage results only: how many rows the whole query has, when Finout says. */
	totalRows?: number;
}

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(body: unknown, path: string): unknown {
	if (path === '') return body;
	let current: unknown = body;
	for (const field of path.split('.')) {
		if (!isPlainObject(current)) return undefined;
		current = current[field];
	}
	return current;
}

export function readObject(answer: FinoutAnswer, path = ''): IDataObject {
	const value = valueAt(answer.body, path);
	if (!isPlainObject(value)) throw answer.unexpected(path ? `a "${path}" object` : 'a JSON object');
	return value;
}

export function readList(answer: FinoutAnswer, path: string): unknown[] {
	const value = valueAt(answer.body, path);
	if (!Array.isArray(value)) throw answer.unexpected(`a "${path}" list`);
	return value;
}

/** A list whose every entry is an object (tags, scans, endpoints, keys, rows…). */
export function readObjectList(answer: FinoutAnswer, path: string): IDataObject[] {
	const list = readList(answer, path);
	const wrong = list.findIndex((entry) => !isPlainObject(entry));
	if (wrong >= 0) throw answer.unexpected(`an object at "${path}[${wrong}]"`);
	return list as IDataObject[];
}

export function readString(answer: FinoutAnswer, path: string): string {
	const value = valueAt(answer.body, path);
	if (typeof value !== 'string' || value.trim() === '') throw answer.unexpected(`a "${path}" text`);
	return value;
}

/** A value already taken from the answer that must be a non-empty string (an ID, a name). */
export function readText(answer: FinoutAnswer, value: unknown, where: string): string {
	if (typeof value !== 'string' || value.trim() === '')
		throw answer.unexpected(`a "${where}" text`);
	return value;
}

/**
 * The answer to a change whose body nothing is read from (a delete): nothing at all, or a JSON
 * object such as `{requestId}`. A web page, a list or `null` still means the request did not
 * reach Finout's API.
 */
export function readAcknowledgement(answer: FinoutAnswer): void {
	if (answer.body === undefined || answer.body === '' || isPlainObject(answer.body)) return;
	throw answer.unexpected('an empty answer or a JSON object');
}

/**
 * A cursor page: `data` is a list of objects and `pagination.hasMore` a boolean; a page that
 * says there is more must carry the cursor of the next one.
 */
export function readPage(answer: FinoutAnswer): FinoutPage {
	const rows = readObjectList(answer, 'data');
	const pagination = readObject(answer, 'pagination');
	if (typeof pagination.hasMore !== 'boolean')
		throw answer.unexpected('a "pagination.hasMore" true/false');
	const page: FinoutPage = { rows, hasMore: pagination.hasMore };
	if (page.hasMore) page.nextCursor = readString(answer, 'pagination.nextCursor');
	const totalRows = readOptionalCount(answer, pagination.totalRows, 'pagination.totalRows');
	if (totalRows !== undefined) page.totalRows = totalRows;
	return page;
}

/** A whole count of 0 or more, as a number or its text; undefined when absent or null. */
export function readOptionalCount(
	answer: FinoutAnswer,
	value: unknown,
	field: string,
): number | undefined {
	if (value === undefined || value === null) return undefined;
	const count =
		typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')
			? Number(value)
			: NaN;
	if (!Number.isInteger(count) || count < 0) throw answer.unexpected(`a whole "${field}"`);
	return count;
}

/**
 * The cursor for the page after `page`, or undefined when it was the last. A page that says
 * there is more but brings no row, or hands back a cursor already followed, would make the
 * reader loop forever: that is an unexpected answer, never a silent stop with half the rows.
 * `seen` collects the cursors followed so far; give the same set for every page of one listing.
 */
export function nextCursor(
	answer: FinoutAnswer,
	page: FinoutPage,
	seen: Set<string>,
): string | undefined {
	if (!page.hasMore || page.nextCursor === undefined) return undefined;
	if (page.rows.length === 0) throw answer.unexpected('a row on a page that says more follow');
	if (seen.has(page.nextCursor))
		throw answer.unexpected('a new "pagination.nextCursor" (the same cursor came back twice)');
	seen.add(page.nextCursor);
	return page.nextCursor;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
// JavaScript's Date.toString(), which Finout's V1 answers carry in createdAt / updatedAt:
// "Mon Sep 09 2024 21:47:55 GMT+0000 (Coordinated Universal Time)".
const JS_DATE =
	/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-])(\d{2}):?(\d{2})(?: \([^)]*\))?$/;

/**
 * Epoch milliseconds of a date as Finout writes it: epoch ms (number or numeric string), an ISO
 * 8601 date or date-time (read as UTC when it has no zone), or JavaScript's Date.toString() form.
 * Anything else, including impossible dates such as 2024-02-30, a zone offset such as +99:99 and
 * instants beyond JavaScript's date range, is undefined.
 */
export function parseFinoutDate(value: unknown): number | undefined {
	const ms = parseAnyFinoutDate(value);
	return ms !== undefined && isInstant(ms) ? ms : undefined;
}

/** ±8.64e15 ms: the range of a JavaScript Date. Beyond it `new Date(ms)` is an Invalid Date. */
const LAST_INSTANT_MS = 8.64e15;

function isInstant(ms: number): boolean {
	return Number.isFinite(ms) && Math.abs(ms) <= LAST_INSTANT_MS;
}

function parseAnyFinoutDate(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	const iso = ISO_DATE.exec(text);
	if (iso) {
		const [
			,
			year,
			month,
			day,
			hours = '00',
			minutes = '00',
			seconds = '00',
			fraction = '',
			zone = 'Z',
		] = iso;
		if (
			!isRealDay(Number(year), Number(month), Number(day)) ||
			!isRealTime(hours, minutes, seconds)
		)
			return undefined;
		const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
		return Date.parse(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}${fraction}${offset}`);
	}
	const js = JS_DATE.exec(text);
	if (js) {
		const [, monthName, day, year, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = js;
		const month = MONTHS.indexOf(monthName) + 1;
		if (
			!isRealDay(Number(year), month, Number(day)) ||
			!isRealTime(hours, minutes, seconds) ||
			!isRealTime(offsetHours, offsetMinutes, '00')
		)
			return undefined;
		const local = Date.UTC(
			Number(year),
			month - 1,
			Number(day),
			Number(hours),
			Number(minutes),
			Number(seconds),
		);
		const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
		return sign === '+' ? local - offsetMs : local + offsetMs;
	}
	return undefined;
}

function isRealTime(hours: string, minutes: string, seconds: string): boolean {
	return Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59;
}

function isRealDay(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Epoch ms of a date in an answer; an unreadable date is an unexpected answer, not a skipped row. */
export function readFinoutDate(answer: FinoutAnswer, value: unknown, where: string): number {
	const ms = parseFinoutDate(value);
	if (ms === undefined) throw answer.unexpected(`a readable date at "${where}"`, { value });
	return ms;
}

// A decimal number as text: Number() alone also reads "0x10", "0b11", "" and "  " (as 0).
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cost or usage amount: a finite number, or a decimal text holding one. Never NaN. */
export function parseAmount(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
		const number = Number(value);
		return Number.isFinite(number) ? number : undefined;
	}
	return undefined;
}

export function readAmount(answer: FinoutAnswer, value: unknown, where: string): number {
	const amount = parseAmount(value);
	if (amount === undefined) throw answer.unexpected(`a number at "${where}"`, { value });
	return amount;
}
