/**
 * A CPU profile of this process (node:inspector, sampling), summarised into buckets that name
 * what the node's hot path spends CPU on. Inclusive times count a bucket once per sample when any
 * frame of the sample's (synchronous) stack matches; after an `await` a stack restarts at the
 * microtask queue, so inclusive numbers are lower bounds and self times are exact.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

export interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export async function profile<T>(work: () => Promise<T>, intervalUs = 200): Promise<{ result: T; profile: Profile }> {
	const session = new Session();
	session.connect();
	const post = <R>(method: string, params?: object) =>
		new Promise<R>((resolve, reject) =>
			session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as R))),
		);
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: intervalUs });
	await post('Profiler.start');
	try {
		const result = await work();
		const { profile: data } = await post<{ profile: Profile }>('Profiler.stop');
		return { result, profile: data };
	} finally {
		session.disconnect();
	}
}

export interface Bucket {
	label: string;
	/** Matches "functionName url" of a frame. */
	pattern: RegExp;
}

export interface ProfileSummary {
	/** Wall time the summary covers (the whole profile, or the marker's window). */
	windowMs: number;
	totalMs: number;
	idleMs: number;
	gcMs: number;
	inclusive: Array<{ label: string; ms: number }>;
	selfByArea: Array<{ label: string; ms: number }>;
}

/**
 * With `window`, only samples between the first and the last sample whose stack has a frame
 * matching it are counted (e.g. the span in which one node sends its requests). With
 * `lastBurstGapMs`, matching samples further apart than that split into bursts and only the last
 * burst counts (e.g. the measured node after a warm-up node).
 */
export function summarise(data: Profile, buckets: Bucket[], window?: RegExp, lastBurstGapMs?: number): ProfileSummary {
	const nodes = new Map(data.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of data.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const frameText = (id: number) => {
		const frame = nodes.get(id)!.callFrame;
		return `${frame.functionName} ${frame.url}`;
	};
	const stackMatches = (id: number, pattern: RegExp) => {
		for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
			if (pattern.test(frameText(current))) return true;
		}
		return false;
	};
	// timeDeltas[i] is the time before sample i; sample i lasts until sample i + 1.
	const at: number[] = [];
	let clock = data.startTime;
	for (const delta of data.timeDeltas) at.push((clock += delta));
	const duration = (index: number) => ((at[index + 1] ?? data.endTime) - at[index]) / 1000;
	let first = 0;
	let last = data.samples.length - 1;
	if (window) {
		let hits = data.samples.map((id, index) => (stackMatches(id, window) ? index : -1)).filter((index) => index >= 0);
		if (lastBurstGapMs !== undefined) {
			const gapUs = lastBurstGapMs * 1000;
			let start = hits.length - 1;
			while (start > 0 && at[hits[start]] - at[hits[start - 1]] <= gapUs) start--;
			hits = hits.slice(start);
		}
		if (hits.length > 0) {
			first = hits[0];
			last = hits[hits.length - 1];
		}
	}
	const timeByNode = new Map<number, number>();
	for (let index = first; index <= last; index++) {
		const id = data.samples[index];
		timeByNode.set(id, (timeByNode.get(id) ?? 0) + duration(index));
	}

	const inclusive = new Map<string, number>(buckets.map((bucket) => [bucket.label, 0]));
	const selfByArea = new Map<string, number>();
	let totalMs = 0;
	let idleMs = 0;
	let gcMs = 0;
	for (const [id, time] of timeByNode) {
		totalMs += time;
		const node = nodes.get(id)!;
		const name = node.callFrame.functionName;
		if (name === '(idle)') idleMs += time;
		else if (name === '(garbage collector)') gcMs += time;
		const area = areaOf(node);
		selfByArea.set(area, (selfByArea.get(area) ?? 0) + time);
		const matched = new Set<string>();
		for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
			const text = frameText(current);
			for (const bucket of buckets) {
				if (!matched.has(bucket.label) && bucket.pattern.test(text)) matched.add(bucket.label);
			}
		}
		for (const label of matched) inclusive.set(label, (inclusive.get(label) ?? 0) + time);
	}
	const sorted = (map: Map<string, number>) =>
		[...map].map(([label, msValue]) => ({ label, ms: msValue })).sort((a, b) => b.ms - a.ms);
	const windowMs = ((at[last + 1] ?? data.endTime) - (at[first] ?? data.startTime)) / 1000;
	return { windowMs, totalMs, idleMs, gcMs, inclusive: [...inclusive].map(([label, msValue]) => ({ label, ms: msValue })), selfByArea: sorted(selfByArea) };
}

/** Which package or part of the tree a frame's code belongs to. */
function areaOf(node: ProfileNode): string {
	const { url, functionName } = node.callFrame;
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1];
	const project = /\/(nodes|credentials|test|bench|scripts)\//.exec(url);
	if (project) return `project ${project[1]}/`;
	if (url.includes('/n8n-nodes-finout/')) return 'n8n-nodes-finout (this package)';
	if (url.startsWith('node:')) return 'node: core';
	return url;
}
