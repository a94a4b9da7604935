/**
 * Admission: whether a request may proceed under its key's concurrency limit and, for V2
 * routes, the per-minute and daily windows; a refusal is the 429 to send. The counting
 * itself is in limits.ts.
 */
import { performance } from 'node:perf_hooks';
import { ApiError } from './errors';
import { ConcurrencyTracker, SlidingWindowLimiter, V2_DAILY_LIMITS, V2_ROUTE_LIMITS, keyRoute } from './limits';
import type { FakeFinoutOptions } from './options';

type AdmissionOptions = Pick<
	FakeFinoutOptions,
	'maxConcurrentPerKey' | 'overConcurrency' | 'retryAfterOnConcurrency429' | 'v2Limits' | 'v2WindowMs' | 'v2DailyLimits' | 'v2DayWindowMs'
>;

const toRecord = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);

export class Admission {
	private readonly concurrency = new ConcurrencyTracker();
	private readonly minuteLimiter = new SlidingWindowLimiter();
	private readonly dayLimiter = new SlidingWindowLimiter();
	/** overConcurrency 'queue': per key, the requests waiting for a slot, first come first served. */
	private readonly waiting = new Map<string, Array<() => void>>();

	constructor(private readonly opts: AdmissionOptions) {}

	/** On success the request is in flight until `leave(clientId)`; a refusal is not in flight. */
	enter(clientId: string): { refusal: ApiError | null; inFlightAtStart: number } {
		const limit = this.opts.maxConcurrentPerKey ?? 5;
		const admission = this.concurrency.tryEnter(clientId, limit, !this.queues);
		if (admission.ok) return { refusal: null, inFlightAtStart: admission.inFlightAtStart };
		const retryAfter = this.opts.retryAfterOnConcurrency429 === undefined ? 1 : this.opts.retryAfterOnConcurrency429;
		const headers: Record<string, string> = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
		const message = `Too many requests: at most ${limit} concurrent requests per API key`;
		return { refusal: new ApiError(429, message, 'TOO_MANY_REQUESTS', headers), inFlightAtStart: admission.inFlightAtStart };
	}

	/** Whether a refused request should wait for a slot instead (overConcurrency 'queue'). */
	get queues(): boolean {
		return this.opts.overConcurrency === 'queue';
	}

	/**
	 * Queue mode: `admitted` runs once the request holds a slot of its key (it must `leave` later);
	 * the returned function takes a request that no longer wants one out of the line.
	 */
	waitForSlot(clientId: string, admitted: (inFlightAtStart: number) => void): () => void {
		const line = this.waiting.get(clientId) ?? [];
		this.waiting.set(clientId, line);
		const turn = () => admitted(this.concurrency.tryEnter(clientId, this.opts.maxConcurrentPerKey ?? 5).inFlightAtStart);
		line.push(turn);
		return () => {
			const at = line.indexOf(turn);
			if (at !== -1) line.splice(at, 1);
		};
	}

	leave(clientId: string): void {
		this.concurrency.leave(clientId);
		const next = this.waiting.get(clientId)?.shift();
		if (next) next();
	}

	/** V1 routes have no windows; a V2 arrival is counted even when it is refused. */
	checkWindows(clientId: string, routeId: string): ApiError | null {
		if (!routeId.startsWith('v2.')) return null;
		const key = keyRoute(clientId, routeId);
		const t = performance.now();
		const minuteLimit = this.opts.v2Limits?.[routeId] ?? V2_ROUTE_LIMITS[routeId];
		const windowMs = this.opts.v2WindowMs ?? 60_000;
		if (minuteLimit !== undefined) {
			const v = this.minuteLimiter.arrive(key, minuteLimit, windowMs, t);
			if (!v.ok) {
				return new ApiError(429, `Too many requests: ${routeId} allows ${v.limit} requests per ${windowMs / 1000}s per API key; retry after ${v.retryAfterSeconds}s`,
					'TOO_MANY_REQUESTS', { 'retry-after': String(v.retryAfterSeconds) });
			}
		}
		const dayLimit = this.opts.v2DailyLimits?.[routeId] ?? V2_DAILY_LIMITS[routeId];
		if (dayLimit !== undefined) {
			const dayMs = this.opts.v2DayWindowMs ?? 86_400_000;
			const v = this.dayLimiter.arrive(key, dayLimit, dayMs, t, false);
			if (!v.ok) {
				return new ApiError(429, `Daily limit reached: ${routeId} allows ${v.limit} requests per day per API key`,
					'TOO_MANY_REQUESTS', { 'retry-after': String(v.retryAfterSeconds) });
			}
		}
		return null;
	}

	/** Requests still in flight stay counted: they leave later. */
	reset(): void {
		this.concurrency.resetCounters();
		this.minuteLimiter.reset();
		this.dayLimiter.reset();
	}

	counters() {
		const rateLimited = new Map(this.minuteLimiter.rejected);
		for (const [k, v] of this.dayLimiter.rejected) rateLimited.set(k, (rateLimited.get(k) ?? 0) + v);
		return {
			maxInFlightByKey: toRecord(this.concurrency.maxInFlight),
			inFlightByKey: toRecord(this.concurrency.inFlight),
			concurrency429ByKey: toRecord(this.concurrency.rejected),
			rateLimit429ByKeyRoute: toRecord(rateLimited),
			maxPerWindowByKeyRoute: toRecord(this.minuteLimiter.maxPerWindow),
		};
	}
}
