/** What a scenario did, read from the simulator's request log and n8n's execution table. */
import type { SimRequest } from '../../bench/lib/sim';
import type { Scenario } from './workflows';

export interface ScenarioResult {
	label: string;
	requests: number;
	/** Every 429 the server sent for the scenario's key. */
	refused: number;
	maxInFlight: number;
	executions: Record<string, number>;
	failedItems: number;
	duplicates: number;
	spanMs: number;
	idealMs: number;
	/**
	 * How busy the key was: Σ time the admitted requests spent at the simulator ÷ (capacity × span),
	 * i.e. the mean share of the key's five slots in use from the first request to the last answer.
	 */
	utilisation: number;
	/** Mean time an admitted request spent at the simulator (the latency actually served). */
	meanServedMs: number;
	/** Share of the five slots in use per second of the run (second 0 = the first request). */
	busyPerSecond: number[];
	/** Kill scenario only: how busy the key was (mean in flight ÷ 5) per second around the kill. */
	busyAroundKill?: Array<{ second: number; busy: number }>;
}

export function measure(
	scenario: Scenario,
	all: SimRequest[],
	executions: Record<string, number>,
	maxInFlight: number,
	shape: { executions: number; items: number; latencyMs: number; capacity: number },
	killedAt?: number,
): ScenarioResult {
	const requests = all.filter((sent) => sent.clientId === scenario.clientId);
	const expectedItems = shape.executions * shape.items;
	const startedAt = Math.min(...requests.map((sent) => sent.startedAt));
	const endedAt = Math.max(...requests.map((sent) => sent.endedAt));
	const refused = requests.filter((sent) => sent.status === 429).length;
	let failedItems: number;
	let duplicates = 0;
	if (scenario.kind === 'create') {
		const created = new Map<string, number>();
		for (const sent of requests) {
			if (sent.method !== 'POST' || typeof sent.status !== 'number' || sent.status >= 300 || !sent.name) continue;
			created.set(sent.name, (created.get(sent.name) ?? 0) + 1);
		}
		failedItems = expectedItems - created.size;
		for (const count of created.values()) duplicates += count - 1;
	} else {
		failedItems = shape.items * (shape.executions - (executions.success ?? 0));
	}
	const admitted = requests.filter((sent) => sent.status !== 429);
	const servedMs = admitted.reduce((sum, sent) => sum + (sent.endedAt - sent.startedAt), 0);
	const spanMs = endedAt - startedAt;
	return {
		label: scenario.label,
		requests: requests.length,
		refused,
		maxInFlight,
		executions,
		failedItems,
		duplicates,
		spanMs,
		// What the work needed (every answer but the 429s: a create's list of existing endpoints
		// is one per execution), each request holding one of the key's five slots for L.
		idealMs: ((requests.length - refused) * shape.latencyMs) / shape.capacity,
		utilisation: spanMs > 0 ? Math.round((servedMs / (shape.capacity * spanMs)) * 1000) / 1000 : 0,
		meanServedMs: admitted.length ? Math.round((servedMs / admitted.length) * 10) / 10 : 0,
		busyPerSecond: busyBetween(admitted, startedAt, Math.ceil(spanMs / 1000), shape.capacity),
		busyAroundKill: killedAt === undefined ? undefined : busyPerSecond(requests, killedAt, shape.capacity),
	};
}

function busyBetween(admitted: SimRequest[], from: number, seconds: number, capacity: number): number[] {
	const busy: number[] = [];
	for (let second = 0; second < seconds; second++) {
		const start = from + second * 1000;
		const end = start + 1000;
		let busyMs = 0;
		for (const sent of admitted) busyMs += Math.max(0, Math.min(end, sent.endedAt) - Math.max(start, sent.startedAt));
		busy.push(Math.round((busyMs / (1000 * capacity)) * 100) / 100);
	}
	return busy;
}

/** Mean admitted requests in flight ÷ capacity, per second from 2 s before the kill to 8 s after. */
function busyPerSecond(requests: SimRequest[], killedAt: number, capacity: number): Array<{ second: number; busy: number }> {
	const admitted = requests.filter((sent) => sent.status !== 429);
	const seconds: Array<{ second: number; busy: number }> = [];
	for (let second = -2; second < 8; second++) {
		const from = killedAt + second * 1000;
		const to = from + 1000;
		let busyMs = 0;
		for (const sent of admitted) busyMs += Math.max(0, Math.min(to, sent.endedAt) - Math.max(from, sent.startedAt));
		seconds.push({ second, busy: Math.round((busyMs / (1000 * capacity)) * 100) / 100 });
	}
	return seconds;
}

export function formatTable(results: ScenarioResult[]): string {
	const lines = [
		'| scenario | requests | max in flight | 429s (share) | executions | failed items | duplicates | time / ideal | key utilisation |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const result of results) {
		const share = result.requests ? ((result.refused / result.requests) * 100).toFixed(1) : '0';
		const executions = Object.entries(result.executions).map(([status, count]) => `${count} ${status}`).join(', ');
		lines.push(
			`| ${result.label} | ${result.requests} | ${result.maxInFlight} | ${result.refused} (${share} %) | ${executions} | ${result.failedItems} | ${result.duplicates} | ${(result.spanMs / 1000).toFixed(2)} s / ${(result.idealMs / 1000).toFixed(2)} s = ${result.idealMs > 0 ? `${(result.spanMs / result.idealMs).toFixed(2)}×` : '—'} | ${(result.utilisation * 100).toFixed(0)} % |`,
		);
	}
	return lines.join('\n');
}
