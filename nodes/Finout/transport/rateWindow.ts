/**
 * Client-side view of Finout's V2 per-route, per-minute limits: a sliding log of send times per
 * (API key, route). A request is sent only when fewer than `limit` sends fall inside the window,
 * so the server never has a reason to answer 429.
 *
 * The window is a little longer than Finout's minute (`marginMs`) because the server counts
 * arrivals, which trail our send times by a network delay that varies between requests.
 */
interface RateWindowSettings {
	windowMs: number;
	marginMs: number;
}

const DEFAULT_SETTINGS: RateWindowSettings = { windowMs: 60_000, marginMs: 1_000 };

let settings: RateWindowSettings = { ...DEFAULT_SETTINGS };

const logs = new Map<string, number[]>();

/** Tests shorten the minute so the limits can be exercised in seconds. */
export function configureRateWindows(next: Partial<RateWindowSettings> | 'default'): void {
	settings = next === 'default' ? { ...DEFAULT_SETTINGS } : { ...settings, ...next };
	logs.clear();
}

/**
 * Records a send and returns 0 when the route has room; otherwise records nothing and returns
 * how many milliseconds to wait before asking again.
 */
export function takeRateSlot(key: string, limit: number, now: number): number {
	const span = settings.windowMs + settings.marginMs;
	let sends = logs.get(key);
	if (!sends) {
		sends = [];
		logs.set(key, sends);
	}
	let expired = 0;
	while (expired < sends.length && sends[expired] <= now - span) expired++;
	if (expired > 0) sends.splice(0, expired);
	if (sends.length < limit) {
		sends.push(now);
		return 0;
	}
	return Math.max(1, sends[0] + span - now);
}
