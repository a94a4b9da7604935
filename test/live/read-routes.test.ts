/**
 * Read-only smoke test against the real Finout API: every read route of the node's route table,
 * called once through the node (so the same response readers check the answers), in an order
 * where each call finds the ids the next one needs. Nothing is created, changed or deleted.
 *
 *   FINOUT_CLIENT_ID=… FINOUT_SECRET_KEY=… npm run test:live
 *
 * Optional: FINOUT_BASE_URL (default https://app.finout.io). Skipped without keys. Needs an account
 * with at least one view, virtual tag and CostGuard scan. A failure names the route and what
 * Finout answered: please report it as API drift.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ROUTES } from '../../nodes/Finout/transport/routes';
import type { FinoutRunResult } from '../harness/engine';
import { runFinoutWorkflow } from '../harness/engine';
import type { RecordingProxy } from './recording-proxy';
import { startRecordingProxy } from './recording-proxy';

const clientId = process.env.FINOUT_CLIENT_ID;
const secretKey = process.env.FINOUT_SECRET_KEY;
const baseUrl = process.env.FINOUT_BASE_URL || 'https://app.finout.io';
const haveKeys = Boolean(clientId && secretKey);

if (!haveKeys) {
	process.stderr.write('[live] skipped: set FINOUT_CLIENT_ID and FINOUT_SECRET_KEY (and FINOUT_BASE_URL for another host) to run the read-only smoke suite.\n');
}

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
/** Route paths as patterns: `{id}` matches one path segment. */
const READ_ROUTES = Object.entries(ROUTES)
	.filter(([, route]) => route.safeToRepeat)
	.map(([id, route]) => ({ id, method: route.method, pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));

(haveKeys ? describe : describe.skip)(`Finout read routes at ${baseUrl}`, () => {
	let proxy: RecordingProxy;
	const found: { viewId?: string; tagId?: string; versionId?: string; scanId?: string; queryId?: string } = {};

	beforeAll(async () => {
		proxy = await startRecordingProxy(baseUrl);
	});

	afterAll(async () => {
		await proxy?.close();
		if (proxy) {
			process.stderr.write(`[live] ${proxy.requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join('\n[live] ')}\n`);
		}
	});

	async function read(parameters: INodeParameters): Promise<Array<Record<string, unknown>>> {
		const result: FinoutRunResult = await runFinoutWorkflow({
			parameters,
			credentials: { clientId: clientId!, secretKey: secretKey!, baseUrl: proxy.url, maxConcurrentRequests: 2 },
		});
		if (result.status !== 'success') {
			throw new Error(`${parameters.resource} → ${parameters.operation}: ${result.error?.message} — ${result.error?.description ?? ''}`);
		}
		return result.items.map((item) => item.json as Record<string, unknown>);
	}

	const firstString = (rows: Array<Record<string, unknown>>, field: string) => {
		const value = rows.find((row) => typeof row[field] === 'string')?.[field];
		expect(typeof value).toBe('string');
		return value as string;
	};

	test('View → Get Many', async () => {
		const views = await read({ resource: 'view', operation: 'getAll', returnAll: true });
		expect(views.length).toBeGreaterThan(0);
		found.viewId = firstString(views, 'id');
	});

	test('Cost → Query by View', async () => {
		const series = await read({ resource: 'cost', operation: 'queryByView', viewId: locator(found.viewId!), dateRange: 'last7Days', output: 'series', options: {} });
		for (const row of series) expect(typeof row.totalCost).toBe('number');
	});

	test.each(['v1', 'v2'])('Query Language → Get Keys / Get Values (%s)', async (apiVersion) => {
		const keys = await read({ resource: 'queryLanguage', operation: 'getKeys', apiVersion, limit: 20, filters: {} });
		expect(keys.length).toBeGreaterThan(0);
		const key = keys[0] as { costCenter: string; key: string; type?: string; types?: string[] };
		const keyType = key.type ?? key.types?.[0];
		await read({ resource: 'queryLanguage', operation: 'getValues', apiVersion, costCenter: key.costCenter, key: key.key, ...(apiVersion === 'v2' && keyType ? { keyType } : {}), limit: 5 });
	});

	test.each(['v1', 'v2'])('Virtual Tag → Get Many / Get, Metadata → Get (%s)', async (apiVersion) => {
		const tags = await read({ resource: 'virtualTag', operation: 'getAll', apiVersion, returnAll: true, simplify: true });
		expect(tags.length).toBeGreaterThan(0);
		found.tagId = firstString(tags, 'id');
		const [tag] = await read({ resource: 'virtualTag', operation: 'get', apiVersion, virtualTagId: locator(found.tagId) });
		expect(tag.id).toBe(found.tagId);
		await read({ resource: 'virtualTagMetadata', operation: 'get', apiVersion, virtualTagId: locator(found.tagId) });
	});

	test('Virtual Tag Version → Get Many / Get', async () => {
		const versions = await read({ resource: 'virtualTagVersion', operation: 'getAll', virtualTagId: locator(found.tagId!), limit: 3 });
		expect(versions.length).toBeGreaterThan(0);
		found.versionId = firstString(versions, 'id');
		await read({ resource: 'virtualTagVersion', operation: 'get', virtualTagId: locator(found.tagId!), versionId: found.versionId });
	});

	test('CostGuard → Get Scans / Get Recommendations', async () => {
		const scans = await read({ resource: 'costGuard', operation: 'getScans', returnAll: true, simplify: true });
		expect(scans.length).toBeGreaterThan(0);
		found.scanId = firstString(scans, 'scanId');
		await read({ resource: 'costGuard', operation: 'getRecommendations', scanId: locator(found.scanId), limit: 5, options: {} });
	});

	test('Notification Endpoint → Get Many', async () => {
		await read({ resource: 'notificationEndpoint', operation: 'getAll', returnAll: true, filters: {} });
	});

	test('Cost and Usage → Submit Query / Get Status / Get Results', async () => {
		const [submitted] = await read({
			resource: 'costAndUsage',
			operation: 'submitQuery',
			dateRange: 'last7Days',
			timeInterval: 'day',
			measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
			options: {},
		});
		found.queryId = firstString([submitted], 'queryId');
		await read({ resource: 'costAndUsage', operation: 'getStatus', queryId: locator(found.queryId) });
		await read({ resource: 'costAndUsage', operation: 'getResults', queryId: locator(found.queryId), returnAll: true, options: { maxWaitSeconds: 120 } });
	});

	test('every read route of the route table was called and answered 2xx', () => {
		const missed = READ_ROUTES.filter(
			(route) => !proxy.requests.some((request) => request.method === route.method && route.pattern.test(request.path) && request.status < 300),
		);
		expect(missed.map((route) => `${route.id} (${route.method})`)).toEqual([]);
	});
});
