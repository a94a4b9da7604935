import type { FinoutAnswer } from '../../nodes/Finout/transport/responses';
import {
	nextCursor,
	parseAmount,
	readAmount,
	readList,
	readObject,
	readObjectList,
	readPage,
	readString,
} from '../../nodes/Finout/transport/responses';

class Unexpected extends Error {}

function answer(body: unknown): FinoutAnswer {
	// The transport shows the value found redacted and shortened; here it is shown as it came.
	return {
		body,
		unexpected: (missing, got) =>
			new Unexpected(`${missing}${got ? ` (got ${JSON.stringify(got.value)})` : ''} was missing`),
	};
}

const WRONG_BODIES: Array<[string, unknown]> = [
	['an HTML page', '<!doctype html><html><body>Sign in</body></html>'],
	['{}', {}],
	['{"data":{}}', { data: {} }],
	['[]', []],
	['null', null],
	['nothing', undefined],
];

describe('response readers', () => {
	it('read the shapes Finout sends', () => {
		expect(readObjectList(answer({ data: [{ id: 'a' }] }), 'data')).toEqual([{ id: 'a' }]);
		expect(readObjectList(answer({ data: { keys: [{ key: 'region' }] } }), 'data.keys')).toEqual([{ key: 'region' }]);
		expect(readList(answer({ values: ['us-east-1', 2] }), 'values')).toEqual(['us-east-1', 2]);
		expect(readObject(answer({ data: { id: 't1' } }), 'data')).toEqual({ id: 't1' });
		expect(readObject(answer({ id: 't1', requestId: 'r' }))).toEqual({ id: 't1', requestId: 'r' });
		expect(readString(answer({ data: { queryId: 'q-1' } }), 'data.queryId')).toBe('q-1');
		expect(readObjectList(answer({ data: [] }), 'data')).toEqual([]);
	});

	it.each(WRONG_BODIES.filter(([name]) => name !== '{"data":{}}'))('refuse %s where a list is expected', (_, body) => {
		expect(() => readObjectList(answer(body), 'data')).toThrow('a "data" list was missing');
	});

	it('refuse {"data":{}} where a list is expected', () => {
		expect(() => readObjectList(answer({ data: {} }), 'data')).toThrow('a "data" list was missing');
		expect(() => readObjectList(answer({ data: {} }), 'data.keys')).toThrow('a "data.keys" list was missing');
	});

	it.each(WRONG_BODIES)('refuse %s where a V2 object or string is expected', (_, body) => {
		expect(() => readString(answer(body), 'data.queryId')).toThrow('a "data.queryId" text was missing');
		if (!(typeof body === 'object' && body !== null && 'data' in body)) {
			expect(() => readObject(answer(body), 'data')).toThrow('a "data" object was missing');
		}
	});

	it('refuse a body that is not an object where the body itself is the object', () => {
		for (const body of ['<html></html>', [], null, undefined, 42]) {
			expect(() => readObject(answer(body))).toThrow('a JSON object was missing');
		}
	});

	it('refuse a list holding something other than objects, naming the entry', () => {
		expect(() => readObjectList(answer({ scans: [{ scanId: 'a' }, 'b'] }), 'scans')).toThrow(
			'an object at "scans[1]" was missing',
		);
	});
});

describe('cursor pages', () => {
	it('read a page and its cursor', () => {
		const page = readPage(answer({ data: [{ a: 1 }], pagination: { hasMore: true, nextCursor: 'c2', totalRows: 5 } }));
		expect(page).toEqual({ rows: [{ a: 1 }], hasMore: true, nextCursor: 'c2', totalRows: 5 });
		expect(readPage(answer({ data: [], pagination: { hasMore: false, nextCursor: null } }))).toEqual({
			rows: [],
			hasMore: false,
		});
	});

	it.each([
		['no pagination', { data: [] }, 'a "pagination" object'],
		['no hasMore', { data: [], pagination: {} }, 'a "pagination.hasMore" true/false'],
		['hasMore without a cursor', { data: [{}], pagination: { hasMore: true } }, 'a "pagination.nextCursor" text'],
		['a broken totalRows', { data: [], pagination: { hasMore: false, totalRows: 'many' } }, 'a whole "pagination.totalRows"'],
	])('refuse a page with %s', (_, body, missing) => {
		expect(() => readPage(answer(body))).toThrow(`${missing} was missing`);
	});

	it('stop on the last page, and refuse a cursor that does not advance or a page without rows that says more follow', () => {
		const seen = new Set<string>();
		const first = answer({ data: [{ a: 1 }], pagination: { hasMore: true, nextCursor: 'c2' } });
		expect(nextCursor(first, readPage(first), seen)).toBe('c2');
		expect(() => nextCursor(first, readPage(first), seen)).toThrow(/same cursor came back twice/);
		const empty = answer({ data: [], pagination: { hasMore: true, nextCursor: 'c3' } });
		expect(() => nextCursor(empty, readPage(empty), seen)).toThrow('a row on a page that says more follow was missing');
		const last = answer({ data: [{ a: 2 }], pagination: { hasMore: false } });
		expect(nextCursor(last, readPage(last), seen)).toBeUndefined();
	});
});

describe('amounts', () => {
	it.each([
		['a signed decimal', '-12.50', -12.5],
		['an exponent', '1.5e3', 1500],
		['a leading dot', '.5', 0.5],
		['spaces around it', ' 7 ', 7],
	])('read %s as text', (_, text, expected) => {
		expect(parseAmount(text)).toBe(expected);
	});

	it.each(['0x10', '0b11', '0o7', '   ', 'Infinity', '1e400', '12,5', '1_000'])('refuse the text %j', (text) => {
		expect(parseAmount(text)).toBeUndefined();
	});

	it('read numbers and numeric strings, never NaN', () => {
		expect(parseAmount(12.5)).toBe(12.5);
		expect(parseAmount('12.5')).toBe(12.5);
		expect(parseAmount('')).toBeUndefined();
		expect(parseAmount('n/a')).toBeUndefined();
		expect(parseAmount(Number.NaN)).toBeUndefined();
		expect(parseAmount(null)).toBeUndefined();
		expect(() => readAmount(answer({}), 'n/a', 'data[0].data[1].cost')).toThrow(
			'a number at "data[0].data[1].cost" (got "n/a") was missing',
		);
	});
});
