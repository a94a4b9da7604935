/**
 * Fake Finout API server for tests and the local sandbox (`npm run sandbox`).
 *
 * Written from /work/shared/finout-api.md only (never from the node's code), so that the
 * node is tested against the documented API rather than against its own assumptions.
 *
 * Request pipeline (order matters and is documented in README.md):
 *   1. auth (both headers must match one configured pair)            → 401
 *   2. concurrency per clientId (the 6th in flight is refused at once) → 429
 *   3. body read + route match                                        → 404 / 405 / 400
 *   4. V2 per-route sliding-window limits (+ daily generate-query)    → 429 + Retry-After
 *   5. scripted faults (failNext), then random faults (FaultPlan)
 *   6. handler
 * Every response except the concurrency 429 waits latency ± jitter, measured from arrival;
 * the request counts as in flight until its response has finished (or its socket closed).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CostModel } from './cost-model';
import { ApiError, v2CodeFor, type JsonObject } from './errors';
import { FaultInjector, type FaultDecision, type FaultPlan, type ScriptedFault } from './faults';
import { ConcurrencyTracker, SlidingWindowLimiter, V2_DAILY_LIMITS, V2_ROUTE_LIMITS, keyRoute } from './limits';
import { mulberry32 } from './random';
import { Router, generationOf, normalisePath, type Gen, type HandlerEnv, type HandlerResult } from './router';
import { V1_ROUTES } from './routes-v1';
import { V2_ROUTES } from './routes-v2';
import { SANDBOX_CREDENTIALS } from './seed';
import { SimState } from './state';
import type { DailyCostFn } from './types';

export type { FaultKind, FaultPlan, ScriptedFault } from './faults';
export { FAULT_KINDS } from './faults';
export { V2_ROUTE_LIMITS, V2_DAILY_LIMITS, keyRoute } from './limits';
export { SimState } from './state';
export * from './seed';

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
	/** Retry-After seconds on the concurrency 429. Default 1; null = no header. */
	retryAfterOnConcurrency429?: number | null;
	/** Called once per request when its response has finished or its socket closed. */
	onRequestEnd?: (record: RequestRecord) => void;
	/** Request-log cap (oldest entries are dropped). Default 200_000. */
	maxLoggedRequests?: number;
}

export interface RequestRecord {
	id: number;
	method: string;
	/** Raw path as received (still percent-encoded), without the query string. */
	path: string;
	query: Record<string, string>;
	/** The x-finout-client-id header as sent (even when auth failed); never the secret. */
	clientId: string | null;
	authOk: boolean;
	headersSeen: { clientId: boolean; secretKey: boolean; contentType?: string };
	/** Parsed JSON body; the raw text if it was not valid JSON; null when empty. */
	body: unknown;
	status: number | 'dropped';
	route: string | null;
	/** Epoch ms (Date.now) of arrival and of the end of the response. */
	startedAt: number;
	endedAt: number;
	/** Requests already in flight for this clientId when this one arrived. */
	inFlightAtStart: number;
}

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
	/** All route ids the server knows (29 routes; the two V2 QL spellings share ids). */
	routeIds: string[];
}

/** Every route id (29 routes; the two V2 query-language spellings share their ids). */
export const ROUTE_IDS: readonly string[] = Object.freeze(new Router([...V1_ROUTES, ...V2_ROUTES]).routeIds);

const MAX_BODY_BYTES = 20 * 1024 * 1024;

const toRecord = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

class FakeFinoutServer implements FakeFinout {
	url = '';
	port = 0;
	readonly requests: RequestRecord[] = [];
	readonly state = new SimState();
	readonly routeIds: string[];

	private readonly server: http.Server;
	private readonly router = new Router([...V1_ROUTES, ...V2_ROUTES]);
	private readonly costModel = new CostModel();
	private readonly concurrency = new ConcurrencyTracker();
	private readonly minuteLimiter = new SlidingWindowLimiter();
	private readonly dayLimiter = new SlidingWindowLimiter();
	private readonly faults: FaultInjector;
	private readonly latencyRng: () => number;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly byRoute = new Map<string, number>();
	private readonly injected = new Map<string, number>();
	private totalRequests = 0;
	private nextId = 1;
	private latencyMs: number;
	private jitterMs: number;
	private closed = false;
	private readonly env: HandlerEnv;
	private readonly now: () => number;
	private readonly credentials: Array<{ clientId: string; secretKey: string }>;

