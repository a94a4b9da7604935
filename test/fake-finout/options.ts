/**
 * Every setting of the simulator, with its default. The stages read these when a request
 * arrives (not once at start), exactly as the server always has.
 */
import type { FaultPlan } from './faults';
import type { RequestRecord } from './request-log';

export interface FakeFinoutOptions {
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 0 (random free port). */
	port?: number;
	/** Default [SANDBOX_CREDENTIALS]. Each pair is its own "key" for limits. */
	credentials?: Array<{ clientId: string; secretKey: string }>;
	/** Default 5: a request that would be the 6th in flight for a clientId gets 429 at once. */
	maxConcurrentPerKey?: number;
	/** Default 0. Each response waits latency ± jitter (uniform, seeded). */
	latencyMs?: number;
	/** Default 0. */
	jitterMs?: number;
	/** Default 60_000: length of the V2 per-route sliding window. */
	v2WindowMs?: number;
	/** Per-route-id overrides of V2_ROUTE_LIMITS (e.g. {'v2.ql.keys': 3}). */
	v2Limits?: Partial<Record<string, number>>;
	/** Per-route-id overrides of V2_DAILY_LIMITS (generate-query: 10,000/day). */
	v2DailyLimits?: Partial<Record<string, number>>;
	/** Default 86_400_000: length of the daily window. */
	v2DayWindowMs?: number;
	/** PRNG seed for latency jitter and random faults. Default 1. */
	seed?: number;
	/**
	 * Serve the seeded account under other ids (same names and data, every view, tag, scan and
	 * endpoint id derived from this salt). Default: the ids in seed.ts.
	 */
	idSalt?: string;
	/** Clock for the async-query lifecycle, results expiry, default date ranges and createdAt. Default Date.now. */
	now?: () => number;
	/** Default 500: a V2 query is 'queued' this long after submit… */
	queryQueuedMs?: number;
	/** Default 1000: …then 'running' this long, then 'completed'. */
	queryRunningMs?: number;
	/** Default 24 h: results expire this long after completion (status 'expired', results 410). */
	resultsTtlMs?: number;
	/** Random fault injection. Default none. */
	faults?: FaultPlan;
	/**
	 * Default 'refuse': a request that would be the (maxConcurrentPerKey + 1)th in flight for its
	 * key gets 429 at once, as Finout answers. 'queue' is not Finout: the request waits at the
	 * server until a slot of its key frees, then is served with its full latency, and its log
	 * entry's startedAt is when it was admitted. A yardstick for benchmarks: what clients that
	 * coordinate perfectly (one queue for all of them) would get from the key.
	 */
	overConcurrency?: 'refuse' | 'queue';
	/** Retry-After seconds on the concurrency 429. Default 1; null = no header. */
	retryAfterOnConcurrency429?: number | null;
	/** Called once per request when its response has finished or its socket closed. */
	onRequestEnd?: (record: RequestRecord) => void;
	/** Request-log cap (oldest entries are dropped). Default 200_000. */
	maxLoggedRequests?: number;
}
