/**
 * V2 routes (§2 rows 16–29, §4). Handlers return `{data, pagination?}`; the server adds
 * `requestId` to form the V2 envelope `{requestId, data}` (§1.4).
 */
import { randomUUID } from 'node:crypto';
import {
	RESULTS_DEFAULT_PAGE_SIZE,
	RESULTS_MAX_PAGE_SIZE,
	buildResultSet,
	queryStatus,
	validateGenerateQuery,
} from './cost-usage';
import { ApiError, badRequest, isPlainObject, notFound } from './errors';
import type { HandlerContext, HandlerResult, RouteDef } from './router';
import type { QueryRecord, VersionRecord, VirtualTagRecord } from './types';
import { applyMetadata, changeDescriptionOf, parseSetAsLive, toTagInput, validateMetadataBody, validateTagBody } from './vt-validation';

const ok = (body: Record<string, unknown>, status = 200): HandlerResult => ({ status, body });
const iso = (ms: number) => new Date(ms).toISOString();

export const VERSIONS_DEFAULT_PAGE_SIZE = 50;
export const VERSIONS_MAX_PAGE_SIZE = 100;

// -- helpers ------------------------------------------------------------------

function v2Tag(t: VirtualTagRecord): Record<string, unknown> {
	return {
		id: t.id,
		name: t.name,
		defaultValue: t.defaultValue,
		rules: t.rules,
		createdBy: t.createdBy,
		updatedBy: t.updatedBy,
		createdAt: iso(t.createdAt),
		updatedAt: iso(t.updatedAt),
	};
}

function v2Version(t: VirtualTagRecord, v: VersionRecord, withData: boolean): Record<string, unknown> {
	const out: Record<string, unknown> = {
		id: v.id,
		createdBy: v.createdBy,
		createdAt: iso(v.createdAt),
		isLive: v.id === t.liveVersionId,
		changeDescription: v.changeDescription,
	};
	if (withData) out.versionData = structuredClone(v.versionData);
	return out;
}

function requireTag(ctx: HandlerContext, id: string): VirtualTagRecord {
	const tag = ctx.env.state.virtualTags.get(id);
	if (!tag) throw notFound(`Virtual tag ${id} not found`);
	return tag;
}

function requireQuery(ctx: HandlerContext): QueryRecord {
	const q = ctx.env.state.queries.get(ctx.params.queryId);
	if (!q) throw notFound(`Query ${ctx.params.queryId} not found`);
	return q;
}

/** Parse an optional integer query parameter within [min, max]. */
function intParam(query: Record<string, string>, name: string, dflt: number | undefined, min: number, max: number): number | undefined {
	const raw = query[name];
	if (raw === undefined || raw === '') return dflt;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) {
		throw badRequest(`${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max} (got "${raw}")`);
	}
	return n;
}

/** Opaque cursors: base64url JSON. Clients must treat them as opaque strings. */
const encodeCursor = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
function decodeCursor(raw: string): Record<string, unknown> {
	try {
		const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
		if (isPlainObject(v)) return v;
	} catch {
		/* fall through */
	}
	throw badRequest('cursor is not valid (pass pagination.nextCursor from the previous page unchanged)');
}

// -- Cost & Usage ---------------------------------------------------------------

function generateQuery(ctx: HandlerContext): HandlerResult {
	const spec = validateGenerateQuery(ctx.body);
	const queryId = randomUUID();
	ctx.env.state.queries.set(queryId, { queryId, clientId: ctx.clientId, submittedAt: ctx.now, spec });
	return ok({ data: { queryId } });
}

function status(ctx: HandlerContext): HandlerResult {
	const q = requireQuery(ctx);
	const st = queryStatus(q, ctx.now, ctx.env);
	if (st.status === 'completed') {
		q.result ??= buildResultSet(q.spec, ctx.env.state, ctx.env.costModel);
		return ok({ data: { status: 'completed', completedAt: iso(st.completedAt), expiredAt: iso(st.expiresAt), totalRows: q.result.totalRows } });
	}
	if (st.status === 'expired') return ok({ data: { status: 'expired', expiredAt: iso(st.expiredAt) } });
	return ok({ data: { status: st.status } });
}

