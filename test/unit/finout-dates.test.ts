import { parseFinoutDate, readFinoutDate } from '../../nodes/Finout/transport/responses';

const SEP_9_2024_214755 = Date.UTC(2024, 8, 9, 21, 47, 55);

describe('parseFinoutDate: the date forms Finout writes', () => {
	test('a lower-case z is UTC, as an upper-case Z', () => {
		expect(parseFinoutDate('2026-03-01T10:00:00z')).toBe(parseFinoutDate('2026-03-01T10:00:00Z'));
		expect(parseFinoutDate('2026-03-01T10:00:00z')).toBe(Date.UTC(2026, 2, 1, 10));
	});

	it.each([
		['epoch ms as a number', 1725918475000, 1725918475000],
		['epoch ms as a numeric string', '1725918475000', 1725918475000],
		['an ISO date (UTC midnight)', '2024-09-09', Date.UTC(2024, 8, 9)],
		['an ISO date-time in UTC', '2024-09-09T21:47:55Z', SEP_9_2024_214755],
		['an ISO date-time with milliseconds', '2024-09-09T21:47:55.250Z', SEP_9_2024_214755 + 250],
		['an ISO date-time without a zone (read as UTC)', '2024-09-09T21:47:55', SEP_9_2024_214755],
		['an ISO date-time with an offset', '2024-09-09T23:47:55+02:00', SEP_9_2024_214755],
		['an ISO date-time with an offset without colon', '2024-09-09T23:47:55+0200', SEP_9_2024_214755],
		['the V1 docs form (Coordinated Universal Time)', 'Mon Sep 09 2024 21:47:55 GMT+0000 (Coordinated Universal Time)', SEP_9_2024_214755],
		['the V1 docs form (Greenwich Mean Time)', 'Mon Sep 09 2024 21:47:55 GMT+0000 (Greenwich Mean Time)', SEP_9_2024_214755],
		['the V1 form with another offset', 'Tue Sep 10 2024 00:47:55 GMT+0300 (Eastern European Summer Time)', SEP_9_2024_214755],
		['the V1 form with a negative offset', 'Mon Sep 09 2024 17:47:55 GMT-0400 (Eastern Daylight Time)', SEP_9_2024_214755],
		['the V1 form without the zone name', 'Mon Sep 09 2024 21:47:55 GMT+0000', SEP_9_2024_214755],
	])('reads %s', (_, value, expected) => {
		expect(parseFinoutDate(value)).toBe(expected);
	});

	it.each([
		['an empty string', ''],
		['a word', 'yesterday'],
		['an impossible day', '2024-02-30'],
		['an impossible hour', '2024-09-09T25:00:00Z'],
		['an impossible day in the V1 form', 'Mon Feb 31 2024 21:47:55 GMT+0000 (Coordinated Universal Time)'],
		['a date in another language', 'Lun Sep 09 2024 21:47:55 GMT+0000'],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['an instant beyond the last JavaScript date (number)', 8.64e15 + 1],
		['an instant before the first JavaScript date (text)', '-8640000000000001'],
		['an ISO date-time with a zone offset of +99:99', '2024-09-09T21:47:55+99:99'],
		['the V1 form with a zone offset of +9999', 'Mon Sep 09 2024 21:47:55 GMT+9999'],
		['null', null],
		['undefined', undefined],
		['an object', { day: '2024-09-09' }],
	])('refuses %s', (_, value) => {
		expect(parseFinoutDate(value)).toBeUndefined();
	});

	it('turns an unreadable date into the unexpected-response error, naming the field and the value', () => {
		const answer = {
			body: {},
			unexpected: (missing: string, got?: { value: unknown }) =>
				new Error(`unexpected: ${missing}${got ? ` (got ${JSON.stringify(got.value)})` : ''}`),
		};
		expect(() => readFinoutDate(answer, 'soon', 'data[2].createdAt')).toThrow(
			'unexpected: a readable date at "data[2].createdAt" (got "soon")',
		);
		expect(readFinoutDate(answer, '2024-09-09', 'data[0].day')).toBe(Date.UTC(2024, 8, 9));
	});
});
