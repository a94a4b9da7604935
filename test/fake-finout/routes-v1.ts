/**
 * V1 routes (§2 rows 1–15, §3). Handlers return payloads without `requestId`; the server
 * adds it at the top level, as every V1 response carries it (§1.4).
 */
import { badRequest, isNonEmptyString, isPlainObject, notFound, requireObject } from './errors';
import { validateFilter } from './filters';
import { queryByView } from './query-by-view';
import { hash32 } from './random';
import type { HandlerContext, HandlerResult, RouteDef } from './router';
import { SANDBOX_ACCOUNT_ID } from './seed';
import type { EndpointRecord, RecommendationGroup, ResourceRecommendation, ScanRecord, VirtualTagRecord } from './types';
import { toTagInput, validateMetadataBody, validateTagBody } from './vt-validation';

const ok = (body: Record<string, unknown>, status = 200): HandlerResult => ({ status, body });

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * V1 createdAt/updatedAt are JavaScript Date#toString() text (§1.6), e.g.
 * "Mon Sep 09 2024 21:47:55 GMT+0000 (Greenwich Mean Time)". Built from UTC parts so the
 * output does not depend on the machine's time zone.
 */
export function jsDateString(ms: number): string {
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${d.getUTCFullYear()} ` +
		`${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT+0000 (Greenwich Mean Time)`;
}

export function v1Tag(t: VirtualTagRecord): Record<string, unknown> {
	return {
		id: t.id,
		accountId: t.accountId,
		name: t.name,
		defaultValue: t.defaultValue,
		createdBy: t.createdBy,
		updatedBy: t.updatedBy,
		createdAt: jsDateString(t.createdAt),
		updatedAt: jsDateString(t.updatedAt),
		rules: t.rules,
	};
}

function v1Endpoint(e: EndpointRecord): Record<string, unknown> {
	const out: Record<string, unknown> = { type: e.type, name: e.name };
	if (e.configuration) out.configuration = e.configuration;
	return { ...out, createdBy: e.createdBy, createdAt: jsDateString(e.createdAt), id: e.id };
}

function requireTag(ctx: HandlerContext, id: string): VirtualTagRecord {
	const tag = ctx.env.state.virtualTags.get(id);
	if (!tag) throw notFound(`Virtual tag ${id} not found`);
	return tag;
}

// -- CostGuard ----------------------------------------------------------------

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

/** Regroup findings by an arbitrary key: each resource gets a stable value of that key. */
function regroup(groups: RecommendationGroup[], values: readonly string[]): RecommendationGroup[] {
	const out = new Map<string, ResourceRecommendation[]>();
	for (const r of groups.flatMap((g) => g.resources)) {
		const label = values[hash32('groupBy', r.resourceId) % values.length];
		out.set(label, [...(out.get(label) ?? []), r]);
	}
	return [...out].map(([group, resources]) => ({ group, resources }));
}

function recommendations(ctx: HandlerContext): HandlerResult {
	const body = requireObject(ctx.body);
	if (!isNonEmptyString(body.scanId)) throw badRequest('scanId is required (from GET /v1/cost-guard/scans)');
	const { state } = ctx.env;
	const scan: ScanRecord | undefined = state.scans.get(body.scanId);
	if (!scan) throw badRequest(`scanId "${body.scanId}" does not match any scan`);
	// Filters are validated (V1 syntax) but not applied: the fake has no per-resource tags.
	if (body.filters !== undefined) validateFilter(body.filters, 'v1', 'filters');
	let groups = state.recommendations.get(scan.scanId) ?? [];
	if (body.groupBy !== undefined) {
		const gb = body.groupBy;
		if (!isPlainObject(gb) || !isNonEmptyString(gb.costCenter) || !isNonEmptyString(gb.key)) {
			throw badRequest('groupBy must be an object {costCenter, key}');
		}
		const def = state.findKey(gb.costCenter, gb.key);
		groups = regroup(groups, def?.values.length ? def.values.slice(0, 6) : [`${gb.key}-1`, `${gb.key}-2`]);
	}
	const data = groups.map((g) => ({
		group: g.group,
		groupTotalCost: sum(g.resources.map((r) => r.resourceTotalCost)),
		groupTotalWaste: sum(g.resources.map((r) => r.resourceTotalWaste)),
		groupYearlyPotentialSavings: sum(g.resources.map((r) => r.resourceYearlyPotentialSavings)),
		resources: structuredClone(g.resources),
	}));
	return ok({
		scanId: scan.scanId,
		scanName: scan.scanName,
		scanLastRunTime: scan.scanLastRunTime,
		scanTotalCost: sum(data.map((g) => g.groupTotalCost)),
		scanTotalWaste: sum(data.map((g) => g.groupTotalWaste)),
		scanYearlyPotentialSavings: sum(data.map((g) => g.groupYearlyPotentialSavings)),
		scanMetadata: scan.scanMetadata,
		data,
	});
}

// -- Endpoints ----------------------------------------------------------------

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function createEndpoint(ctx: HandlerContext): HandlerResult {
	const body = requireObject(ctx.body);
	const type = body.type;
	if (type === 'msteams') throw badRequest('type "msteams" cannot be created through the API (Teams channels are mapped automatically)');
	if (type !== 'email' && type !== 'slack') throw badRequest(`type must be "email" or "slack" (lowercase; got ${JSON.stringify(type)})`);
	if (!isNonEmptyString(body.name)) throw badRequest('name is required (a non-empty string)');
	const cfg = body.configuration;
	if (!isPlainObject(cfg) || !isNonEmptyString(cfg.to)) throw badRequest('configuration.to is required');
	if (type === 'email' && !EMAIL_RE.test(cfg.to)) throw badRequest(`configuration.to must be an email address for type "email" (got "${cfg.to}")`);
	if (type === 'slack') {
		let url: URL | null = null;
		try {
			url = new URL(cfg.to);
		} catch {
			url = null;
		}
		if (!url || url.protocol !== 'https:') throw badRequest('configuration.to must be an https:// Slack webhook URL for type "slack"');
	}
	const ep = ctx.env.state.addEndpoint({ type, name: body.name, configuration: { to: cfg.to } }, ctx.now);
	return ok({
		endpoint: {
			accountId: ep.accountId,
			createdBy: ep.createdBy,
			type: ep.type,
			name: ep.name,
			configuration: ep.configuration,
			createdAt: jsDateString(ep.createdAt),
			updatedAt: jsDateString(ep.updatedAt),
			id: ep.id,
		},
	});
}

// -- Route table ----------------------------------------------------------------

export const V1_ROUTES: RouteDef[] = [
	{
		id: 'v1.view.list', method: 'GET', pattern: '/v1/view',
		handler: (ctx) => ok({ data: [...ctx.env.state.views.values()].map((v) => ({ name: v.name, id: v.id })) }),
	},
	{ id: 'v1.cost.query-by-view', method: 'POST', pattern: '/v1/cost/query-by-view', handler: (ctx) => ok(queryByView(ctx)) },
	{
		id: 'v1.ql.keys', method: 'GET', pattern: '/v1/megabill/query-language/keys',
		handler: (ctx) => ok({
			keys: ctx.env.state.allKeys().map((k) => ({ costCenter: k.costCenter, key: k.key, displayName: k.displayName })),
			accountId: SANDBOX_ACCOUNT_ID,
		}),
	},
	{
		id: 'v1.ql.values', method: 'GET', pattern: '/v1/megabill/query-language/values/:costCenter/:key',
		handler: (ctx) => {
			const { costCenter, key } = ctx.params;
			const def = costCenter ? ctx.env.state.findKey(costCenter, key) : undefined;
			if (!def) throw notFound(`Key "${key}" not found in cost center "${costCenter}"`);
			return ok({ values: [...def.values], request: { costCenter, key }, accountId: SANDBOX_ACCOUNT_ID });
		},
	},
	{
		id: 'v1.vt.list', method: 'GET', pattern: '/v1/virtual-tags',
		handler: (ctx) => ok({ accountId: SANDBOX_ACCOUNT_ID, virtualTags: [...ctx.env.state.virtualTags.values()].map(v1Tag) }),
	},
	{
		// [MM]: 201 with the created tag.
		id: 'v1.vt.create', method: 'POST', pattern: '/v1/virtual-tags',
		handler: (ctx) => {
			const input = toTagInput(validateTagBody(ctx.body, 'v1'), 'unallocated');
			return ok(v1Tag(ctx.env.state.createVirtualTag(input, { now: ctx.now, changeDescription: null })), 201);
		},
	},
	{ id: 'v1.vt.get', method: 'GET', pattern: '/v1/virtual-tags/:id', handler: (ctx) => ok(v1Tag(requireTag(ctx, ctx.params.id))) },
	{
		// [MM]: {requestId, name, rules, defaultValue}. V1 saves always go live.
		id: 'v1.vt.update', method: 'PUT', pattern: '/v1/virtual-tags/:id',
		handler: (ctx) => {
			const existing = requireTag(ctx, ctx.params.id);
			const input = toTagInput(validateTagBody(ctx.body, 'v1'), existing.defaultValue);
			const tag = ctx.env.state.saveVirtualTag(existing.id, input, { now: ctx.now, setAsLive: true, changeDescription: null });
			return ok({ name: tag!.name, rules: tag!.rules, defaultValue: tag!.defaultValue });
		},
	},
	{
		id: 'v1.vt.delete', method: 'DELETE', pattern: '/v1/virtual-tags/:id',
		handler: (ctx) => {
			requireTag(ctx, ctx.params.id);
			ctx.env.state.deleteVirtualTag(ctx.params.id);
			return ok({});
		},
	},
	{
		id: 'v1.vt-metadata.get', method: 'GET', pattern: '/v1/virtual-tags/:virtualTagId/metadata',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.virtualTagId);
			return ok({ metadata: structuredClone(ctx.env.state.metadata.get(tag.id) ?? {}) });
		},
	},
	{
		// §3.6: PUT overwrites the tag's metadata.
		id: 'v1.vt-metadata.put', method: 'PUT', pattern: '/v1/virtual-tags/:virtualTagId/metadata',
		handler: (ctx) => {
			const tag = requireTag(ctx, ctx.params.virtualTagId);
			const entries = validateMetadataBody(ctx.body, 'v1');
			const metadata = Object.fromEntries(entries.map(([value, entry]) => [value, entry]));
			ctx.env.state.metadata.set(tag.id, metadata);
			return ok({ metadata: structuredClone(metadata), request: { virtualTagId: tag.id } });
		},
	},
	{ id: 'v1.costguard.scans', method: 'GET', pattern: '/v1/cost-guard/scans', handler: (ctx) => ok({ scans: structuredClone([...ctx.env.state.scans.values()]) }) },
	{ id: 'v1.costguard.recommendations', method: 'POST', pattern: '/v1/cost-guard/scans-recommendations', handler: recommendations },
	{ id: 'v1.endpoints.list', method: 'GET', pattern: '/v1/endpoints', handler: (ctx) => ok({ endpoints: [...ctx.env.state.endpoints.values()].map(v1Endpoint) }) },
	{ id: 'v1.endpoints.create', method: 'POST', pattern: '/v1/endpoints', handler: createEndpoint },
];
