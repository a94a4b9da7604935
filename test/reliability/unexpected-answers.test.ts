import type { INodeParameters } from 'n8n-workflow';

import type { FinoutRunResult } from '../harness/engine';
import { SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import type { ScriptedFault } from '../fake-finout/server';
import { expectSuccess, locator, runNode, useFakeFinout } from '../integration/support';

/**
 * A 2xx answer that is not what Finout sends (a login page, a proxy's `{}`, `null`…) must stop
 * the item with "Finout answered with an unexpected response (…)", never become an empty
 * success. Every operation, and every request of operations that send more than one, meets
 * each wrong answer once, through the real engine against the simulator.
 */
const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50 });

interface WrongAnswer {
	name: string;
	fault: Pick<ScriptedFault, 'body' | 'contentType'>;
	contentType: string;
}

const HTML = '<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>';
const WRONG_ANSWERS: WrongAnswer[] = [
	{ name: 'an HTML 200 page', fault: { body: HTML, contentType: 'text/html; charset=utf-8' }, contentType: 'text/html' },
	{ name: '{}', fault: { body: {} }, contentType: 'application/json' },
	{ name: '{"data":{}}', fault: { body: { data: {} } }, contentType: 'application/json' },
	{ name: '[]', fault: { body: [] }, contentType: 'application/json' },
	{ name: 'null', fault: { body: 'null', contentType: 'application/json' }, contentType: 'application/json' },
];

interface Case {
	operation: string;
	parameters: INodeParameters;
	/** Simulator route id that gives the wrong answer. */
	route: string;
	/** Method and path the error must name. */
	request: RegExp;
	/** Wrong answers this request may legitimately get (documented why). */
	accepts?: string[];
}

const week = { dateRange: 'custom', startDate: '2026-01-05', endDate: '2026-01-11T23:59:59.999Z' };
const costUsage: INodeParameters = {
	resource: 'costAndUsage',
	...week,
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] },
	options: { pollIntervalSeconds: 0.5 },
};
const simpleTag = {
	resource: 'virtualTag',
	operation: 'create',
	name: 'Environment (n8n)',
	definitionMode: 'simple',
	ruleValue: 'production',
	costCenter: 'AWS',
	key: 'aws_account_name',
	keyTypeV2: 'billing_dimension',
	operator: 'oneOf',
	filterValue: 'prod-core, prod-data',
	defaultValue: 'Untagged',
};
const team = locator(VT_IDS.team);
const TAG = '[0-9a-f-]{36}';
// Finout does not document what a delete answers (maybe nothing at all), so any JSON object,
// even an empty one, is a fine answer to a delete; a list, null or a web page is not.
const DELETE_ACCEPTS = ['{}', '{"data":{}}'];