	constructor(private readonly opts: FakeFinoutOptions) {
		this.credentials = (opts.credentials ?? [SANDBOX_CREDENTIALS]).map((c) => ({ ...c }));
		this.latencyMs = opts.latencyMs ?? 0;
		this.jitterMs = opts.jitterMs ?? 0;
		const seed = opts.seed ?? 1;
		this.latencyRng = mulberry32(seed);
		this.faults = new FaultInjector(seed);
		this.faults.setPlan(opts.faults ?? null);
		if (opts.idSalt) this.state.reseed(opts.idSalt);
		this.now = opts.now ?? Date.now;
		this.env = {
			state: this.state,
			costModel: this.costModel,
			queryQueuedMs: opts.queryQueuedMs ?? 500,
			queryRunningMs: opts.queryRunningMs ?? 1000,
			resultsTtlMs: opts.resultsTtlMs ?? 24 * 3_600_000,
		};
		this.routeIds = this.router.routeIds;
		this.server = http.createServer((req, res) => this.onRequest(req, res));
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

	// -- public API -------------------------------------------------------------------

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	reset(): void {
		this.requests.length = 0;
		this.totalRequests = 0;
		this.byRoute.clear();
		this.injected.clear();
		this.concurrency.resetCounters();
		this.minuteLimiter.reset();
		this.dayLimiter.reset();
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
		this.latencyMs = latencyMs;
		this.jitterMs = jitterMs;
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
		const rateLimited = new Map(this.minuteLimiter.rejected);
		for (const [k, v] of this.dayLimiter.rejected) rateLimited.set(k, (rateLimited.get(k) ?? 0) + v);
		return {
			totalRequests: this.totalRequests,
			maxInFlightByKey: toRecord(this.concurrency.maxInFlight),
			inFlightByKey: toRecord(this.concurrency.inFlight),
			concurrency429ByKey: toRecord(this.concurrency.rejected),
			rateLimit429ByKeyRoute: toRecord(rateLimited),
			injectedFaults: toRecord(this.injected),
			byRoute: toRecord(this.byRoute),
			maxPerWindowByKeyRoute: toRecord(this.minuteLimiter.maxPerWindow),
		};
	}

	// -- request pipeline ---------------------------------------------------------------

	private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
		const arrival = performance.now();
		// Drawn at arrival so the jitter sequence depends only on arrival order.
		const delayMs = Math.max(0, this.latencyMs + (this.latencyRng() * 2 - 1) * this.jitterMs);
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://fake-finout.local');
		const rawPath = url.pathname;
		const path = normalisePath(rawPath);
		const gen = generationOf(rawPath);
		const requestId = randomUUID();
		const clientIdHeader = headerValue(req, 'x-finout-client-id');
		const secretHeader = headerValue(req, 'x-finout-secret-key');
		const authOk = this.credentials.some((c) => c.clientId === clientIdHeader && c.secretKey === secretHeader);

		const record: RequestRecord = {
			id: this.nextId++,
			method,
			path: rawPath,
			query: Object.fromEntries(url.searchParams),
			clientId: clientIdHeader,
			authOk,
			headersSeen: { clientId: clientIdHeader !== null, secretKey: secretHeader !== null, contentType: req.headers['content-type'] },
			body: null,
			status: 0,
			route: null,
			startedAt: Date.now(),
			endedAt: 0,
			inFlightAtStart: 0,
		};
		this.totalRequests++;
		this.logRequest(record);

		let entered = false;
		res.once('close', () => {
			if (entered) this.concurrency.leave(clientIdHeader!);
			record.endedAt = Date.now();
			if (record.status === 0) record.status = 'dropped'; // client went away before we answered
			this.opts.onRequestEnd?.(record);
		});

		const match = this.router.match(method, rawPath);
		record.route = match.kind === 'route' || match.kind === 'bad-param' ? match.route.id : null;
		bump(this.byRoute, record.route ?? '(unmatched)');

		if (!authOk) {
			const body = gen === 'v1'
				? { message: 'Unauthorized', requestId }
				: { requestId, error: 'UNAUTHORIZED', message: 'Missing or invalid x-finout-client-id / x-finout-secret-key headers' };
			return this.afterBody(req, () => this.sendAfterDelay(res, record, arrival, delayMs, () => ({ status: 401, body })));
		}
		const clientId = clientIdHeader!;

		const admission = this.concurrency.tryEnter(clientId, this.opts.maxConcurrentPerKey ?? 5);
		record.inFlightAtStart = admission.inFlightAtStart;
		if (!admission.ok) {
			// Refused at once, without latency, and not counted as in flight.
			req.resume();
			const retryAfter = this.opts.retryAfterOnConcurrency429 === undefined ? 1 : this.opts.retryAfterOnConcurrency429;
			const headers: Record<string, string> = retryAfter === null ? {} : { 'retry-after': String(retryAfter) };
			const message = `Too many requests: at most ${this.opts.maxConcurrentPerKey ?? 5} concurrent requests per API key`;
			this.send(res, record, { status: 429, body: envelopeError(gen, 429, 'TOO_MANY_REQUESTS', message, requestId), headers });
			return;
		}
		entered = true;

		readBody(req).then(
			(raw) => this.dispatch(req, res, record, { match, gen, method, path, clientId, requestId, arrival, delayMs, raw }),
			(err: unknown) => {
				if (err instanceof ApiError) this.sendAfterDelay(res, record, arrival, delayMs, () => this.errorResponse(gen, err, requestId));
				else res.destroy(); // the client aborted while sending its body
			},
		);
	}

