/**
 * A change whose outcome the node cannot see may or may not have been applied. The transport
 * marks such errors so that operations can find out by reading (reconciliation) instead of
 * guessing from the message:
 * - `resendIfMissing`: the change met a 500/502/503/504, a dropped connection or a timeout after
 *   it was sent; if a read shows it did not land, it may be sent again.
 * - `lookUpOnly`: Finout answered it with 2xx but the answer could not be read (Finout said it
 *   applied it), or another 5xx came back (a CDN's 524: Finout may still be working on it); it is
 *   never sent again, whatever a read shows.
 */
export type UncertainWrite = 'resendIfMissing' | 'lookUpOnly';

const uncertainWrites = new WeakMap<object, UncertainWrite>();

export function markUncertainWrite<E extends object>(
	error: E,
	how: UncertainWrite = 'resendIfMissing',
): E {
	uncertainWrites.set(error, how);
	return error;
}

export function isUncertainWrite(error: unknown): boolean {
	return uncertainWriteOf(error) !== undefined;
}

export function uncertainWriteOf(error: unknown): UncertainWrite | undefined {
	return typeof error === 'object' && error !== null ? uncertainWrites.get(error) : undefined;
}