const CASES: Case[] = [
	{ operation: 'view.getAll', parameters: { resource: 'view', operation: 'getAll', returnAll: true }, route: 'v1.view.list', request: /GET \/v1\/view/ },
	{
		operation: 'cost.queryByView',
		parameters: { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService), ...week },
		route: 'v1.cost.query-by-view',
		request: /POST \/v1\/cost\/query-by-view/,
	},
	{ operation: 'costAndUsage.submitQuery', parameters: { ...costUsage, operation: 'submitQuery' }, route: 'v2.cu.generate-query', request: /POST \/v2\/data\/cost-usage\/generate-query/ },
	{ operation: 'costAndUsage.getStatus', parameters: { resource: 'costAndUsage', operation: 'getStatus', queryId: locator('q-1') }, route: 'v2.cu.status', request: /GET \/v2\/data\/cost-usage\/q-1\/status/ },
	{ operation: 'costAndUsage.getResults', parameters: { resource: 'costAndUsage', operation: 'getResults', queryId: locator('q-1'), returnAll: true }, route: 'v2.cu.results', request: /GET \/v2\/data\/cost-usage\/q-1\/results/ },
	{ operation: 'costAndUsage.query (submit)', parameters: { ...costUsage, operation: 'query', returnAll: true }, route: 'v2.cu.generate-query', request: /POST \/v2\/data\/cost-usage\/generate-query/ },
	{ operation: 'costAndUsage.query (status)', parameters: { ...costUsage, operation: 'query', returnAll: true }, route: 'v2.cu.status', request: /GET \/v2\/data\/cost-usage\/[^/]+\/status/ },
	{ operation: 'costAndUsage.query (results)', parameters: { ...costUsage, operation: 'query', returnAll: true }, route: 'v2.cu.results', request: /GET \/v2\/data\/cost-usage\/[^/]+\/results/ },
	{ operation: 'costGuard.getScans', parameters: { resource: 'costGuard', operation: 'getScans', returnAll: true }, route: 'v1.costguard.scans', request: /GET \/v1\/cost-guard\/scans/ },
	...(['resources', 'groups', 'raw'] as const).map(
		(output): Case => ({
			operation: `costGuard.getRecommendations (${output})`,
			parameters: { resource: 'costGuard', operation: 'getRecommendations', scanId: locator(SCAN_IDS.ec2Rightsizing), output, returnAll: true },
			route: 'v1.costguard.recommendations',
			request: /POST \/v1\/cost-guard\/scans-recommendations/,
		}),
	),
	{ operation: 'notificationEndpoint.getAll', parameters: { resource: 'notificationEndpoint', operation: 'getAll', returnAll: true }, route: 'v1.endpoints.list', request: /GET \/v1\/endpoints/ },
	{
		operation: 'notificationEndpoint.create',
		parameters: { resource: 'notificationEndpoint', operation: 'create', endpointType: 'email', name: 'FinOps', to: 'finops@example.com' },
		route: 'v1.endpoints.create',
		request: /POST \/v1\/endpoints/,
	},
	...(['v1', 'v2'] as const).flatMap((apiVersion): Case[] => [
		{
			operation: `queryLanguage.getKeys ${apiVersion}`,
			parameters: { resource: 'queryLanguage', operation: 'getKeys', apiVersion, returnAll: true },
			route: `${apiVersion}.ql.keys`,
			request: apiVersion === 'v1' ? /GET \/v1\/megabill\/query-language\/keys/ : /GET \/v2\/query-language\/keys/,
		},
		{
			operation: `queryLanguage.getValues ${apiVersion}`,
			parameters: { resource: 'queryLanguage', operation: 'getValues', apiVersion, costCenter: 'AWS', key: 'region', returnAll: true },
			route: `${apiVersion}.ql.values`,
			request: new RegExp(`GET /${apiVersion}/(megabill/)?query-language/values/AWS/region`),
		},
		{
			operation: `virtualTag.getAll ${apiVersion}`,
			parameters: { resource: 'virtualTag', operation: 'getAll', apiVersion, returnAll: true },
			route: `${apiVersion}.vt.list`,
			request: new RegExp(`GET /${apiVersion}/virtual-tags`),
		},
		{
			operation: `virtualTag.get ${apiVersion}`,
			parameters: { resource: 'virtualTag', operation: 'get', apiVersion, virtualTagId: team },
			route: `${apiVersion}.vt.get`,
			request: new RegExp(`GET /${apiVersion}/virtual-tags/${TAG}`),
		},
		{
			operation: `virtualTag.create ${apiVersion}`,
			parameters: { ...simpleTag, apiVersion },
			route: `${apiVersion}.vt.create`,
			request: new RegExp(`POST /${apiVersion}/virtual-tags`),
		},
		...(['vt.get', 'vt.update'] as const).map(
			(step): Case => ({
				operation: `virtualTag.update ${apiVersion} (${step === 'vt.get' ? 'read current' : 'write'})`,
				parameters: { resource: 'virtualTag', operation: 'update', apiVersion, virtualTagId: team, rulesUpdate: 'keep', updateFields: { name: 'Team (renamed)' } },
				route: `${apiVersion}.${step}`,
				request: new RegExp(`${step === 'vt.get' ? 'GET' : 'PUT'} /${apiVersion}/virtual-tags/${TAG}`),
			}),
		),
		{
			operation: `virtualTag.delete ${apiVersion}`,
			parameters: { resource: 'virtualTag', operation: 'delete', apiVersion, virtualTagId: team },
			route: `${apiVersion}.vt.delete`,
			request: new RegExp(`DELETE /${apiVersion}/virtual-tags/${TAG}`),
			accepts: DELETE_ACCEPTS,
		},
		{
			operation: `virtualTagMetadata.get ${apiVersion}`,
			parameters: { resource: 'virtualTagMetadata', operation: 'get', apiVersion, virtualTagId: team },
			route: `${apiVersion}.vt-metadata.get`,
			request: new RegExp(`GET /${apiVersion}/virtual-tags/${TAG}/metadata`),
		},
		{
			operation: `virtualTagMetadata.update ${apiVersion}`,
			parameters: {
				resource: 'virtualTagMetadata',
				operation: 'update',
				apiVersion,
				virtualTagId: team,
				mode: 'merge',
				metadata: JSON.stringify({ 'App Team': { customMetadata: { owner: 'Dave' } } }),
			},
			route: `${apiVersion}.vt-metadata.put`,
			request: new RegExp(`PUT /${apiVersion}/virtual-tags/${TAG}/metadata`),
		},
	]),
	{
		operation: 'virtualTagMetadata.update v1 (read current before merging)',
		parameters: {
			resource: 'virtualTagMetadata',
			operation: 'update',
			apiVersion: 'v1',
			virtualTagId: team,
			mode: 'merge',
			metadata: JSON.stringify({ 'App Team': { customMetadata: { owner: 'Dave' } } }),
		},
		route: 'v1.vt-metadata.get',
		request: new RegExp(`GET /v1/virtual-tags/${TAG}/metadata`),
	},
	{
		operation: 'virtualTagVersion.getAll',
		parameters: { resource: 'virtualTagVersion', operation: 'getAll', virtualTagId: team, returnAll: true },
		route: 'v2.vt-versions.list',
		request: new RegExp(`GET /v2/virtual-tags/${TAG}/versions`),
	},
	{
		operation: 'virtualTagVersion.get',
		parameters: { resource: 'virtualTagVersion', operation: 'get', virtualTagId: team, versionId: 'v-1' },
		route: 'v2.vt-versions.get',
		request: new RegExp(`GET /v2/virtual-tags/${TAG}/versions/v-1`),
	},
];

