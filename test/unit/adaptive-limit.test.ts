import { AdaptiveLimit, FORGET_CUTS_AFTER_MS, ROUNDS_AT_ONE_PERMIT, ROUNDS_PER_INCREASE } from '../../nodes/Finout/transport/adaptiveLimit';

/** Successes of requests sent at the controller's current epoch. */
function succeed(limit: AdaptiveLimit, times: number): void {
	for (let i = 0; i < times; i++) limit.admitted(limit.epoch);
}

describe('AdaptiveLimit (AIMD on Finout 429s)', () => {
	test('starts at the ceiling, so a process alone on its key is as fast as without adaptation', () => {
		expect(new AdaptiveLimit(5).limit).toBe(5);
		expect(new AdaptiveLimit(3).limit).toBe(3);
	});

	test('never grows above the ceiling, however many requests succeed', () => {
		const limit = new AdaptiveLimit(5);
		succeed(limit, 10_000);
		expect(limit.limit).toBe(5);
	});

	test('a 429 halves the limit, and never below one', () => {
		const limit = new AdaptiveLimit(5);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(2);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(1);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(1);
	});

	test('several 429s for requests sent under the same limit cut it once', () => {
		const limit = new AdaptiveLimit(5);
		const sentAt = limit.epoch;
		for (let i = 0; i < 5; i++) limit.refused(sentAt, 0);
		expect(limit.limit).toBe(2);
	});

	test('grows by one after a run of ROUNDS_PER_INCREASE × limit successes since the last change', () => {
		const limit = new AdaptiveLimit(5);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(2);
		succeed(limit, ROUNDS_PER_INCREASE * 2 - 1);
		expect(limit.limit).toBe(2);
		succeed(limit, 1);
		expect(limit.limit).toBe(3);
		succeed(limit, ROUNDS_PER_INCREASE * 3);
		expect(limit.limit).toBe(4);
	});

	test('successes of requests sent before a cut do not count towards growing back', () => {
		const limit = new AdaptiveLimit(5);
		const beforeCut = limit.epoch;
		limit.refused(beforeCut, 0);
		for (let i = 0; i < ROUNDS_PER_INCREASE * 10; i++) limit.admitted(beforeCut);
		expect(limit.limit).toBe(2);
	});

	test('a 429 breaks the run of successes', () => {
		const limit = new AdaptiveLimit(5);
		limit.refused(limit.epoch, 0);
		succeed(limit, ROUNDS_PER_INCREASE * 2 - 1);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(1);
		succeed(limit, ROUNDS_AT_ONE_PERMIT - 1);
		expect(limit.limit).toBe(1);
	});

	test('at one permit it grows back after ROUNDS_AT_ONE_PERMIT rounds, fewer than at two or more', () => {
		expect(ROUNDS_AT_ONE_PERMIT).toBeLessThan(ROUNDS_PER_INCREASE);
		const limit = new AdaptiveLimit(5);
		limit.refused(limit.epoch, 0);
		limit.refused(limit.epoch, 0);
		expect(limit.limit).toBe(1);
		succeed(limit, ROUNDS_AT_ONE_PERMIT - 1);
		expect(limit.limit).toBe(1);
		succeed(limit, 1);
		expect(limit.limit).toBe(2);
		succeed(limit, ROUNDS_PER_INCREASE * 2 - 1);
		expect(limit.limit).toBe(2);
		succeed(limit, 1);
		expect(limit.limit).toBe(3);
	});

	test('a cut is forgotten once no 429 has come for FORGET_CUTS_AFTER_MS: a quiet process is back at the ceiling', () => {
		const limit = new AdaptiveLimit(5);
		limit.refused(limit.epoch, 1_000);
		limit.refused(limit.epoch, 2_000);
		expect(limit.limit).toBe(1);
		limit.forgetIfQuiet(2_000 + FORGET_CUTS_AFTER_MS - 1);
		expect(limit.limit).toBe(1);
		limit.forgetIfQuiet(2_000 + FORGET_CUTS_AFTER_MS);
		expect(limit.limit).toBe(5);
	});

	test('a 429 of a request sent before the last cut does not cut again, but restarts the forget clock: the key is still busy', () => {
		const limit = new AdaptiveLimit(5);
		const before = limit.epoch;
		limit.refused(before, 1_000);
		expect(limit.limit).toBe(2);
		limit.refused(before, 20_000);
		expect(limit.limit).toBe(2);
		limit.forgetIfQuiet(1_000 + FORGET_CUTS_AFTER_MS);
		expect(limit.limit).toBe(2);
		limit.forgetIfQuiet(20_000 + FORGET_CUTS_AFTER_MS);
		expect(limit.limit).toBe(5);
	});

	test('a lower ceiling applies at once; a higher one is reached by growing', () => {
		const limit = new AdaptiveLimit(5);
		limit.setCeiling(2);
		expect(limit.limit).toBe(2);
		limit.setCeiling(5);
		expect(limit.limit).toBe(2);
		succeed(limit, ROUNDS_PER_INCREASE * 2);
		expect(limit.limit).toBe(3);
	});
});

