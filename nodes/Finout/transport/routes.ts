import type { IHttpRequestMethods } from 'n8n-workflow';

/**
 * Every public Finout endpoint, in one table: the only place that knows a route's method, path,
 * whether repeating it is harmless, and Finout's documented per-minute limit (V2 only; V1 has none).
 *
 * `safeToRepeat` is true for reads and for POSTs that only query (query-by-view, scan
 * recommendations, V2 generate-query, which starts a read-only job): the retry policy may resend
 * those after a 5xx, a dropped connection or a timeout. Mutations are resent only after a 429,
 * which Finout answers before doing anything.
 *
 * `timeoutMs` is how long one attempt may wait for an answer unless Options → Timeout says
 * otherwise. Lists and gets are small reads that Finout answers in well under a second, so 30 s
 * means something is wrong; changes get 60 s because an abandoned write is costly (it is not
 * resent and the user must check Finout); V1 query-by-view computes costs synchronously over up
 * to 90 days and a wide view can take a minute or more, so it gets 120 s.
 */
interface FinoutRoute {
	readonly method: IHttpRequestMethods;
	/** Path template; `{name}` segments are filled from path parameters, URL-encoded. */
	readonly path: string;
	readonly safeToRepeat: boolean;
	readonly perMinuteLimit?: number;
	readonly timeoutMs: number;
}

export const ROUTE_TIMEOUTS_MS = { read: 30_000, change: 60_000, slowQuery: 120_000 } as const;

const route = (
	method: IHttpRequestMethods,
	path: string,
	safeToRepeat: boolean,
	perMinuteLimit?: number,
	timeoutMs: number = method === 'GET' ? ROUTE_TIMEOUTS_MS.read : ROUTE_TIMEOUTS_MS.change,
): FinoutRoute => ({ method, path, safeToRepeat, perMinuteLimit, timeoutMs });

export const ROUTES = {
	// V1
	listViews: route('GET', '/v1/view', true),
	queryCostByView: route(
		'POST',
		'/v1/cost/query-by-view',
		true,
		undefined,
		ROUTE_TIMEOUTS_MS.slowQuery,
	),
	listKeysV1: route('GET', '/v1/megabill/query-language/keys', true),
	listKeyValuesV1: route('GET', '/v1/megabill/query-language/values/{costCenter}/{key}', true),
	listVirtualTagsV1: route('GET', '/v1/virtual-tags', true),
	createVirtualTagV1: route('POST', '/v1/virtual-tags', false),
	getVirtualTagV1: route('GET', '/v1/virtual-tags/{id}', true),
	updateVirtualTagV1: route('PUT', '/v1/virtual-tags/{id}', false),
	deleteVirtualTagV1: route('DELETE', '/v1/virtual-tags/{id}', false),
	getVirtualTagMetadataV1: route('GET', '/v1/virtual-tags/{id}/metadata', true),
	updateVirtualTagMetadataV1: route('PUT', '/v1/virtual-tags/{id}/metadata', false),
	listScans: route('GET', '/v1/cost-guard/scans', true),
	getScanRecommendations: route('POST', '/v1/cost-guard/scans-recommendations', true),
	listEndpoints: route('GET', '/v1/endpoints', true),
	createEndpoint: route('POST', '/v1/endpoints', false),
	// V2
	listKeysV2: route('GET', '/v2/query-language/keys', true, 50),
	listKeyValuesV2: route('GET', '/v2/query-language/values/{costCenter}/{key}', true, 50),
	submitCostUsageQuery: route('POST', '/v2/data/cost-usage/generate-query', true, 50),
	getCostUsageQueryStatus: route('GET', '/v2/data/cost-usage/{queryId}/status', true, 50),
	getCostUsageQueryResults: route('GET', '/v2/data/cost-usage/{queryId}/results', true, 50),
	listVirtualTagsV2: route('GET', '/v2/virtual-tags', true, 50),
	getVirtualTagV2: route('GET', '/v2/virtual-tags/{id}', true, 100),
	createVirtualTagV2: route('POST', '/v2/virtual-tags', false, 50),
	updateVirtualTagV2: route('PUT', '/v2/virtual-tags/{id}', false, 100),
	deleteVirtualTagV2: route('DELETE', '/v2/virtual-tags/{id}', false, 100),
	listVirtualTagVersions: route('GET', '/v2/virtual-tags/{id}/versions', true, 50),
	getVirtualTagVersion: route('GET', '/v2/virtual-tags/{id}/versions/{versionId}', true, 100),
	getVirtualTagMetadataV2: route('GET', '/v2/virtual-tags/{id}/metadata', true, 100),
	updateVirtualTagMetadataV2: route('PUT', '/v2/virtual-tags/{id}/metadata', false, 100),
} as const;

export type RouteId = keyof typeof ROUTES;

export type PathParams = Record<string, string>;

/**
 * Fills a route's path. Values are URL-encoded, and a value that is a dot segment (`.`, `..`,
 * also percent-encoded) is refused: a server or proxy that normalises paths would turn
 * `DELETE /v1/virtual-tags/..` into `DELETE /v1/`. The operations refuse such IDs with a
 * field-level message first; this is the last line of defence.
 */
export function buildPath(routeId: RouteId, params: PathParams = {}): string {
	return ROUTES[routeId].path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined || value === '') {
			throw new Error(`Route ${routeId} needs path parameter "${name}"`);
		}
		if (isDotSegment(value)) {
			throw new Error(
				`Route ${routeId} refuses "${value}" as path parameter "${name}": a dot segment`,
			);
		}
		return encodeURIComponent(value);
	});
}

/** `.` or `..`, however many times percent-encoded (`%2e`, `%252E`…). */
export function isDotSegment(value: string): boolean {
	let current = value.trim();
	for (let round = 0; round < 5; round++) {
		if (current === '.' || current === '..') return true;
		const decoded = current.replace(/%2e/gi, '.').replace(/%25/g, '%');
		if (decoded === current) return false;
		current = decoded;
	}
	return false;
}

/** Why an object ID cannot be put into a path, or undefined when it can. */
export function pathIdProblem(value: string): string | undefined {
	if (isDotSegment(value)) return 'cannot be "." or ".." (in any encoding)';
	if (/[/\\]/.test(value)) return 'cannot contain "/" or "\\"';
	return undefined;
}
