/** Assertions on what the fake Finout server saw. */
import type { FakeFinout } from '../../fake-finout/server';
import { SANDBOX_CREDENTIALS } from '../../fake-finout/server';

/** Finout's documented limit: five requests in flight per API key. */
export const FINOUT_MAX_IN_FLIGHT = 5;

export interface TrafficSummary {
	requests: number;
	maxInFlight: number;
	concurrency429: number;
}

export function summarizeTraffic(sim: FakeFinout): TrafficSummary {
	const stats = sim.stats();
	const key = SANDBOX_CREDENTIALS.clientId;
	return {
		requests: stats.totalRequests,
		maxInFlight: stats.maxInFlightByKey[key] ?? 0,
		concurrency429: stats.concurrency429ByKey[key] ?? 0,
	};
}

/** Both auth headers on every request, accepted keys, and never over the in-flight limit. */
export function expectWellBehavedTraffic(sim: FakeFinout): TrafficSummary {
	const summary = summarizeTraffic(sim);
	expect(summary.requests).toBeGreaterThan(0);
	const missingHeaders = sim.requests.filter((r) => !r.headersSeen.clientId || !r.headersSeen.secretKey);
	expect(missingHeaders.map((r) => `${r.method} ${r.path}`)).toEqual([]);
	expect(sim.requests.filter((r) => !r.authOk).map((r) => `${r.method} ${r.path}`)).toEqual([]);
	expect(summary.maxInFlight).toBeLessThanOrEqual(FINOUT_MAX_IN_FLIGHT);
	expect(summary.concurrency429).toBe(0);
	return summary;
}