/**
 * A deterministic model of processes sharing one key of capacity 5: in each round every live
 * process sends as many requests as its limit allows; the key admits the first five arrivals (the
 * processes' requests interleaved, the starting process rotating) and refuses the rest with 429.
 */
function shareOneKey(processes: AdaptiveLimit[], rounds: number) {
	const CAPACITY = 5;
	let sent = 0;
	let refused = 0;
	const admittedLastRounds = processes.map(() => 0);
	const totalInLastRounds: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const queues = processes.map((controller, index) => ({ index, left: controller.limit, epoch: controller.epoch }));
		let inFlight = 0;
		let admittedThisRound = 0;
		for (let turn = 0; queues.some((queue) => queue.left > 0); turn++) {
			const queue = queues[(turn + round) % queues.length];
			if (queue.left === 0) continue;
			queue.left--;
			sent++;
			if (inFlight < CAPACITY) {
				inFlight++;
				admittedThisRound++;
				processes[queue.index].admitted(queue.epoch);
				if (round >= rounds - 100) admittedLastRounds[queue.index]++;
			} else {
				refused++;
				processes[queue.index].refused(queue.epoch, 0);
			}
		}
		totalInLastRounds.push(admittedThisRound);
	}
	return { sent, refused, admittedLastRounds, totalInLastRounds };
}

describe('processes sharing one key through their 429s alone', () => {
	test('three processes converge on sharing five: few refusals, the key stays busy, each gets a share', () => {
		const processes = [new AdaptiveLimit(5), new AdaptiveLimit(5), new AdaptiveLimit(5)];
		const result = shareOneKey(processes, 2000);
		expect(result.refused / result.sent).toBeLessThan(0.03);
		expect(result.refused).toBeGreaterThan(0);
		const busy = result.totalInLastRounds.slice(-1000);
		expect(busy.reduce((sum, value) => sum + value, 0) / busy.length).toBeGreaterThanOrEqual(4);
		for (const admitted of result.admittedLastRounds) expect(admitted).toBeGreaterThan(0);
	});

	test('when one process dies, the survivors fill the key again within a few steps of growth', () => {
		const processes = [new AdaptiveLimit(5), new AdaptiveLimit(5), new AdaptiveLimit(5)];
		shareOneKey(processes, 1000);
		const survivors = [processes[0], processes[1]];
		// Worst case: both survivors at 1; one of them grows 1 → 2 → 3 (ROUNDS_AT_ONE_PERMIT + ROUNDS_PER_INCREASE rounds).
		const worstCaseRounds = ROUNDS_AT_ONE_PERMIT + ROUNDS_PER_INCREASE;
		const result = shareOneKey(survivors, worstCaseRounds * 4);
		const firstFullRound = result.totalInLastRounds.findIndex((admitted) => admitted === 5);
		expect(firstFullRound).toBeGreaterThanOrEqual(0);
		expect(firstFullRound).toBeLessThanOrEqual(worstCaseRounds);
		const afterwards = result.totalInLastRounds.slice(firstFullRound);
		expect(afterwards.reduce((sum, value) => sum + value, 0) / afterwards.length).toBeGreaterThanOrEqual(4);
	});

	test('a process alone is never refused and keeps all five permits', () => {
		const alone = new AdaptiveLimit(5);
		const result = shareOneKey([alone], 500);
		expect(result.refused).toBe(0);
		expect(alone.limit).toBe(5);
	});
});
