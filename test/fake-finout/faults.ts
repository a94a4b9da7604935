/**
 * Fault injection: random faults (seeded dice, FaultPlan) and one-shot scripted faults
 * (failNext). Scripted rules are consulted first, in the order they were added.
 *
 * Timing relative to mutations matters for retry logic, so each decision says whether the
 * request's effect is applied first:
 *  - 429 variants: BEFORE (the request is refused; nothing happened);
 *  - 500/502/503/504/drop: AFTER (the mutation is applied, then the response fails) —
 *    the realistic worst case in which a blind retry of a POST creates a duplicate.
 */
import { mulberry32 } from './random';

export type FaultKind = '429' | '429-no-retry-after' | '429-http-date' | '500' | '502' | '503' | '504' | 'drop';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '429-no-retry-after', '429-http-date', '500', '502', '503', '504', 'drop'];

export interface FaultPlan {
	/** 0..1 probability per eligible request. */
	rate: number;
	/** Chosen uniformly. */
	kinds: FaultKind[];
	/** Only these methods are eligible (default all). */
	methods?: string[];
	/** Only paths matching this are eligible (default all). */
	pathPattern?: RegExp;
}

export interface ScriptedFault {
	method?: string;
	/** Exact path (trailing slash ignored), a route id such as 'v2.vt.create', or a RegExp on the path. */
	path?: string | RegExp;
	status: number | 'drop';
	/** Retry-After header value to send, verbatim. */
	retryAfter?: string;
	/** Response body; objects are sent as JSON, strings as text/plain. Default: the generation's error body. */
	body?: unknown;
	/** Content-Type for a string body, sent verbatim (e.g. 'text/html', or 'application/json' with body 'null'). */
	contentType?: string;
	/** How many matching requests to fail (default 1). */
	times?: number;
	/** Apply the request's effect before failing. Default: true for 5xx and 'drop', false otherwise. */
	afterMutation?: boolean;
}

export interface FaultDecision {
	/** Key in stats.injectedFaults: the FaultKind, or `scripted:<status>`. */
	label: string;
	status: number | 'drop';
	retryAfter?: string;
	body?: unknown;
	contentType?: string;
	hasCustomBody: boolean;
	afterMutation: boolean;
}

const defaultAfterMutation = (status: number | 'drop') => status === 'drop' || status >= 500;

export class FaultInjector {
	private plan: FaultPlan | null = null;
	private scripted: Array<ScriptedFault & { remaining: number }> = [];
	private rng: () => number;

	constructor(seed: number) {
		// A stream separate from latency jitter, so changing latency never reshuffles faults.
		this.rng = mulberry32((seed ^ 0x5bd1e995) >>> 0);
	}

	setPlan(plan: FaultPlan | null): void {
		if (plan) {
			if (!(plan.rate >= 0 && plan.rate <= 1)) throw new Error(`FaultPlan.rate must be within 0..1 (got ${plan.rate})`);
			if (!plan.kinds?.length) throw new Error('FaultPlan.kinds must list at least one FaultKind');
			const unknown = plan.kinds.filter((k) => !FAULT_KINDS.includes(k));
			if (unknown.length) throw new Error(`Unknown FaultKind(s): ${unknown.join(', ')}`);
		}
		this.plan = plan;
	}

	failNext(rule: ScriptedFault): void {
		this.scripted.push({ ...rule, remaining: rule.times ?? 1 });
	}

	clearScripted(): void {
		this.scripted = [];
	}

	decide(method: string, path: string, routeId: string): FaultDecision | null {
		const scripted = this.takeScripted(method, path, routeId);
		if (scripted) return scripted;
		const plan = this.plan;
		if (!plan || plan.rate <= 0) return null;
		if (plan.methods && !plan.methods.some((m) => m.toUpperCase() === method)) return null;
		if (plan.pathPattern && !plan.pathPattern.test(path)) return null;
		if (this.rng() >= plan.rate) return null;
		const kind = plan.kinds[Math.min(plan.kinds.length - 1, Math.floor(this.rng() * plan.kinds.length))];
		return fromKind(kind);
	}

	private takeScripted(method: string, path: string, routeId: string): FaultDecision | null {
		const i = this.scripted.findIndex((r) => {
			if (r.method && r.method.toUpperCase() !== method) return false;
			if (r.path === undefined) return true;
			if (r.path instanceof RegExp) return r.path.test(path);
			const wanted = r.path.length > 1 ? r.path.replace(/\/+$/, '') : r.path;
			return wanted === path || wanted === routeId;
		});
		if (i < 0) return null;
		const rule = this.scripted[i];
		rule.remaining -= 1;
		if (rule.remaining <= 0) this.scripted.splice(i, 1);
		return {
			label: `scripted:${rule.status}`,
			status: rule.status,
			retryAfter: rule.retryAfter,
			body: rule.body,
			contentType: rule.contentType,
			hasCustomBody: rule.body !== undefined,
			afterMutation: rule.afterMutation ?? defaultAfterMutation(rule.status),
		};
	}
}

function fromKind(kind: FaultKind): FaultDecision {
	switch (kind) {
		case '429':
			return { label: kind, status: 429, retryAfter: '1', hasCustomBody: false, afterMutation: false };
		case '429-no-retry-after':
			return { label: kind, status: 429, hasCustomBody: false, afterMutation: false };
		case '429-http-date':
			// HTTP-date form of Retry-After (RFC 9110); whole seconds, so aim 2 s ahead.
			return { label: kind, status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString(), hasCustomBody: false, afterMutation: false };
		case 'drop':
			return { label: kind, status: 'drop', hasCustomBody: false, afterMutation: true };
		default:
			return { label: kind, status: Number(kind), hasCustomBody: false, afterMutation: true };
	}
}
