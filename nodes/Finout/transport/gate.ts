import { ExecutionCancelledError, onAbort } from './cancellation';

export type Release = () => void;

interface Waiter {
	readonly grant: (release: Release) => void;
	readonly reject: (error: Error) => void;
	readonly signal: AbortSignal | undefined;
	settled: boolean;
}

/**
 * A FIFO counting semaphore. Waiters are plain promise callbacks: a release hands its permit
 * straight to the oldest waiter, so nothing needs a timer to wake up and no permit can be
 * stolen by a late arrival while others wait.
 */
export class FifoGate {
	private inFlight = 0;

	private queue: Array<Waiter | undefined> = [];

	private head = 0;

	private waiting = 0;

	private readonly signalSubscriptions = new Map<AbortSignal, { count: number; unsubscribe: () => void }>();

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

	acquire(signal?: AbortSignal): Promise<Release> {
		if (signal?.aborted) return Promise.reject(new ExecutionCancelledError());
		if (this.inFlight < this.limit && this.waiting === 0) {
			this.inFlight++;
			return Promise.resolve(this.makeRelease());
		}
		return new Promise<Release>((grant, reject) => {
			this.queue.push({ grant, reject, signal, settled: false });
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
			const waiter = this.queue[this.head];
			this.queue[this.head++] = undefined;
			if (!waiter || waiter.settled) continue;
			this.settle(waiter);
			this.inFlight++;
			waiter.grant(this.makeRelease());
		}
		this.compact();
	}

	private settle(waiter: Waiter): void {
		waiter.settled = true;
		this.waiting--;
		if (waiter.signal) this.unsubscribe(waiter.signal);
	}

	private compact(): void {
		if (this.waiting === 0) {
			this.queue = [];
			this.head = 0;
		} else if (this.head > 1024 && this.head * 2 > this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
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
		for (let index = this.head; index < this.queue.length; index++) {
			const waiter = this.queue[index];
			if (!waiter || waiter.settled || waiter.signal !== signal) continue;
			this.settle(waiter);
			this.queue[index] = undefined;
			waiter.reject(new ExecutionCancelledError());
		}
		this.compact();
	}
}

/**
 * One gate per Finout API key for the whole n8n process: module state is shared by every
 * workflow, execution and item that loads this node (n8n loads node classes once per process).
 */
const gates = new Map<string, FifoGate>();

export function gateFor(key: string, maxConcurrent: number): FifoGate {
	let gate = gates.get(key);
	if (!gate) {
		gate = new FifoGate(maxConcurrent);
		gates.set(key, gate);
	} else {
		gate.setLimit(maxConcurrent);
	}
	return gate;
}

export interface GateSnapshot {
	key: string;
	active: number;
	waiting: number;
	limit: number;
}

/** For diagnostics and leak tests: what every key's gate holds right now. */
export function snapshotGates(): GateSnapshot[] {
	return [...gates].map(([key, gate]) => ({
		key,
		active: gate.activeCount,
		waiting: gate.waitingCount,
		limit: gate.maxConcurrent,
	}));
}
