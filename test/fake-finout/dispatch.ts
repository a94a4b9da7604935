/**
 * Dispatch: a path the router does not know is a 404, a known path with another method a
 * 405; a matched route's handler runs and its payload is put in the generation's envelope,
 * a thrown ApiError becomes the error body and anything else a 500.
 */
import { ApiError } from './errors';
import { errorResponse, withRequestId, type Outgoing } from './envelope';
import type { Gen, HandlerContext, RouteDef, RouteMatch } from './router';

/** The route id a request is counted and logged under; null when no route has that path. */
export const routeIdOf = (match: RouteMatch): string | null =>
	match.kind === 'route' || match.kind === 'bad-param' ? match.route.id : null;

/** A match that names a route; a bad path parameter is refused later, after the V2 windows. */
export type RoutedMatch = Extract<RouteMatch, { kind: 'route' | 'bad-param' }>;

export function routedOrError(match: RouteMatch, method: string, path: string): RoutedMatch | ApiError {
	if (match.kind === 'none') return new ApiError(404, `No route for ${method} ${path}`);
	if (match.kind === 'method') {
		const allow = match.allowed.join(', ');
		return new ApiError(405, `${method} is not supported on ${path} (allowed: ${allow})`, 'METHOD_NOT_ALLOWED', { allow });
	}
	return match;
}

/** The context is built inside the try, so a throwing injected clock is a 500 like any other fault of the fake. */
export function runHandler(route: RouteDef, context: () => HandlerContext, gen: Gen, requestId: string): Outgoing {
	try {
		const result = route.handler(context());
		return { status: result.status, body: withRequestId(gen, result.body, requestId), headers: result.headers };
	} catch (e) {
		if (e instanceof ApiError) return errorResponse(gen, e, requestId);
		return errorResponse(gen, new ApiError(500, `Internal error in fake Finout: ${(e as Error).message}`), requestId);
	}
}
