import { congestionEpoch, FairGate, gateFor, LIMIT_MEMORY_MS, reportAnswer, snapshotGates } from '../../nodes/Finout/transport/gate';
import { FORGET_CUTS_AFTER_MS, ROUNDS_PER_INCREASE } from '../../nodes/Finout/transport/adaptiveLimit';
import { ExecutionCancelledError } from '../../nodes/Finout/transport/cancellation';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('FairGate', () => {
	test('never grants more than its limit and grants in arrival order', async () => {
		const gate = new FairGate(2);
		const granted: number[] = [];
		const releases: Array<() => void> = [];
		for (let i = 0; i < 5; i++) {
			void gate.acquire().then((release) => {
				granted.push(i);
				releases.push(release);
			});
		}
		await flush();
		expect(granted).toEqual([0, 1]);
		expect(gate.activeCount).toBe(2);
		expect(gate.waitingCount).toBe(3);

		releases[0]();
		await flush();
		expect(granted).toEqual([0, 1, 2]);
		releases[1]();
		releases[2]();
		await flush();
		expect(granted).toEqual([0, 1, 2, 3, 4]);
		expect(gate.activeCount).toBe(2);
		releases[3]();
		releases[4]();
		expect(gate.activeCount).toBe(0);
		expect(gate.waitingCount).toBe(0);
	});

	test('a second release of the same permit is ignored', async () => {
		const gate = new FairGate(1);
		const release = await gate.acquire();
		release();
		release();
		expect(gate.activeCount).toBe(0);
		const again = await gate.acquire();
		expect(gate.activeCount).toBe(1);
		again();
	});

	test('a newcomer cannot overtake waiters even when a permit is momentarily free', async () => {
		const gate = new FairGate(1);
		const first = await gate.acquire();
		const order: string[] = [];
		void gate.acquire().then((release) => {
			order.push('waiter');
			release();
		});
		first();
		void gate.acquire().then((release) => {
			order.push('newcomer');
			release();
		});
		await flush();
		expect(order).toEqual(['waiter', 'newcomer']);
	});

	test('cancelling an execution removes only its waiters and leaks no permit', async () => {
		const gate = new FairGate(1);
		const holder = await gate.acquire();
		const cancelled = new AbortController();
		const other = new AbortController();
		const outcomes: string[] = [];
		const waits = [
			gate.acquire(cancelled.signal).then(
				() => outcomes.push('cancelled-granted'),
				(error) => outcomes.push(error instanceof ExecutionCancelledError ? 'cancelled-rejected' : 'other-error'),
			),
			gate.acquire(other.signal).then((release) => {
				outcomes.push('other-granted');
				release();
			}),
			gate.acquire(cancelled.signal).then(
				() => outcomes.push('cancelled-granted'),
				() => outcomes.push('cancelled-rejected'),
			),
		];
		expect(gate.waitingCount).toBe(3);
		cancelled.abort();
		await flush();
		expect(gate.waitingCount).toBe(1);
		holder();
		await Promise.all(waits);
		expect(outcomes.sort()).toEqual(['cancelled-rejected', 'cancelled-rejected', 'other-granted']);
		expect(gate.activeCount).toBe(0);
		expect(gate.waitingCount).toBe(0);
	});

	test('an already-aborted signal is refused without queueing', async () => {
		const gate = new FairGate(1);
		const controller = new AbortController();
		controller.abort();
		await expect(gate.acquire(controller.signal)).rejects.toBeInstanceOf(ExecutionCancelledError);
		expect(gate.waitingCount).toBe(0);
	});

	test('raising the limit wakes waiters; lowering it takes effect as permits return', async () => {
		const gate = new FairGate(1);
		const first = await gate.acquire();
		let secondGranted = false;
		void gate.acquire().then(() => (secondGranted = true));
		gate.setLimit(2);
		await flush();
		expect(secondGranted).toBe(true);
		gate.setLimit(1);
		first();
		expect(gate.activeCount).toBe(1);
	});

	test('one shared abort listener per execution, however many requests wait', async () => {
		const gate = new FairGate(1);
		const holder = await gate.acquire();
		const controller = new AbortController();
		const added = jest.spyOn(controller.signal, 'addEventListener');
		const waits = Array.from({ length: 200 }, () => gate.acquire(controller.signal).catch(() => undefined));
		expect(added).toHaveBeenCalledTimes(1);
		controller.abort();
		await Promise.all(waits);
		holder();
		expect(gate.waitingCount).toBe(0);
	});
});

describe('gate registry', () => {
	test('one gate per key, shared by every caller of that key', () => {
		const a = gateFor('registry-key-a', 5);
		expect(gateFor('registry-key-a', 5)).toBe(a);
		expect(gateFor('registry-key-b', 5)).not.toBe(a);
		expect(snapshotGates().find((gate) => gate.key === 'registry-key-a')).toMatchObject({
			active: 0,
			waiting: 0,
			limit: 5,
		});
	});
});

