/**
 * One request's path through the simulator. The order matters and README.md documents it.
 * On arrival the request is logged and counted under its route id (request-log.ts), then:
 *   1. auth: both headers must match one configured pair          → 401 (auth.ts)
 *   2. concurrency per clientId: the 6th in flight is refused     → 429 at once (admission.ts);
 *      with overConcurrency 'queue' it waits for a slot instead (a benchmark yardstick)
 *   3. body read, capped at 20 MB (request-intake.ts)             → 413
 *      route match (dispatch.ts)                                  → 404 / 405
 *   4. V2 per-route sliding windows (+ daily generate-query)      → 429 + Retry-After (admission.ts)
 *   5. bad percent-encoding in a path parameter, invalid JSON     → 400
 *   6. scripted faults (failNext), then random faults (FaultPlan)   (faults.ts, fault-response.ts)
 *   7. the route's handler, its payload in the generation's envelope (dispatch.ts, envelope.ts)
 * Every response except the concurrency 429 waits latency ± jitter, measured from arrival
 * (responder.ts); the request counts as in flight until its response has finished (or its
 * socket closed).
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Admission } from './admission';
import { isAuthenticated, unauthorizedBody, type KeyPair } from './auth';
import { routeIdOf, routedOrError, runHandler } from './dispatch';
import { errorResponse, type Outgoing } from './envelope';
import { ApiError } from './errors';
import { faultResponse } from './fault-response';
import type { FaultInjector } from './faults';
import type { FakeFinoutOptions } from './options';
import { describeRequest, drainBody, parseJsonBody, readBody, type IncomingRequest } from './request-intake';
import type { RequestLog, RequestRecord } from './request-log';
import type { Responder } from './responder';
import type { HandlerEnv, Router, RouteMatch } from './router';

export interface PipelineParts {
	opts: Pick<FakeFinoutOptions, 'onRequestEnd'>;
	credentials: readonly KeyPair[];
	router: Router;
	log: RequestLog;
	admission: Admission;
	faults: FaultInjector;
	responder: Responder;
	env: HandlerEnv;
	now: () => number;
}

/** An admitted request whose body has been read. */
interface Admitted {
	incoming: IncomingRequest;
	match: RouteMatch;
	clientId: string;
	requestId: string;
	arrival: number;
	delayMs: number;
	raw: string;
}

export class RequestPipeline {
	constructor(private readonly parts: PipelineParts) {}

	handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const arrival = performance.now();
		const delayMs = this.parts.responder.drawDelayMs();
		const incoming = describeRequest(req);
		const { gen } = incoming;
		const requestId = randomUUID();
		const authOk = isAuthenticated(this.parts.credentials, incoming.clientId, incoming.secretKey);

		const record = this.parts.log.open({
			method: incoming.method,
			path: incoming.rawPath,
			query: incoming.query,
			clientId: incoming.clientId,
			authOk,
			headersSeen: { clientId: incoming.clientId !== null, secretKey: incoming.secretKey !== null, contentType: incoming.contentType },
		});

		let entered = false;
		res.once('close', () => {
			if (entered) this.parts.admission.leave(incoming.clientId!);
			record.endedAt = Date.now();
			if (record.status === 0) record.status = 'dropped'; // client went away before we answered
			this.parts.opts.onRequestEnd?.(record);
		});

		const match = this.parts.router.match(incoming.method, incoming.rawPath);
		record.route = routeIdOf(match);
		this.parts.log.countRoute(record.route);
		const reply = (make: () => Outgoing) => this.parts.responder.sendAfterDelay(res, record, arrival, delayMs, make);

		if (!authOk) return drainBody(req, () => reply(() => ({ status: 401, body: unauthorizedBody(gen, requestId) })));
		const clientId = incoming.clientId!;

		const proceed = (admittedAt: number) => {
			entered = true;
			const answer = (make: () => Outgoing) => this.parts.responder.sendAfterDelay(res, record, admittedAt, delayMs, make);
			readBody(req).then(
				(raw) => this.dispatch(req, res, record, { incoming, match, clientId, requestId, arrival: admittedAt, delayMs, raw }),
				(err: unknown) => {
					if (err instanceof ApiError) answer(() => errorResponse(gen, err, requestId));
					else res.destroy(); // the client aborted while sending its body
				},
			);
		};

		const admission = this.parts.admission.enter(clientId);
		record.inFlightAtStart = admission.inFlightAtStart;
		if (!admission.refusal) return proceed(arrival);
		if (this.parts.admission.queues) {
			// Not Finout (options.ts overConcurrency): wait for a slot, then be served in full.
			const leaveLine = this.parts.admission.waitForSlot(clientId, (inFlightAtStart) => {
				record.inFlightAtStart = inFlightAtStart;
				record.startedAt = Date.now();
				proceed(performance.now());
			});
			res.once('close', leaveLine);
			return;
		}
		// Refused at once, without latency, and not counted as in flight.
		req.resume();
		this.parts.responder.send(res, record, errorResponse(gen, admission.refusal, requestId));
	}

	private dispatch(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, admitted: Admitted): void {
		const { method, path, gen } = admitted.incoming;
		const respond = (make: () => Outgoing) => this.parts.responder.sendAfterDelay(res, record, admitted.arrival, admitted.delayMs, make);
		const fail = (e: ApiError) => respond(() => errorResponse(gen, e, admitted.requestId));

		const routed = routedOrError(admitted.match, method, path);
		if (routed instanceof ApiError) return fail(routed);
		const route = routed.route;

		// Checked before the body is parsed: a malformed request still spends its quota.
		const limited = this.parts.admission.checkWindows(admitted.clientId, route.id);
		if (limited) return fail(limited);
		if (routed.kind === 'bad-param') return fail(new ApiError(400, routed.message));
		const params = routed.params;

		const parsed = parseJsonBody(admitted.raw);
		if (!parsed.ok) {
			record.body = parsed.raw;
			return fail(parsed.error);
		}
		if (parsed.body !== undefined) record.body = parsed.body;

		const context = () => ({ params, query: record.query, body: parsed.body, clientId: admitted.clientId, now: this.parts.now(), env: this.parts.env });
		const run = () => runHandler(route, context, gen, admitted.requestId);

		const fault = this.parts.faults.decide(method, path, route.id);
		if (fault) {
			this.parts.log.countFault(fault.label);
			if (fault.afterMutation) run(); // the effect happens; the client just never hears about it
			if (fault.status === 'drop') return this.parts.responder.dropAfterDelay(req, res, record, admitted.arrival, admitted.delayMs);
			return respond(() => faultResponse(gen, fault, admitted.requestId));
		}
		respond(run);
	}
}
