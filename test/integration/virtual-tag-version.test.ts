import { VT_IDS } from '../fake-finout/seed';
import { expectSuccess, jsonOf, locator, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

const versionsPath = (id: string) => `/v2/virtual-tags/${id}/versions`;

/** Saves `count` new versions of the Team tag through the node (Update, V2). */
async function saveVersions(count: number): Promise<void> {
	const items = Array.from({ length: count }, (_, index) => ({ note: `n8n save ${index + 1}` }));
	const result = await runNode(
		sim.server,
		{
			resource: 'virtualTag',
			operation: 'update',
			virtualTagId: locator(VT_IDS.team),
			updateFields: { name: 'Team' },
			versionOptions: { changeDescription: '={{ $json.note }}' },
		},
		{ items },
	);
	expectSuccess(result);
	sim.server.reset(); // clear the request log; the data stays
}

describe('Virtual Tag Version → Get Many', () => {
	test('defaults: pageSize=50, sortDirection=desc, one item per version, newest first', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
		});
		expectSuccess(result);
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET ${versionsPath(VT_IDS.team)}`,
		]);
		expect(sim.server.requests[0].query).toEqual({ pageSize: '50', sortDirection: 'desc' });
		const versions = jsonOf(result);
		expect(versions).toHaveLength(3);
		expect(versions[0]).toEqual({
			id: expect.any(String),
			createdBy: expect.any(String),
			createdAt: expect.any(String),
			isLive: false,
			changeDescription: 'Draft: split out ML',
			virtualTagId: VT_IDS.team,
		});
		expect(versions.map((version) => version.isLive)).toEqual([false, true, false]);
		const times = versions.map((version) => Date.parse(version.createdAt as string));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
	});

	test('Return All follows the cursor across pages, keeping page size, order and filters', async () => {
		await saveVersions(6); // 3 seeded + 6 saved = 9 versions
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
			returnAll: true,
			options: { pageSize: 2, sortDirection: 'asc' },
		});
		expectSuccess(result);
		const requests = sim.server.requests;
		expect(requests).toHaveLength(5);
		expect(requests.every((request) => request.path === versionsPath(VT_IDS.team))).toBe(true);
		expect(requests[0].query).toEqual({ pageSize: '2', sortDirection: 'asc' });
		for (const request of requests.slice(1)) {
			expect(request.query).toEqual({ pageSize: '2', sortDirection: 'asc', cursor: expect.any(String) });
		}
		expect(new Set(requests.slice(1).map((request) => request.query.cursor)).size).toBe(4);

		const versions = jsonOf(result);
		expect(versions).toHaveLength(9);
		expect(new Set(versions.map((version) => version.id)).size).toBe(9);
		expect(versions.slice(3).map((version) => version.changeDescription)).toEqual(
			expect.arrayContaining(Array.from({ length: 6 }, (_, index) => `n8n save ${index + 1}`)),
		);
		const times = versions.map((version) => Date.parse(version.createdAt as string));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	test('Limit stops fetching pages once reached', async () => {
		await saveVersions(6);
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
			limit: 3,
			options: { pageSize: 2 },
		});
		expectSuccess(result);
		expect(sim.server.requests).toHaveLength(2);
		expect(sim.server.requests.map((request) => request.query.pageSize)).toEqual(['2', '2']);
		expect(jsonOf(result)).toHaveLength(3);
	});

	test('a Limit below the page size asks for only that many', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.environment),
			limit: 1,
		});
		expectSuccess(result);
		expect(sim.server.requests).toHaveLength(1);
		expect(sim.server.requests[0].query.pageSize).toBe('1');
		expect(jsonOf(result)).toEqual([expect.objectContaining({ isLive: true, virtualTagId: VT_IDS.environment })]);
	});

	test('From and To are sent as Unix milliseconds and bound createdAt', async () => {
		const team = sim.server.state.virtualTags.get(VT_IDS.team)!;
		const second = team.versions[1];
		const at = new Date(second.createdAt).toISOString();
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
			returnAll: true,
			filters: { from: at, to: at },
		});
		expectSuccess(result);
		expect(sim.server.requests[0].query).toEqual({
			pageSize: '100',
			sortDirection: 'desc',
			from: String(second.createdAt),
			to: String(second.createdAt),
		});
		expect(jsonOf(result).map((version) => version.id)).toEqual([second.id]);
	});

	test('From after To is refused before sending', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'getAll',
			virtualTagId: locator(VT_IDS.team),
			filters: { from: '2025-02-01', to: '2025-01-01' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('From is later than To (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});
});

describe('Virtual Tag Version → Get', () => {
	test('GET /v2/virtual-tags/{id}/versions/{versionId}: the version with its rules', async () => {
		const team = sim.server.state.virtualTags.get(VT_IDS.team)!;
		const staged = team.versions[2];
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'get',
			virtualTagId: locator(VT_IDS.team),
			versionId: staged.id,
		});
		expectSuccess(result);
		expect(sim.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET ${versionsPath(VT_IDS.team)}/${staged.id}`,
		]);
		expect(jsonOf(result)).toEqual([
			{
				id: staged.id,
				createdBy: expect.any(String),
				createdAt: new Date(staged.createdAt).toISOString(),
				isLive: false,
				changeDescription: 'Draft: split out ML',
				versionData: { rules: staged.versionData.rules, defaultValue: 'unallocated' },
				virtualTagId: VT_IDS.team,
			},
		]);
	});

	test('an empty Version ID is refused before sending', async () => {
		const result = await runNode(sim.server, {
			resource: 'virtualTagVersion',
			operation: 'get',
			virtualTagId: locator(VT_IDS.team),
			versionId: '={{ $json.versionId ?? "" }}',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Version ID is empty (item 0)');
		expect(sim.server.requests).toHaveLength(0);
	});
});