function results(ctx: HandlerContext): HandlerResult {
	const q = requireQuery(ctx);
	const pageSize = intParam(ctx.query, 'pageSize', RESULTS_DEFAULT_PAGE_SIZE, 1, RESULTS_MAX_PAGE_SIZE)!;
	let offset = 0;
	if (ctx.query.cursor) {
		const c = decodeCursor(ctx.query.cursor);
		if (c.q !== q.queryId || !Number.isInteger(c.o) || (c.o as number) < 0) throw badRequest('cursor does not belong to this query');
		offset = c.o as number;
	}
	const st = queryStatus(q, ctx.now, ctx.env);
	switch (st.status) {
		case 'queued':
			throw new ApiError(202, 'The query is still queued; poll the status route until it is completed', 'QUERY_QUEUED');
		case 'running':
			throw new ApiError(202, 'The query is still running; poll the status route until it is completed', 'QUERY_RUNNING');
		case 'failed':
			throw new ApiError(424, 'The query failed; submit it again', 'QUERY_FAILED');
		case 'expired':
			throw new ApiError(410, 'Results are kept for 24 hours and have expired; submit the query again', 'RESULTS_EXPIRED');
	}
	const rs = (q.result ??= buildResultSet(q.spec, ctx.env.state, ctx.env.costModel));
	const end = Math.min(rs.totalRows, offset + pageSize);
	const data: Record<string, unknown>[] = [];
	for (let i = offset; i < end; i++) data.push(rs.rowAt(i));
	const hasMore = end < rs.totalRows;
	const pagination: Record<string, unknown> = { hasMore, totalRows: rs.totalRows };
	if (hasMore) pagination.nextCursor = encodeCursor({ q: q.queryId, o: end });
	return ok({ pagination, data });
}

// -- Virtual tags -------------------------------------------------------------------

function createTag(ctx: HandlerContext): HandlerResult {
	parseSetAsLive(ctx.query); // validated; a brand-new tag's first version is live either way
	const input = toTagInput(validateTagBody(ctx.body, 'v2'), 'unallocated');
	const tag = ctx.env.state.createVirtualTag(input, { now: ctx.now, changeDescription: changeDescriptionOf(ctx.body) });
	return ok({ data: v2Tag(tag) }, 201);
}

function updateTag(ctx: HandlerContext): HandlerResult {
	const setAsLive = parseSetAsLive(ctx.query);
	const existing = requireTag(ctx, ctx.params.id);
	const input = toTagInput(validateTagBody(ctx.body, 'v2'), existing.defaultValue);
	const tag = ctx.env.state.saveVirtualTag(existing.id, input, { now: ctx.now, setAsLive, changeDescription: changeDescriptionOf(ctx.body) });
	// The tag object shows the live configuration; a staged save leaves it unchanged.
	return ok({ data: v2Tag(tag!) });
}

function listVersions(ctx: HandlerContext): HandlerResult {
	const tag = requireTag(ctx, ctx.params.id);
	const q = ctx.query;
	const from = intParam(q, 'from', undefined, 0, Number.MAX_SAFE_INTEGER);
	const to = intParam(q, 'to', undefined, 0, Number.MAX_SAFE_INTEGER);
	const pageSize = intParam(q, 'pageSize', VERSIONS_DEFAULT_PAGE_SIZE, 1, VERSIONS_MAX_PAGE_SIZE)!;
	const sortDirection = q.sortDirection ?? 'desc';
	if (sortDirection !== 'asc' && sortDirection !== 'desc') throw badRequest(`sortDirection must be "asc" or "desc" (got "${sortDirection}")`);

	// Keyset cursor (createdAt, seq): stable even if new versions are saved between pages.
	let after: [number, number] | null = null;
	if (q.cursor) {
		const c = decodeCursor(q.cursor);
		if (c.tag !== tag.id || !Array.isArray(c.after)) throw badRequest('cursor does not belong to this virtual tag');
		if (c.dir !== sortDirection || c.from !== (from ?? null) || c.to !== (to ?? null)) {
			throw badRequest('from, to and sortDirection must stay the same as in the request that returned the cursor');
		}
		after = c.after as [number, number];
	}
	const dir = sortDirection === 'asc' ? 1 : -1;
	const cmp = (a: [number, number], b: [number, number]) => dir * (a[0] - b[0] || a[1] - b[1]);
	const all = tag.versions
		.filter((v) => (from === undefined || v.createdAt >= from) && (to === undefined || v.createdAt <= to))
		.sort((a, b) => cmp([a.createdAt, a.seq], [b.createdAt, b.seq]))
		.filter((v) => !after || cmp([v.createdAt, v.seq], after) > 0);
	const page = all.slice(0, pageSize);
	const hasMore = all.length > pageSize;
	const last = page[page.length - 1];
	const nextCursor = hasMore
		? encodeCursor({ tag: tag.id, after: [last.createdAt, last.seq], dir: sortDirection, from: from ?? null, to: to ?? null })
		: null;
	return ok({ pagination: { nextCursor, hasMore }, data: page.map((v) => v2Version(tag, v, false)) });
}

