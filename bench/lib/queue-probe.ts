/**
 * Micro-benchmark of the FairGate, run in a child process with --expose-gc
 * (`node --expose-gc --import tsx bench/lib/queue-probe.ts <sizes…>`); prints one JSON line.
 */
import { performance } from 'node:perf_hooks';

import type { Release } from '../../nodes/Finout/transport/gate';
import { FairGate } from '../../nodes/Finout/transport/gate';

export interface QueueProbeRow {
	size: number;
	withSignal: boolean;
	/** acquire() + release() with a free permit (await included), per pair. */
	uncontendedUs: number;
	/** acquire() on a full gate (the request queues), per call. */
	enqueueUs: number;
	/** release → the oldest waiter is granted → it releases, per hand-off. */
	handoffUs: number;
	/** Heap growth per waiting request (gate entry + the caller's promise), after a full GC. */
	bytesPerWaiter: number;
	/** Heap held by all waiters together. */
	totalBytes: number;
	/** Heap left after the queue drained (leak check). */
	residualBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
	for (let round = 0; round < 3; round++) gc!();
	return process.memoryUsage().heapUsed;
}

async function uncontended(size: number, signal: AbortSignal | undefined): Promise<number> {
	const gate = new FairGate(5);
	const start = performance.now();
	for (let index = 0; index < size; index++) {
		const release = await gate.acquire(signal);
		release();
	}
	return ((performance.now() - start) * 1000) / size;
}

async function contended(size: number, signal: AbortSignal | undefined): Promise<Omit<QueueProbeRow, 'size' | 'withSignal' | 'uncontendedUs'>> {
	const gate = new FairGate(5);
	const held: Release[] = [];
	for (let index = 0; index < 5; index++) held.push(await gate.acquire(signal));

	let waiters: Array<Promise<Release>> = new Array(size);
	const before = heapAfterGc();
	const enqueueStart = performance.now();
	for (let index = 0; index < size; index++) waiters[index] = gate.acquire(signal);
	const enqueueUs = ((performance.now() - enqueueStart) * 1000) / size;
	const after = heapAfterGc();

	// Each granted waiter gives its permit back at once, so every release hands over to the next.
	const drained = waiters.map((waiter) => waiter.then((release) => release()));
	const handoffStart = performance.now();
	for (const release of held) release();
	await Promise.all(drained);
	const handoffUs = ((performance.now() - handoffStart) * 1000) / size;
	if (gate.activeCount !== 0 || gate.waitingCount !== 0) throw new Error('gate did not drain');
	waiters = [];
	drained.length = 0;
	await new Promise((resolve) => setImmediate(resolve));
	const residual = heapAfterGc();
	return {
		enqueueUs,
		handoffUs,
		bytesPerWaiter: (after - before) / size,
		totalBytes: after - before,
		residualBytes: residual - before,
	};
}

async function main(): Promise<void> {
	if (!gc) throw new Error('run with --expose-gc');
	const sizes = process.argv.slice(2).map(Number);
	// Warm-up so the first size is not charged with JIT compilation.
	await uncontended(20_000, undefined);
	await contended(20_000, new AbortController().signal);
	const rows: QueueProbeRow[] = [];
	for (const withSignal of [false, true]) {
		for (const size of sizes) {
			// The node passes the execution's cancel signal: one signal shared by all its requests.
			const signal = withSignal ? new AbortController().signal : undefined;
			// Times: best of 5 (least disturbed by GC and other processes). Memory: median of 5.
			const rounds: Array<Awaited<ReturnType<typeof contended>>> = [];
			let uncontendedUs = Infinity;
			for (let round = 0; round < 5; round++) {
				uncontendedUs = Math.min(uncontendedUs, await uncontended(size, signal));
				rounds.push(await contended(size, signal));
			}
			const min = (pick: (row: (typeof rounds)[number]) => number) => Math.min(...rounds.map(pick));
			const med = (pick: (row: (typeof rounds)[number]) => number) => rounds.map(pick).sort((a, b) => a - b)[2];
			rows.push({
				size,
				withSignal,
				uncontendedUs,
				enqueueUs: min((row) => row.enqueueUs),
				handoffUs: min((row) => row.handoffUs),
				bytesPerWaiter: med((row) => row.bytesPerWaiter),
				totalBytes: med((row) => row.totalBytes),
				residualBytes: med((row) => row.residualBytes),
			});
		}
	}
	process.stdout.write(`${JSON.stringify(rows)}\n`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
