/**
 * The request log (`sim.requests`) and the per-request counters of `stats()`: total
 * requests, requests per route id and injected faults per kind.
 */
import type { FakeFinoutOptions } from './options';

export interface RequestRecord {
	id: number;
	method: string;
	/** Raw path as received (still percent-encoded), without the query string. */
	path: string;
	query: Record<string, string>;
	/** The x-finout-client-id header as sent (even when auth failed); never the secret. */
	clientId: string | null;
	authOk: boolean;
	headersSeen: { clientId: boolean; secretKey: boolean; contentType?: string };
	/** Parsed JSON body; the raw text if it was not valid JSON; null when empty. */
	body: unknown;
	status: number | 'dropped';
	route: string | null;
	/** Epoch ms (Date.now) of arrival and of the end of the response. */
	startedAt: number;
	endedAt: number;
	/** Requests already in flight for this clientId when this one arrived. */
	inFlightAtStart: number;
}

/** What is known of a request when it arrives; the log fills in the rest as it goes. */
export type ArrivalFields = Pick<RequestRecord, 'method' | 'path' | 'query' | 'clientId' | 'authOk' | 'headersSeen'>;

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export class RequestLog {
	/** Trimmed in place, so `sim.requests` stays the same array for the server's lifetime. */
	readonly requests: RequestRecord[] = [];
	private readonly byRoute = new Map<string, number>();
	private readonly injected = new Map<string, number>();
	private totalRequests = 0;
	private nextId = 1;

	constructor(private readonly opts: Pick<FakeFinoutOptions, 'maxLoggedRequests'>) {}

	open(arrival: ArrivalFields): RequestRecord {
		const record: RequestRecord = {
			id: this.nextId++,
			...arrival,
			body: null,
			status: 0,
			route: null,
			startedAt: Date.now(),
			endedAt: 0,
			inFlightAtStart: 0,
		};
		this.totalRequests++;
		this.append(record);
		return record;
	}

	countRoute(routeId: string | null): void {
		bump(this.byRoute, routeId ?? '(unmatched)');
	}

	/** `label` is the FaultKind, or `scripted:<status>` for a failNext rule. */
	countFault(label: string): void {
		bump(this.injected, label);
	}

	reset(): void {
		this.requests.length = 0;
		this.totalRequests = 0;
		this.byRoute.clear();
		this.injected.clear();
	}

	counters(): { totalRequests: number; injectedFaults: Record<string, number>; byRoute: Record<string, number> } {
		return {
			totalRequests: this.totalRequests,
			injectedFaults: Object.fromEntries(this.injected),
			byRoute: Object.fromEntries(this.byRoute),
		};
	}

	private append(record: RequestRecord): void {
		const cap = this.opts.maxLoggedRequests ?? 200_000;
		this.requests.push(record);
		if (this.requests.length > cap) this.requests.splice(0, Math.max(1, Math.floor(cap / 10)));
	}
}
