/** Parent side of the simulator process (see sim-child.ts). */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';

import type { FakeFinoutOptions, FakeStats } from '../../test/fake-finout/server';
import { mulberry32 } from '../../test/fake-finout/random';
import { SANDBOX_CREDENTIALS } from '../../test/fake-finout/seed';
import type { SimCommand, SimRequest } from './sim-child';

export type { SimRequest } from './sim-child';

/** The simulator settings of the issue: 50 ms ± 20 ms, five in flight per key. */
export const LATENCY_MS = 50;
export const JITTER_MS = 20;
export const MAX_IN_FLIGHT = 5;

/** The simulator settings with the sandbox key and a given latency seed. */
export function simOptions(seed: number): FakeFinoutOptions {
	return { latencyMs: LATENCY_MS, jitterMs: JITTER_MS, seed, credentials: [SANDBOX_CREDENTIALS] };
}

export class SimProcess {
	private nextId = 1;

	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

	url = '';

	private options: FakeFinoutOptions = {};

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error !== undefined) waiter.reject(new Error(`simulator: ${message.error}`));
			else waiter.resolve(message.result);
		});
		child.on('exit', (code) => {
			for (const waiter of this.pending.values()) waiter.reject(new Error(`simulator process exited (${code})`));
			this.pending.clear();
		});
	}

	static async spawn(): Promise<SimProcess> {
		const child = fork(join(__dirname, 'sim-child.ts'), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
		});
		return new SimProcess(child);
	}

	private call<T>(command: SimCommand): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.child.send({ id, ...command });
		});
	}

	/**
	 * (Re)starts the simulator with fresh counters, data and latency sequence. A fresh server per
	 * phase makes the latency draws of a phase exactly the first draws of its seed (see drawnLatencies).
	 */
	async start(options: FakeFinoutOptions): Promise<string> {
		this.options = options;
		const { url } = await this.call<{ url: string }>({ cmd: 'start', options });
		this.url = url;
		return url;
	}

	stats(): Promise<FakeStats> {
		return this.call({ cmd: 'stats' });
	}

	requests(): Promise<SimRequest[]> {
		return this.call({ cmd: 'requests' });
	}

	/**
	 * The latencies the simulator drew for its first `count` requests since start(): every
	 * arrival draws max(0, latency + (2r − 1) × jitter) from mulberry32(seed), in arrival order.
	 */
	drawnLatencies(count: number): number[] {
		const latency = this.options.latencyMs ?? 0;
		const jitter = this.options.jitterMs ?? 0;
		const random = mulberry32(this.options.seed ?? 1);
		return Array.from({ length: count }, () => Math.max(0, latency + (random() * 2 - 1) * jitter));
	}

	async close(): Promise<void> {
		if (!this.child.connected) return;
		await this.call({ cmd: 'close' }).catch(() => undefined);
		this.child.disconnect();
		await new Promise<void>((resolve) => {
			if (this.child.exitCode !== null) resolve();
			else this.child.once('exit', () => resolve());
		});
	}
}
