/**
 * Rate-limit machinery of the fake:
 *  - ConcurrencyTracker: "five concurrent requests per API key" (§1.3, V1 docs; applied
 *    to every route here because a client must survive it either way).
 *  - SlidingWindowLimiter: V2 per-route limits counted per minute (§1.3 table), modelled
 *    as a sliding window over arrival times, keyed by clientId + route.
 * Neither uses timers: windows are pruned lazily on each arrival, so close() has nothing
 * to clean up.
 */

/** Route ids of the V2 routes and their per-window limits (§1.3 table). */
export const V2_ROUTE_LIMITS: Readonly<Record<string, number>> = Object.freeze({
	'v2.cu.generate-query': 50,
	'v2.cu.status': 50,
	'v2.cu.results': 50,
	'v2.ql.keys': 50,
	'v2.ql.values': 50,
	'v2.vt.list': 50,
	'v2.vt.get': 100,
	'v2.vt.create': 50,
	'v2.vt.update': 100,
	'v2.vt.delete': 100,
	'v2.vt-versions.list': 50,
	'v2.vt-versions.get': 100,
	'v2.vt-metadata.get': 100,
	'v2.vt-metadata.put': 100,
});

/** generate-query also allows "up to 10K req/day" (§1.3). */
export const V2_DAILY_LIMITS: Readonly<Record<string, number>> = Object.freeze({
	'v2.cu.generate-query': 10_000,
});

/** Stats key for a client + route pair, e.g. `sandbox-client-0001|v2.ql.keys`. */
export const keyRoute = (clientId: string, routeId: string): string => `${clientId}|${routeId}`;

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

export class ConcurrencyTracker {
	readonly inFlight = new Map<string, number>();
	readonly maxInFlight = new Map<string, number>();
	readonly rejected = new Map<string, number>();

	/** Admit a request unless `limit` are already in flight for the key. */
	tryEnter(key: string, limit: number, countRefusal = true): { ok: boolean; inFlightAtStart: number } {
		const current = this.inFlight.get(key) ?? 0;
		if (current >= limit) {
			if (countRefusal) bump(this.rejected, key);
			return { ok: false, inFlightAtStart: current };
		}
		this.inFlight.set(key, current + 1);
		if (current + 1 > (this.maxInFlight.get(key) ?? 0)) this.maxInFlight.set(key, current + 1);
		return { ok: true, inFlightAtStart: current };
	}

	leave(key: string): void {
		const current = this.inFlight.get(key) ?? 0;
		if (current <= 1) this.inFlight.delete(key);
		else this.inFlight.set(key, current - 1);
	}

	/** Clear counters; requests still in flight stay counted (they will leave later). */
	resetCounters(): void {
		this.rejected.clear();
		this.maxInFlight.clear();
		for (const [k, v] of this.inFlight) this.maxInFlight.set(k, v);
	}
}

/** A FIFO of timestamps with O(1) amortised pops (Array#shift is O(n)). */
class TimeQueue {
	private items: number[] = [];
	private head = 0;

	get size(): number {
		return this.items.length - this.head;
	}
	get oldest(): number {
		return this.items[this.head];
	}
	push(t: number): void {
		this.items.push(t);
	}
	pruneBefore(cutoff: number): void {
		while (this.head < this.items.length && this.items[this.head] <= cutoff) this.head++;
		if (this.head > 1024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
	}
}

export type WindowVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number; windowMs: number };

export class SlidingWindowLimiter {
	private readonly accepted = new Map<string, TimeQueue>();
	/** Every arrival that reached the limiter (accepted or not): measures client pressure. */
	private readonly seen = new Map<string, TimeQueue>();
	readonly maxPerWindow = new Map<string, number>();
	readonly rejected = new Map<string, number>();

	/**
	 * Record an arrival at `now` (ms, monotonic) and decide. Only accepted arrivals count
	 * against the limit, so a client that backs off is served again once the oldest
	 * accepted arrival leaves the window.
	 */
	arrive(key: string, limit: number, windowMs: number, now: number, trackStats = true): WindowVerdict {
		const cutoff = now - windowMs;
		if (trackStats) {
			const seen = this.queue(this.seen, key);
			seen.pruneBefore(cutoff);
			seen.push(now);
			if (seen.size > (this.maxPerWindow.get(key) ?? 0)) this.maxPerWindow.set(key, seen.size);
		}
		const acc = this.queue(this.accepted, key);
		acc.pruneBefore(cutoff);
		if (acc.size >= limit) {
			bump(this.rejected, key);
			const retryAfterSeconds = Math.max(1, Math.ceil((acc.oldest + windowMs - now) / 1000));
			return { ok: false, retryAfterSeconds, limit, windowMs };
		}
		acc.push(now);
		return { ok: true };
	}

	reset(): void {
		this.accepted.clear();
		this.seen.clear();
		this.maxPerWindow.clear();
		this.rejected.clear();
	}

	private queue(m: Map<string, TimeQueue>, key: string): TimeQueue {
		let q = m.get(key);
		if (!q) {
			q = new TimeQueue();
			m.set(key, q);
		}
		return q;
	}
}
