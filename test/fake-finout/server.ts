/**
 * Fake Finout API server for tests and the local sandbox (`npm run sandbox`): `startFakeFinout`
 * and the controls of a running simulator. What happens to each request, stage by stage, is
 * in pipeline.ts.
 *
 * Written from /work/shared/finout-api.md only (never from the node's code), so that the
 * node is tested against the documented API rather than against its own assumptions.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Admission } from './admission';
import { CostModel } from './cost-model';
import { FaultInjector, type FaultPlan, type ScriptedFault } from './faults';
import type { FakeFinoutOptions } from './options';
import { RequestPipeline } from './pipeline';
import { RequestLog, type RequestRecord } from './request-log';
import { Responder } from './responder';
import { Router } from './router';
import { V1_ROUTES } from './routes-v1';
import { V2_ROUTES } from './routes-v2';
import { SANDBOX_CREDENTIALS } from './seed';
import { SimState } from './state';
import type { DailyCostFn } from './types';

export type { FaultKind, FaultPlan, ScriptedFault } from './faults';
export { FAULT_KINDS } from './faults';
export { V2_ROUTE_LIMITS, V2_DAILY_LIMITS, keyRoute } from './limits';
export type { FakeFinoutOptions } from './options';
export type { RequestRecord } from './request-log';
export { SimState } from './state';
export * from './seed';

export interface FakeStats {
	totalRequests: number;
	maxInFlightByKey: Record<string, number>;
	inFlightByKey: Record<string, number>;
	concurrency429ByKey: Record<string, number>;
	/** Keys are `${clientId}|${routeId}` (see keyRoute()). */
	rateLimit429ByKeyRoute: Record<string, number>;
	injectedFaults: Record<string, number>;
	byRoute: Record<string, number>;
	/** Largest number of arrivals (accepted or refused) seen in any sliding window, per `${clientId}|${routeId}`. */
	maxPerWindowByKeyRoute: Record<string, number>;
}

export type FailNextRule = ScriptedFault;

export interface FakeFinout {
	url: string;
	port: number;
	close(): Promise<void>;
	reset(): void;
	resetData(): void;
	setFaults(plan: FaultPlan | null): void;
	failNext(rule: FailNextRule): void;
	setLatency(latencyMs: number, jitterMs?: number): void;
	stats(): FakeStats;
	requests: RequestRecord[];
	state: SimState;
	setDailyCost(fn: DailyCostFn | null): void;
	failQuery(queryId: string): void;
	expireQuery(queryId: string): void;
	/** All route ids the server knows (the two V2 QL spellings share ids). */
	routeIds: string[];
}

/** Every route id, once each (the two V2 query-language spellings share their ids). */
export const ROUTE_IDS: readonly string[] = Object.freeze(new Router([...V1_ROUTES, ...V2_ROUTES]).routeIds);

class FakeFinoutServer implements FakeFinout {
	url = '';
	port = 0;
	readonly requests: RequestRecord[];
	readonly state = new SimState();
	readonly routeIds: string[];

	private readonly server: http.Server;
	private readonly costModel = new CostModel();
	private readonly log: RequestLog;
	private readonly admission: Admission;
	private readonly faults: FaultInjector;
	private readonly responder: Responder;
	private readonly now: () => number;
	private closed = false;

	constructor(private readonly opts: FakeFinoutOptions) {
		const credentials = (opts.credentials ?? [SANDBOX_CREDENTIALS]).map((c) => ({ ...c }));
		const seed = opts.seed ?? 1;
		this.responder = new Responder(seed, opts.latencyMs ?? 0, opts.jitterMs ?? 0);
		this.faults = new FaultInjector(seed);
		this.faults.setPlan(opts.faults ?? null);
		if (opts.idSalt) this.state.reseed(opts.idSalt);
		this.now = opts.now ?? Date.now;
		this.log = new RequestLog(opts);
		this.requests = this.log.requests;
		this.admission = new Admission(opts);
		const router = new Router([...V1_ROUTES, ...V2_ROUTES]);
		this.routeIds = router.routeIds;
		const pipeline = new RequestPipeline({
			opts,
			credentials,
			router,
			log: this.log,
			admission: this.admission,
			faults: this.faults,
			responder: this.responder,
			now: this.now,
			env: {
				state: this.state,
				costModel: this.costModel,
				queryQueuedMs: opts.queryQueuedMs ?? 500,
				queryRunningMs: opts.queryRunningMs ?? 1000,
				resultsTtlMs: opts.resultsTtlMs ?? 24 * 3_600_000,
			},
		});
		this.server = http.createServer((req, res) => pipeline.handle(req, res));
	}

	async listen(): Promise<void> {
		const host = this.opts.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.opts.port ?? 0, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.responder.stop();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	reset(): void {
		this.log.reset();
		this.admission.reset();
		this.faults.clearScripted();
	}

	resetData(): void {
		this.state.reset();
	}

	setFaults(plan: FaultPlan | null): void {
		this.faults.setPlan(plan);
	}

	failNext(rule: FailNextRule): void {
		this.faults.failNext(rule);
	}

	setLatency(latencyMs: number, jitterMs = 0): void {
		this.responder.setLatency(latencyMs, jitterMs);
	}

	setDailyCost(fn: DailyCostFn | null): void {
		this.costModel.override = fn;
		// Cached result sets were computed with the old model.
		for (const q of this.state.queries.values()) delete q.result;
	}

	failQuery(queryId: string): void {
		const q = this.state.queries.get(queryId);
		if (!q) throw new Error(`failQuery: unknown queryId ${queryId}`);
		q.failed = true;
	}

	expireQuery(queryId: string): void {
		const q = this.state.queries.get(queryId);
		if (!q) throw new Error(`expireQuery: unknown queryId ${queryId}`);
		q.forcedExpired = true;
		q.forcedExpiredAt = this.now();
	}

	stats(): FakeStats {
		const log = this.log.counters();
		const admission = this.admission.counters();
		return {
			totalRequests: log.totalRequests,
			maxInFlightByKey: admission.maxInFlightByKey,
			inFlightByKey: admission.inFlightByKey,
			concurrency429ByKey: admission.concurrency429ByKey,
			rateLimit429ByKeyRoute: admission.rateLimit429ByKeyRoute,
			injectedFaults: log.injectedFaults,
			byRoute: log.byRoute,
			maxPerWindowByKeyRoute: admission.maxPerWindowByKeyRoute,
		};
	}
}

/** Start a fake Finout server; resolves once it listens. */
export async function startFakeFinout(options: FakeFinoutOptions = {}): Promise<FakeFinout> {
	const server = new FakeFinoutServer(options);
	await server.listen();
	return server;
}
