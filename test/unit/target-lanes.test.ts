import { ExecutionCancelledError } from '../../nodes/Finout/transport/cancellation';
import { activeTargetLanes, inLane } from '../../nodes/Finout/actions/common/targetLanes';

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}

test('work on one lane runs one after another; other lanes do not wait', async () => {
	const order: string[] = [];
	const gate = deferred();
	const first = inLane('key:tag-1', undefined, async () => {
		order.push('first start');
		await gate.promise;
		order.push('first end');
	});
	const second = inLane('key:tag-1', undefined, async () => {
		order.push('second');
	});
	const other = inLane('key:tag-2', undefined, async () => {
		order.push('other lane');
	});
	await other;
	expect(order).toEqual(['first start', 'other lane']);
	gate.resolve();
	await Promise.all([first, second]);
	expect(order).toEqual(['first start', 'other lane', 'first end', 'second']);
	expect(activeTargetLanes()).toBe(0);
});

test('an error releases the lane', async () => {
	await expect(inLane('key:tag', undefined, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	await expect(inLane('key:tag', undefined, async () => 'next')).resolves.toBe('next');
	expect(activeTargetLanes()).toBe(0);
});

test('a waiter whose signal aborts leaves at once; the lane keeps its order and empties', async () => {
	const gate = deferred();
	const controller = new AbortController();
	const order: string[] = [];
	const first = inLane('key:tag', undefined, async () => {
		await gate.promise;
		order.push('first');
	});
	const cancelled = inLane('key:tag', controller.signal, async () => {
		order.push('cancelled ran');
	});
	const third = inLane('key:tag', undefined, async () => {
		order.push('third');
	});
	controller.abort();
	await expect(cancelled).rejects.toBeInstanceOf(ExecutionCancelledError);
	expect(order).toEqual([]);
	gate.resolve();
	await Promise.all([first, third]);
	expect(order).toEqual(['first', 'third']);
	expect(activeTargetLanes()).toBe(0);
});
