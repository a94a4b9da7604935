import { sleep } from 'n8n-workflow';

/**
 * One execution's cancel signal is shared by every queued request, retry sleep and HTTP call of
 * that execution (hundreds at once). Attaching a listener per waiter would trip Node's
 * MaxListenersExceeded warning and keep closures alive, so each signal gets a single listener
 * that fans out to the current subscribers.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

export function onAbort(signal: AbortSignal | undefined, callback: () => void): () => void {
	if (!signal) return () => {};
	let callbacks = subscribers.get(signal);
	if (!callbacks) {
		const created = new Set<() => void>();
		callbacks = created;
		subscribers.set(signal, created);
		signal.addEventListener(
			'abort',
			() => {
				subscribers.delete(signal);
				for (const notify of created) notify();
			},
			{ once: true },
		);
	}
	callbacks.add(callback);
	return () => callbacks.delete(callback);
}

export class ExecutionCancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'ExecutionCancelledError';
	}
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new ExecutionCancelledError();
}

/**
 * A child signal that follows `parent` through the shared listener, for APIs (HTTP client,
 * n8n's sleep) that attach their own listener to whatever signal they are given.
 */
function childSignal(parent: AbortSignal | undefined): {
	signal: AbortSignal | undefined;
	dispose: () => void;
} {
	if (!parent) return { signal: undefined, dispose: () => {} };
	const controller = new AbortController();
	if (parent.aborted) controller.abort();
	const dispose = onAbort(parent, () => controller.abort());
	return { signal: controller.signal, dispose };
}

/** Sleeps `ms`, or rejects with ExecutionCancelledError as soon as `signal` aborts. */
export async function cancellableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	throwIfCancelled(signal);
	if (!signal) return await sleep(ms);
	const child = childSignal(signal);
	try {
		await new Promise<void>((resolve, reject) => {
			onAbortOf(child.signal!, () => reject(new ExecutionCancelledError()));
			// n8n-workflow 2.x clears its timer when the signal aborts; 1.x ignores the argument
			// and the race above still returns at once.
			sleep(ms, child.signal).then(resolve, () => reject(new ExecutionCancelledError()));
		});
	} finally {
		child.dispose();
	}
}

function onAbortOf(signal: AbortSignal, callback: () => void): void {
	signal.addEventListener('abort', callback, { once: true });
}

/**
 * A node run can stop its own items (stop on the first error): the router binds a signal to its
 * execution context that follows the execution's cancel signal and can also be aborted by the
 * router. The transport uses it in place of the execution's cancel signal.
 */
const stopSignals = new WeakMap<object, AbortSignal>();

export function bindStopSignal(ctx: object, signal: AbortSignal): void {
	stopSignals.set(ctx, signal);
}

export function stopSignalOf(ctx: object): AbortSignal | undefined {
	return stopSignals.get(ctx);
}

/**
 * The signal a request of `ctx` waits on: the node run's stop signal when the router bound one,
 * else the execution's cancel signal (a trigger poll has neither).
 */
export function cancelSignalOf(ctx: object): AbortSignal | undefined {
	return stopSignalOf(ctx) ?? executionCancelSignalOf(ctx);
}

export function executionCancelSignalOf(ctx: object): AbortSignal | undefined {
	const execution = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof execution.getExecutionCancelSignal === 'function'
		? execution.getExecutionCancelSignal()
		: undefined;
}