	private dispatch(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		record: RequestRecord,
		c: {
			match: ReturnType<Router['match']>; gen: Gen; method: string; path: string; clientId: string;
			requestId: string; arrival: number; delayMs: number; raw: string;
		},
	): void {
		const respond = (make: () => Outgoing) => this.sendAfterDelay(res, record, c.arrival, c.delayMs, make);
		const fail = (e: ApiError) => respond(() => this.errorResponse(c.gen, e, c.requestId));

		if (c.match.kind === 'none') return fail(new ApiError(404, `No route for ${c.method} ${c.path}`));
		if (c.match.kind === 'method') {
			const allow = c.match.allowed.join(', ');
			return fail(new ApiError(405, `${c.method} is not supported on ${c.path} (allowed: ${allow})`, 'METHOD_NOT_ALLOWED', { allow }));
		}
		const route = c.match.route;

		// V2 per-route per-minute limits (and the daily generate-query limit). Checked before
		// the body is parsed: a malformed request still spends its quota.
		if (route.id.startsWith('v2.')) {
			const limited = this.checkV2Limits(c.clientId, route.id);
			if (limited) return fail(limited);
		}
		if (c.match.kind === 'bad-param') return fail(new ApiError(400, c.match.message));
		const params = c.match.params;

		let body: unknown;
		if (c.raw.trim() !== '') {
			try {
				body = JSON.parse(c.raw);
				record.body = body;
			} catch (e) {
				record.body = c.raw;
				return fail(new ApiError(400, `Request body is not valid JSON: ${(e as Error).message}`));
			}
		}

		const run = (): Outgoing => {
			try {
				const result: HandlerResult = route.handler({ params, query: record.query, body, clientId: c.clientId, now: this.now(), env: this.env });
				return { status: result.status, body: c.gen === 'v1' ? { ...result.body, requestId: c.requestId } : { requestId: c.requestId, ...result.body }, headers: result.headers };
			} catch (e) {
				if (e instanceof ApiError) return this.errorResponse(c.gen, e, c.requestId);
				return this.errorResponse(c.gen, new ApiError(500, `Internal error in fake Finout: ${(e as Error).message}`), c.requestId);
			}
		};

		const fault = this.faults.decide(c.method, c.path, route.id);
		if (fault) {
			bump(this.injected, fault.label);
			if (fault.afterMutation) run(); // the effect happens; the client just never hears about it
			if (fault.status === 'drop') return this.dropAfterDelay(req, res, record, c.arrival, c.delayMs);
			return respond(() => faultResponse(c.gen, fault, c.requestId));
		}
		respond(run);
	}

