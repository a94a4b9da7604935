/**
 * Writing the response: each request's latency ± jitter is drawn on arrival, and its answer
 * (or the dropped connection of a 'drop' fault) waits until that much time has passed since
 * arrival. No timer outlives `stop()`.
 */
import type * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Outgoing } from './envelope';
import { mulberry32 } from './random';
import type { RequestRecord } from './request-log';

/** Closer than this to the deadline, answering now beats a timer. */
const SEND_NOW_WITHIN_MS = 0.5;

export class Responder {
	private readonly rng: () => number;
	private readonly timers = new Set<NodeJS.Timeout>();
	private stopped = false;

	constructor(seed: number, private latencyMs: number, private jitterMs: number) {
		this.rng = mulberry32(seed);
	}

	setLatency(latencyMs: number, jitterMs: number): void {
		this.latencyMs = latencyMs;
		this.jitterMs = jitterMs;
	}

	/** Call once per request, on arrival, so the jitter sequence depends only on arrival order. */
	drawDelayMs(): number {
		return Math.max(0, this.latencyMs + (this.rng() * 2 - 1) * this.jitterMs);
	}

	sendAfterDelay(res: http.ServerResponse, record: RequestRecord, arrival: number, delayMs: number, make: () => Outgoing): void {
		this.afterDelay(arrival, delayMs, () => this.send(res, record, make()));
	}

	dropAfterDelay(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, arrival: number, delayMs: number): void {
		this.afterDelay(arrival, delayMs, () => {
			record.status = 'dropped';
			req.socket.destroy();
			res.destroy();
		});
	}

	send(res: http.ServerResponse, record: RequestRecord, out: Outgoing): void {
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

	stop(): void {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}

	private afterDelay(arrival: number, delayMs: number, go: () => void): void {
		const remaining = delayMs - (performance.now() - arrival);
		if (remaining <= SEND_NOW_WITHIN_MS) return go();
		if (this.stopped) return;
		const t = setTimeout(() => {
			this.timers.delete(t);
			go();
		}, remaining);
		this.timers.add(t);
	}
}
