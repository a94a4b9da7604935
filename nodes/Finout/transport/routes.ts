import type { IHttpRequestMethods } from 'n8n-workflow';

/**
 * Every public Finout endpoint, in one table: the only place that knows a route's method, path,
 * whether repeating it is harmless, and Finout's documented per-minute limit (V2 only; V1 has none).
 *
 * `safeToRepeat` is true for reads and for POSTs that only query (query-by-view, scan
 * recommendations, V2 generate-query, which starts a read-only job): the retry policy may resend
 * those after a 5xx or a dropped connection. Mutations are resent only after a 429, which Finout
 * answers before doing anything.
 */
export interface FinoutRoute {
	readonly method: IHttpRequestMethods;
	/** Path template; `{name}` segments are filled from path parameters, URL-encoded. */
	readonly path: string;
	readonly safeToRepeat: boolean;
	readonly perMinuteLimit?: number;
}

const route = (
	method: IHttpRequestMethods,
	path: string,
	safeToRepeat: boolean,
	perMinuteLimit?: number,
): FinoutRoute => ({ method, path, safeToRepeat, perMinuteLimit });

export const ROUTES = {
	// V1
	listViews: route('GET', '/v1/view', true),
	queryCostByView: route('POST', '/v1/cost/query-by-view', true),
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

export function buildPath(routeId: RouteId, params: PathParams = {}): string {
	return ROUTES[routeId].path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined || value === '') {
			throw new Error(`Route ${routeId} needs path parameter "${name}"`);
		}
		return encodeURIComponent(value);
	});
}
