import { configureRateWindows, takeRateSlot } from '../../nodes/Finout/transport/rateWindow';

afterEach(() => configureRateWindows('default'));

test('allows `limit` sends per window, then says how long until the oldest leaves it', () => {
	configureRateWindows({ windowMs: 1000, marginMs: 100 });
	for (let i = 0; i < 3; i++) expect(takeRateSlot('k', 3, 10_000 + i)).toBe(0);
	expect(takeRateSlot('k', 3, 10_500)).toBe(10_000 + 1100 - 10_500);
	expect(takeRateSlot('k', 3, 11_100)).toBe(0);
});

test('keys and routes are counted separately', () => {
	configureRateWindows({ windowMs: 1000, marginMs: 0 });
	expect(takeRateSlot('key-a:route', 1, 0)).toBe(0);
	expect(takeRateSlot('key-b:route', 1, 0)).toBe(0);
	expect(takeRateSlot('key-a:route', 1, 10)).toBeGreaterThan(0);
});

test('a refused attempt is not recorded', () => {
	configureRateWindows({ windowMs: 1000, marginMs: 0 });
	takeRateSlot('r', 1, 0);
	takeRateSlot('r', 1, 500);
	takeRateSlot('r', 1, 900);
	expect(takeRateSlot('r', 1, 1000)).toBe(0);
});