const TABLE = CASES.flatMap((testCase) => WRONG_ANSWERS.map((answer) => [testCase.operation, answer.name, testCase, answer] as const));

function answerWrongOnce(testCase: Case, answer: WrongAnswer): void {
	sim.server.failNext({ path: testCase.route, status: 200, ...answer.fault, afterMutation: false });
}

function wrongAnswerWasServed(): boolean {
	return (sim.server.stats().injectedFaults['scripted:200'] ?? 0) === 1;
}

function expectUnexpectedResponse(message: string | undefined, testCase: Case, answer: WrongAnswer): void {
	expect(message).toMatch(/^Finout answered with an unexpected response \(/);
	expect(message).toMatch(testCase.request);
	expect(message).toContain(`HTTP 200, ${answer.contentType}`);
	expect(message).toMatch(/ was missing$/);
}

describe('a 2xx answer of the wrong shape is an error, never an empty success', () => {
	test.each(TABLE)('%s answered with %s', async (_, __, testCase, answer) => {
		answerWrongOnce(testCase, answer);
		const result: FinoutRunResult = await runNode(sim.server, testCase.parameters);
		expect(wrongAnswerWasServed()).toBe(true);
		if (testCase.accepts?.includes(answer.name)) {
			expectSuccess(result);
			return;
		}
		expect(result.status).toBe('error');
		expectUnexpectedResponse(result.error?.message, testCase, answer);
		expect(result.error?.description).toContain('Base URL');
	});

	test.each(TABLE.filter(([, answerName]) => answerName === '[]' || answerName === 'null'))(
		'%s answered with %s, with continueOnFail: the item carries the error',
		async (_, __, testCase, answer) => {
			answerWrongOnce(testCase, answer);
			const result = await runNode(sim.server, testCase.parameters, { continueOnFail: true });
			expectSuccess(result);
			expect(wrongAnswerWasServed()).toBe(true);
			expect(result.items).toHaveLength(1);
			const [item] = result.items;
			expectUnexpectedResponse(item.json.error as string, testCase, answer);
			expect(item.pairedItem).toEqual({ item: 0 });
		},
	);
});

describe('Cost → Query by View reads each group of the answer as the trigger does', () => {
	const queryByView: INodeParameters = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService), ...week };
	const point = { time: Date.UTC(2026, 0, 5), cost: 12.5 };

	test('a group without "data" is an unexpected answer, not an empty series', async () => {
		sim.server.failNext({ path: 'v1.cost.query-by-view', status: 200, body: { data: [{ name: 'AmazonEC2', data: [point] }, { name: 'AmazonRDS' }] }, afterMutation: false });
		const result = await runNode(sim.server, queryByView);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Finout answered with an unexpected response \(.*POST \/v1\/cost\/query-by-view.*\): a "data\[1\]\.data" list was missing$/);
	});

	test('a group with an empty name (untagged cost) is a series named ""', async () => {
		sim.server.failNext({ path: 'v1.cost.query-by-view', status: 200, body: { data: [{ name: '', data: [point] }] }, afterMutation: false });
		const result = await runNode(sim.server, queryByView);
		expectSuccess(result);
		expect(result.items.map((item) => [item.json.name, item.json.totalCost])).toEqual([['', 12.5]]);
	});
});
