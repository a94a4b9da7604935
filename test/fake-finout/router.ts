/**
 * Minimal router: `METHOD /literal/:param/...` patterns, one route id per route.
 * Several patterns may share an id (the two V2 query-language spellings, §9.1), so rate
 * limits and stats treat them as one route.
 */
import type { JsonObject } from './errors';
import type { CostModel } from './cost-model';
import type { SimState } from './state';

export type Gen = 'v1' | 'v2';

/** Settings handlers need (resolved from FakeFinoutOptions). */
export interface HandlerEnv {
	state: SimState;
	costModel: CostModel;
	queryQueuedMs: number;
	queryRunningMs: number;
	resultsTtlMs: number;
}

export interface HandlerContext {
	params: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
	clientId: string;
	/** Injected clock (FakeFinoutOptions.now), read once per request. */
	now: number;
	env: HandlerEnv;
}

/** Payload without requestId: the server adds it in the generation's envelope. */
export interface HandlerResult {
	status: number;
	body: JsonObject;
	headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

export interface RouteDef {
	id: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	pattern: string;
	handler: Handler;
}

interface CompiledRoute extends RouteDef {
	segments: string[];
}

export type RouteMatch =
	| { kind: 'route'; route: RouteDef; params: Record<string, string> }
	/** The path exists but not with this method. */
	| { kind: 'method'; allowed: string[] }
	/** A path parameter is not valid percent-encoding. */
	| { kind: 'bad-param'; route: RouteDef; message: string }
	| { kind: 'none' };

export class Router {
	private readonly routes: CompiledRoute[];

	constructor(defs: RouteDef[]) {
		this.routes = defs.map((d) => ({ ...d, segments: d.pattern.split('/').filter(Boolean) }));
	}

	get routeIds(): string[] {
		return [...new Set(this.routes.map((r) => r.id))];
	}

	/**
	 * Match a raw (still percent-encoded) path. Segments are split before decoding so an
	 * encoded '/' inside a key (%2F) stays part of one parameter. Trailing slashes are ignored.
	 */
	match(method: string, rawPath: string): RouteMatch {
		// Interior empty segments ('//') are kept so they fail to match, like a real server.
		const parts = normalisePath(rawPath).split('/').slice(1);
		const allowed: string[] = [];
		for (const r of this.routes) {
			if (r.segments.length !== parts.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			let badParam: string | null = null;
			for (let i = 0; i < parts.length && ok; i++) {
				const seg = r.segments[i];
				if (!seg.startsWith(':')) ok = seg === parts[i];
				else if (parts[i] === '') ok = false;
				else {
					try {
						params[seg.slice(1)] = decodeURIComponent(parts[i]);
					} catch {
						badParam = `Path parameter ${seg.slice(1)} is not valid percent-encoding: ${parts[i]}`;
					}
				}
			}
			if (!ok) continue;
			if (r.method === method) return badParam ? { kind: 'bad-param', route: r, message: badParam } : { kind: 'route', route: r, params };
			allowed.push(r.method);
		}
		return allowed.length ? { kind: 'method', allowed } : { kind: 'none' };
	}
}

/** Normalised path used in logs and fault matching: trailing slashes removed. */
export const normalisePath = (rawPath: string): string => (rawPath.length > 1 ? rawPath.replace(/\/+$/, '') || '/' : rawPath);

export const generationOf = (rawPath: string): Gen => (/^\/v2(\/|$)/.test(rawPath) ? 'v2' : 'v1');
