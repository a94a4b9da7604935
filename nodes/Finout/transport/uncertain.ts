/**
 * A change that was sent and then met a 5xx, a dropped connection or a timeout may or may not
 * have been applied. The transport marks such errors so that operations can find out by reading
 * (reconciliation) instead of guessing from the message.
 */
const uncertainWrites = new WeakSet<object>();

export function markUncertainWrite<E extends object>(error: E): E {
	uncertainWrites.add(error);
	return error;
}

export function isUncertainWrite(error: unknown): boolean {
	return typeof error === 'object' && error !== null && uncertainWrites.has(error);
}
