import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelSignalOf, ExecutionCancelledError, onAbort } from '../../transport/cancellation';
import { resolveCredentials } from '../../transport/credentials';

/**
 * Finout replaces a whole object on PUT, so an update that reads the current object and writes
 * it back loses whatever another write changed in between. Such read-modify-write sequences on
 * the same object (same API key, same ID) wait for each other here, process-wide, in the order
 * they arrived; sequences on other objects run side by side.
 */
interface Lane {
	/** Settles when the last sequence that joined the lane has finished. */
	tail: Promise<void>;
	members: number;
}

const lanes = new Map<string, Lane>();

/** Lanes with a sequence running or waiting; 0 when idle (nothing is kept for idle objects). */
export function activeTargetLanes(): number {
	return lanes.size;
}

/** Runs `work` once every earlier sequence on the same target of this API key has finished. */
export async function inTargetLane<T>(
	ctx: IExecuteFunctions,
	targetId: string,
	work: () => Promise<T>,
): Promise<T> {
	const { queueKey } = await resolveCredentials(ctx);
	const signal = cancelSignalOf(ctx);
	return await inLane(`${queueKey}\n${targetId}`, signal, work);
}

export async function inLane<T>(
	key: string,
	signal: AbortSignal | undefined,
	work: () => Promise<T>,
): Promise<T> {
	let lane = lanes.get(key);
	if (!lane) {
		lane = { tail: Promise.resolve(), members: 0 };
		lanes.set(key, lane);
	}
	const joined = lane;
	joined.members++;
	const previous = joined.tail;
	let finish!: () => void;
	const finished = new Promise<void>((resolve) => (finish = resolve));
	// Whoever comes next waits for this sequence and, through it, for every earlier one, even
	// when this one leaves early because it was cancelled.
	joined.tail = previous.then(() => finished);
	try {
		await untilSettledOrCancelled(previous, signal);
		return await work();
	} finally {
		finish();
		joined.members--;
		if (joined.members === 0 && lanes.get(key) === joined) lanes.delete(key);
	}
}

async function untilSettledOrCancelled(
	turn: Promise<void>,
	signal: AbortSignal | undefined,
): Promise<void> {
	if (signal?.aborted) throw new ExecutionCancelledError();
	if (!signal) return await turn;
	let unsubscribe = () => {};
	try {
		await Promise.race([
			turn,
			new Promise<never>((_, reject) => {
				unsubscribe = onAbort(signal, () => reject(new ExecutionCancelledError()));
			}),
		]);
	} finally {
		unsubscribe();
	}
}