// -- Route table ----------------------------------------------------------------------

const qlKeys = (ctx: HandlerContext) =>
	ok({ data: { keys: ctx.env.state.allKeys().map((k) => ({ costCenter: k.costCenter, key: k.key, displayName: k.displayName, types: [...k.types] })) } });

function qlValues(ctx: HandlerContext): HandlerResult {
	const { costCenter, key } = ctx.params;
	const def = costCenter ? ctx.env.state.findKey(costCenter, key) : undefined;
	if (!def) throw notFound(`Key "${key}" not found in cost center "${costCenter}"`);
	const type = ctx.query.type;
	if (type === undefined && def.types.length > 1) {
		throw badRequest(`type is required for key "${key}" because it supports several types: ${def.types.join(', ')}`);
	}
	if (type !== undefined && !def.types.includes(type)) {
		throw badRequest(`type "${type}" is not supported by key "${key}" (supported: ${def.types.join(', ')})`);
	}
	return ok({ data: { values: [...def.values] } });
}

export const V2_ROUTES: RouteDef[] = [
	// Both spellings of the query-language paths are accepted (§9.1); they share a route id.
	{ id: 'v2.ql.keys', method: 'GET', pattern: '/v2/query-language/keys', handler: qlKeys },
	{ id: 'v2.ql.keys', method: 'GET', pattern: '/v2/megabill/query-language/keys', handler: qlKeys },
	{ id: 'v2.ql.values', method: 'GET', pattern: '/v2/query-language/values/:costCenter/:key', handler: qlValues },
	{ id: 'v2.ql.values', method: 'GET', pattern: '/v2/megabill/query-language/values/:costCenter/:key', handler: qlValues },
	{ id: 'v2.cu.generate-query', method: 'POST', pattern: '/v2/data/cost-usage/generate-query', handler: generateQuery },
	{ id: 'v2.cu.status', method: 'GET', pattern: '/v2/data/cost-usage/:queryId/status', handler: status },
	{ id: 'v2.cu.results', method: 'GET', pattern: '/v2/data/cost-usage/:queryId/results', handler: results },
	{
		id: 'v2.vt.list', method: 'GET', pattern: '/v2/virtual-tags',
		handler: (ctx) => ok({ data: { virtualTags: [...ctx.env.state.virtualTags.values()].map(v2Tag) } }),
	},
	{ id: 'v2.vt.get', method: 'GET', pattern: '/v2/virtual-tags/:id', handler: (ctx) => ok({ data: v2Tag(requireTag(ctx, ctx.params.id)) }) },
	{ id: 'v2.vt.create', method: 'POST', pattern: '/v2/virtual-tags', handler: createTag },
	{ id: 'v2.vt.update', method: 'PUT', pattern: '/v2/virtual-tags/:id', handler: updateTag },
	{
		id: 'v2.vt.delete', method: 'DELETE', pattern: '/v2/virtual-tags/:id',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.id);
			ctx.env.state.deleteVirtualTag(tag.id);
			return ok({ data: { id: tag.id, name: tag.name } });
		},
	},
	{ id: 'v2.vt-versions.list', method: 'GET', pattern: '/v2/virtual-tags/:id/versions', handler: listVersions },
	{
		id: 'v2.vt-versions.get', method: 'GET', pattern: '/v2/virtual-tags/:vtagId/versions/:id',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.vtagId);
			const v = tag.versions.find((x) => x.id === ctx.params.id);
			if (!v) throw notFound(`Version ${ctx.params.id} of virtual tag ${tag.id} not found`);
			return ok({ data: v2Version(tag, v, true) });
		},
	},
	{
		id: 'v2.vt-metadata.get', method: 'GET', pattern: '/v2/virtual-tags/:id/metadata',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.id);
			return ok({ data: { metadata: structuredClone(ctx.env.state.metadata.get(tag.id) ?? {}) } });
		},
	},
	{
		// Values absent from the body are left alone; mergeValuesAndMetadata decides per value.
		id: 'v2.vt-metadata.put', method: 'PUT', pattern: '/v2/virtual-tags/:id/metadata',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.id);
			const updates = validateMetadataBody(ctx.body, 'v2');
			const metadata = applyMetadata(ctx.env.state.metadata.get(tag.id) ?? {}, updates);
			ctx.env.state.metadata.set(tag.id, metadata);
			return ok({ data: { metadata: structuredClone(metadata), virtualTagId: tag.id } });
		},
	},
];