	private checkV2Limits(clientId: string, routeId: string): ApiError | null {
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

	private errorResponse(gen: Gen, e: ApiError, requestId: string): Outgoing {
		return { status: e.status, body: envelopeError(gen, e.status, e.code, e.message, requestId), headers: e.headers };
	}

	/** Wait for the request body (so keep-alive connections stay usable), then act. */
	private afterBody(req: http.IncomingMessage, then: () => void): void {
		readBody(req).then(then, then);
	}

	private sendAfterDelay(res: http.ServerResponse, record: RequestRecord, arrival: number, delayMs: number, make: () => Outgoing): void {
		const remaining = delayMs - (performance.now() - arrival);
		const go = () => this.send(res, record, make());
		if (remaining <= 0.5) return go();
		this.schedule(remaining, go);
	}

	private dropAfterDelay(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, arrival: number, delayMs: number): void {
		const remaining = delayMs - (performance.now() - arrival);
		const go = () => {
			record.status = 'dropped';
			req.socket.destroy();
			res.destroy();
		};
		if (remaining <= 0.5) return go();
		this.schedule(remaining, go);
	}

	private schedule(ms: number, fn: () => void): void {
		if (this.closed) return;
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
	}

	private send(res: http.ServerResponse, record: RequestRecord, out: Outgoing): void {
		if (res.destroyed || res.writableEnded) return;
		const isText = typeof out.body === 'string';
		const payload = isText ? (out.body as string) : JSON.stringify(out.body);
		const headers: Record<string, string | number> = {
			'content-type': out.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
			'content-length': Buffer.byteLength(payload),
			...out.headers,
		};
		record.status = out.status;
		res.writeHead(out.status, headers);
		res.end(payload);
	}

	private logRequest(record: RequestRecord): void {
		const cap = this.opts.maxLoggedRequests ?? 200_000;
		this.requests.push(record);
		if (this.requests.length > cap) this.requests.splice(0, Math.max(1, Math.floor(cap / 10)));
	}
}

interface Outgoing {
	status: number;
	body: JsonObject | string;
	headers?: Record<string, string>;
	contentType?: string;
}

/** V1 `{message, requestId}`; V2 `{requestId, error, message}` (§1.4). */
function envelopeError(gen: Gen, status: number, code: string, message: string, requestId: string): JsonObject {
	return gen === 'v1' ? { message, requestId } : { requestId, error: code || v2CodeFor(status), message };
}

const STATUS_TEXT: Record<number, string> = {
	429: 'Too many requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Server unavailable',
	504: 'Gateway Timeout',
};

/**
 * Bodies of injected faults. 502/504 come from a gateway in front of the API, so they are
 * HTML, not JSON — a client must not assume every error body parses.
 */
function faultResponse(gen: Gen, f: FaultDecision, requestId: string): Outgoing {
	const status = f.status as number;
	const headers: Record<string, string> = f.retryAfter ? { 'retry-after': f.retryAfter } : {};
	if (f.hasCustomBody) {
		return typeof f.body === 'string'
			? { status, body: f.body, headers, contentType: f.contentType }
			: { status, body: (f.body ?? {}) as JsonObject, headers };
	}
	const text = STATUS_TEXT[status] ?? `HTTP ${status}`;
	if (status === 502 || status === 504) {
		return { status, body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center></body></html>\n`, headers, contentType: 'text/html' };
	}
	return { status, body: envelopeError(gen, status, v2CodeFor(status), text, requestId), headers };
}

function headerValue(req: http.IncomingMessage, name: string): string | null {
	const v = req.headers[name];
	if (v === undefined) return null;
	return Array.isArray(v) ? v[0] : v;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => (tooLarge ? reject(new ApiError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

/** Start a fake Finout server; resolves once it listens. */
export async function startFakeFinout(options: FakeFinoutOptions = {}): Promise<FakeFinout> {
	const server = new FakeFinoutServer(options);
	await server.listen();
	return server;
}
