import { AdaptiveLimit } from './adaptiveLimit';
import { ExecutionCancelledError, onAbort } from './cancellation';

export type Release = () => void;

interface Waiter {
	readonly grant: (release: Release) => void;
	readonly reject: (error: Error) => void;
	readonly signal: AbortSignal | undefined;
	settled: boolean;
}

/** The waiters of one execution, in arrival order. */
class Lane {
	private waiters: Array<Waiter | undefined> = [];

	private head = 0;

	live = 0;

	push(waiter: Waiter): void {
		this.waiters.push(waiter);
		this.live++;
	}

	/** The oldest waiter that is still waiting, or undefined. */
	next(): Waiter | undefined {
		while (this.head < this.waiters.length) {
			const waiter = this.waiters[this.head];
			this.waiters[this.head++] = undefined;
			if (waiter && !waiter.settled) return waiter;
		}
		return undefined;
	}

	/** Settles and returns every waiter bound to `signal`. */
	removeSignal(signal: AbortSignal): Waiter[] {
		const removed: Waiter[] = [];
		for (let index = this.head; index < this.waiters.length; index++) {
			const waiter = this.waiters[index];
			if (!waiter || waiter.settled || waiter.signal !== signal) continue;
			this.waiters[index] = undefined;
			removed.push(waiter);
		}
		return removed;
	}

	compact(): void {
		if (this.live === 0) {
			this.waiters = [];
			this.head = 0;
		} else if (this.head > 1024 && this.head * 2 > this.waiters.length) {
			this.waiters = this.waiters.slice(this.head);
			this.head = 0;
		}
	}
}

/**
 * A counting semaphore for one API key that is fair between executions: permits go round-robin
 * across the executions that are waiting, and in arrival order within each. A workflow that
 * queues 10,000 items cannot make a one-item execution (an AI agent's tool call, a webhook)
 * wait for all of them. A release hands its permit straight to the next waiter, so nothing needs
 * a timer to wake up, and no newcomer can overtake someone already waiting.
 */
export class FairGate {
	private inFlight = 0;

	private waiting = 0;

	private readonly lanes = new Map<unknown, Lane>();

	/** Lanes with waiters, in the order they get their next turn. */
	private turns: Lane[] = [];

	private readonly signalSubscriptions = new Map<
		AbortSignal,
		{ count: number; unsubscribe: () => void }
	>();

	constructor(private limit: number) {}

	get activeCount(): number {
		return this.inFlight;
	}

	get waitingCount(): number {
		return this.waiting;
	}

	get maxConcurrent(): number {
		return this.limit;
	}

	/** A lower limit takes effect as permits come back; a higher one wakes waiters at once. */
	setLimit(limit: number): void {
		if (limit === this.limit) return;
		this.limit = limit;
		this.pump();
	}

	/**
	 * Waits for a permit. `owner` identifies the execution the request belongs to (its cancel
	 * signal by default); requests without one share a lane. Aborting `signal` removes the
	 * request from the queue.
	 */
	acquire(signal?: AbortSignal, owner: unknown = signal): Promise<Release> {
		if (signal?.aborted) return Promise.reject(new ExecutionCancelledError());
		if (this.inFlight < this.limit && this.waiting === 0) {
			this.inFlight++;
			return Promise.resolve(this.makeRelease());
		}
		return new Promise<Release>((grant, reject) => {
			let lane = this.lanes.get(owner);
			if (!lane) {
				lane = new Lane();
				this.lanes.set(owner, lane);
			}
			if (lane.live === 0) this.turns.push(lane);
			lane.push({ grant, reject, signal, settled: false });
			this.waiting++;
			if (signal) this.subscribe(signal);
		});
	}

	private makeRelease(): Release {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlight--;
			this.pump();
		};
	}

	private pump(): void {
		while (this.inFlight < this.limit && this.waiting > 0) {
			const lane = this.turns.shift();
			if (!lane) break;
			const waiter = lane.next();
			if (!waiter) continue;
			this.settle(waiter, lane);
			if (lane.live > 0) this.turns.push(lane);
			this.inFlight++;
			waiter.grant(this.makeRelease());
		}
		this.dropIdleLanes();
	}

	private settle(waiter: Waiter, lane: Lane): void {
		waiter.settled = true;
		lane.live--;
		this.waiting--;
		if (waiter.signal) this.unsubscribe(waiter.signal);
	}

	private dropIdleLanes(): void {
		for (const [owner, lane] of this.lanes) {
			lane.compact();
			if (lane.live === 0) this.lanes.delete(owner);
		}
		if (this.waiting === 0) this.turns = [];
	}

	private subscribe(signal: AbortSignal): void {
		const existing = this.signalSubscriptions.get(signal);
		if (existing) {
			existing.count++;
			return;
		}
		const unsubscribe = onAbort(signal, () => this.cancelWaitersOf(signal));
		this.signalSubscriptions.set(signal, { count: 1, unsubscribe });
	}

	private unsubscribe(signal: AbortSignal): void {
		const subscription = this.signalSubscriptions.get(signal);
		if (!subscription) return;
		if (--subscription.count === 0) {
			subscription.unsubscribe();
			this.signalSubscriptions.delete(signal);
		}
	}

	private cancelWaitersOf(signal: AbortSignal): void {
		for (const lane of this.lanes.values()) {
			for (const waiter of lane.removeSignal(signal)) {
				this.settle(waiter, lane);
				waiter.reject(new ExecutionCancelledError());
			}
		}
		this.turns = this.turns.filter((lane) => lane.live > 0);
		this.dropIdleLanes();
	}
}