describe('one key, several Max Concurrent Requests', () => {
	const MINUTE = 60_000;

	test('the lowest limit asked for recently wins, whoever asks last', () => {
		const gate = gateFor('limits-key-a', 2, 0);
		expect(gateFor('limits-key-a', 5, 1000)).toBe(gate);
		expect(gate.maxConcurrent).toBe(2);
		gateFor('limits-key-a', 3, 2000);
		expect(gate.maxConcurrent).toBe(2);
	});

	test('a lowered limit stops applying once nobody has asked for it for the memory period', () => {
		const gate = gateFor('limits-key-b', 2, 0);
		gateFor('limits-key-b', 5, LIMIT_MEMORY_MS - MINUTE);
		expect(gate.maxConcurrent).toBe(2);
		gateFor('limits-key-b', 5, LIMIT_MEMORY_MS + MINUTE);
		expect(gate.maxConcurrent).toBe(5);
	});

	test('a credential edited from 5 down to 1 takes effect at once', () => {
		const gate = gateFor('limits-key-c', 5, 0);
		gateFor('limits-key-c', 1, 10);
		expect(gate.maxConcurrent).toBe(1);
	});
});

describe('fairness between executions', () => {
	test('permits go round-robin across executions, in arrival order within each', async () => {
		const gate = new FairGate(1);
		const holder = await gate.acquire();
		const big = new AbortController();
		const small = new AbortController();
		const order: string[] = [];
		const waits = [
			...Array.from({ length: 4 }, (_, index) =>
				gate.acquire(big.signal).then((release) => {
					order.push(`big-${index}`);
					release();
				}),
			),
			...Array.from({ length: 2 }, (_, index) =>
				gate.acquire(small.signal).then((release) => {
					order.push(`small-${index}`);
					release();
				}),
			),
		];
		holder();
		await Promise.all(waits);
		expect(order).toEqual(['big-0', 'small-0', 'big-1', 'small-1', 'big-2', 'big-3']);
	});

	test('a one-request execution is served after at most one request of each other waiting execution', async () => {
		const gate = new FairGate(5);
		const bulk = new AbortController();
		const releases: Array<() => void> = [];
		for (let i = 0; i < 5; i++) releases.push(await gate.acquire(bulk.signal));
		let agentServed = -1;
		let grantsBefore = 0;
		// Counted in the grant's own callback, so the count is exact when the agent is granted.
		const bulkWaits = Array.from({ length: 1000 }, () =>
			gate.acquire(bulk.signal).then((release) => {
				grantsBefore++;
				return release;
			}),
		);
		const agent = new AbortController();
		const agentWait = gate.acquire(agent.signal).then((release) => {
			agentServed = grantsBefore;
			release();
		});
		releases.forEach((release) => release());
		await agentWait;
		expect(agentServed).toBeLessThanOrEqual(1);
		bulk.abort();
		const settled = await Promise.allSettled(bulkWaits);
		for (const outcome of settled) if (outcome.status === 'fulfilled') outcome.value();
		expect(gate.waitingCount).toBe(0);
		expect(gate.activeCount).toBe(0);
	});
});

describe('adapting to other users of the key (Finout 429s)', () => {
	test('with adaptation on, a 429 lowers the key gate and a run of successes raises it again', () => {
		const key = 'adaptive-key-a';
		const gate = gateFor(key, 5, 0, true);
		reportAnswer(key, congestionEpoch(key), 429);
		expect(gate.maxConcurrent).toBe(2);
		for (let i = 0; i < ROUNDS_PER_INCREASE * 2; i++) reportAnswer(key, congestionEpoch(key), 200);
		expect(gate.maxConcurrent).toBe(3);
	});

	test('with adaptation off, 429s leave the gate at Max Concurrent Requests', () => {
		const key = 'adaptive-key-b';
		const gate = gateFor(key, 5, 0, false);
		reportAnswer(key, congestionEpoch(key), 429);
		expect(gate.maxConcurrent).toBe(5);
	});

	test('the learnt limit never exceeds the lowest Max Concurrent Requests asked for', () => {
		const key = 'adaptive-key-c';
		const gate = gateFor(key, 2, 0, true);
		for (let i = 0; i < ROUNDS_PER_INCREASE * 50; i++) reportAnswer(key, congestionEpoch(key), 200);
		gateFor(key, 5, 10, true);
		expect(gate.maxConcurrent).toBe(2);
	});

	test('a process that has seen no 429 on the key for a while starts again at Max Concurrent Requests', () => {
		const key = 'adaptive-key-e';
		const gate = gateFor(key, 5, 0, true);
		reportAnswer(key, congestionEpoch(key), 429, 0);
		reportAnswer(key, congestionEpoch(key), 429, 0);
		expect(gateFor(key, 5, 1_000, true).maxConcurrent).toBe(1);
		expect(gateFor(key, 5, FORGET_CUTS_AFTER_MS, true)).toBe(gate);
		expect(gate.maxConcurrent).toBe(5);
	});

	test('a later request on the same key keeps the learnt limit instead of resetting it', () => {
		const key = 'adaptive-key-d';
		gateFor(key, 5, 0, true);
		reportAnswer(key, congestionEpoch(key), 429);
		expect(gateFor(key, 5, 10, true).maxConcurrent).toBe(2);
		expect(snapshotGates().find((gate) => gate.key === key)).toMatchObject({ limit: 2, learntLimit: 2 });
	});
});