/**
 * One gate per Finout API key for the whole n8n process: module state is shared by every
 * workflow, execution and item that loads this node (n8n loads node classes once per process).
 */
const gates = new Map<string, FairGate>();

/**
 * How long a Max Concurrent Requests value asked for on a key keeps applying after its last use.
 * Several credentials can point at one API key with different limits; a lower one usually means
 * "other workers or tools share this key", so it must not be undone by whichever credential
 * happens to ask last. The lowest value asked for within this period wins; a value nobody has
 * asked for in this period is forgotten, which is how a lowered limit is raised again (edit the
 * credential, and the old value stops applying ten minutes after its last request).
 */
export const LIMIT_MEMORY_MS = 10 * 60_000;

/** Per key: each limit value asked for, and when it was last asked for. */
const limitsAskedFor = new Map<string, Map<number, number>>();

/** Per key: the limit learnt from Finout's 429s (adaptiveLimit.ts), and whether it applies. */
const learntLimits = new Map<
	string,
	{ learnt: AdaptiveLimit; ceiling: number; adaptive: boolean }
>();

/**
 * The key's gate, at the lowest Max Concurrent Requests asked for recently — or, when the
 * credential adapts to other users of the key, at what Finout's answers allowed so far, which is
 * never more.
 */
export function gateFor(
	key: string,
	maxConcurrent: number,
	now: number = Date.now(),
	adaptive = false,
): FairGate {
	const ceiling = effectiveLimit(key, maxConcurrent, now);
	let learning = learntLimits.get(key);
	if (!learning) {
		learning = { learnt: new AdaptiveLimit(ceiling), ceiling, adaptive };
		learntLimits.set(key, learning);
	}
	learning.ceiling = ceiling;
	learning.adaptive = adaptive;
	learning.learnt.setCeiling(ceiling);
	learning.learnt.forgetIfQuiet(now);
	const limit = adaptive ? learning.learnt.limit : ceiling;
	let gate = gates.get(key);
	if (!gate) {
		gate = new FairGate(limit);
		gates.set(key, gate);
	} else {
		gate.setLimit(limit);
	}
	return gate;
}

/** Taken when a request gets its permit, handed back with its answer to reportAnswer. */
export function congestionEpoch(key: string): number {
	return learntLimits.get(key)?.learnt.epoch ?? 0;
}

/**
 * Finout's answer to a request sent in `sentInEpoch`: a 429 cuts the key's learnt limit, any
 * other answer counts towards raising it. Reported before the permit is released, so a cut
 * already holds back the requests that were waiting for it.
 */
export function reportAnswer(
	key: string,
	sentInEpoch: number,
	status: number,
	now: number = Date.now(),
): void {
	const learning = learntLimits.get(key);
	if (!learning) return;
	if (status === 429) learning.learnt.refused(sentInEpoch, now);
	else learning.learnt.admitted(sentInEpoch);
	if (learning.adaptive)
		gates.get(key)?.setLimit(Math.min(learning.ceiling, learning.learnt.limit));
}

function effectiveLimit(key: string, asked: number, now: number): number {
	let seen = limitsAskedFor.get(key);
	if (!seen) {
		seen = new Map();
		limitsAskedFor.set(key, seen);
	}
	seen.set(asked, now);
	let lowest = asked;
	for (const [limit, lastAskedAt] of seen) {
		if (now - lastAskedAt > LIMIT_MEMORY_MS) seen.delete(limit);
		else lowest = Math.min(lowest, limit);
	}
	return lowest;
}

interface GateSnapshot {
	key: string;
	active: number;
	waiting: number;
	limit: number;
	/** What Finout's 429s allowed so far (applies only when the credential adapts). */
	learntLimit: number;
}

/** For diagnostics and leak tests: what every key's gate holds right now. */
export function snapshotGates(): GateSnapshot[] {
	return [...gates].map(([key, gate]) => ({
		key,
		active: gate.activeCount,
		waiting: gate.waitingCount,
		limit: gate.maxConcurrent,
		learntLimit: learntLimits.get(key)?.learnt.limit ?? gate.maxConcurrent,
	}));
}
