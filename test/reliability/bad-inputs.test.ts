import type { INodeParameters } from 'n8n-workflow';

import { SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { locator, runNode, useFakeFinout } from '../integration/support';

const sim = useFakeFinout();

const costByView: INodeParameters = { resource: 'cost', operation: 'queryByView', viewId: locator(VIEW_IDS.awsByService) };
const costUsage: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'last7Days',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
};
const leaf = { costCenter: 'AWS', key: 'region', type: 'billing_dimension', operator: 'oneOf', value: ['us-east-1'] };
const vtCreate: INodeParameters = {
	resource: 'virtualTag',
	operation: 'create',
	name: 'Team',
	definitionMode: 'json',
	defaultValue: 'Untagged',
};
const metadataUpdate: INodeParameters = {
	resource: 'virtualTagMetadata',
	operation: 'update',
	virtualTagId: locator(VT_IDS.team),
};
const empty = '={{ "" }}';

/** [what, parameters, the field the message must name]. Every case is one input item. */
const CASES: Array<[string, INodeParameters, RegExp]> = [
	['dates reversed (V1)', { ...costByView, dateRange: 'custom', startDate: '2026-03-02', endDate: '2026-03-01' }, /Start must be before End/],
	['range over 90 days (V1)', { ...costByView, dateRange: 'custom', startDate: '2026-01-01', endDate: '2026-06-01' }, /Date Range is \d+ days long/],
	['start not a date', { ...costByView, dateRange: 'custom', startDate: 'soon', endDate: '2026-06-01' }, /Start is not a valid date/],
	['end not a date', { ...costByView, dateRange: 'custom', startDate: '2026-01-01', endDate: '31/01/2026' }, /End is not a valid date/],
	['empty view ID', { ...costByView, viewId: locator(empty) }, /View is empty/],
	['unknown cost type', { ...costByView, costType: '={{ "cheapestCost" }}' }, /Cost Type "cheapestCost"/],
	['dates reversed (V2)', { ...costUsage, dateRange: 'custom', startDate: '2026-03-02', endDate: '2026-03-01' }, /Start must be before End/],
	['filter JSON malformed', { ...costUsage, filterJson: '{"costCenter": "AWS",' }, /Filters is not valid JSON/],
	['filter operator unknown', { ...costUsage, filterJson: JSON.stringify({ ...leaf, operator: 'like' }) }, /Filters: filters\.operator must be one of/],
	['filter without type (V2)', { ...costUsage, filterJson: JSON.stringify({ ...leaf, type: undefined }) }, /Filters: filters\.type is missing/],
	['filter value missing', { ...costUsage, filterJson: JSON.stringify({ AND: [{ ...leaf, value: undefined }] }) }, /filters\.AND\[0\]\.value is required/],
	['no measurements', { ...costUsage, measurements: {} }, /Measurements/],
	['submit over 60 days', { ...costUsage, operation: 'submitQuery', dateRange: 'custom', startDate: '2026-01-01', endDate: '2026-04-01' }, /60/],
	['empty query ID (status)', { resource: 'costAndUsage', operation: 'getStatus', queryId: locator(empty) }, /Query ID is empty/],
	['empty query ID (results)', { resource: 'costAndUsage', operation: 'getResults', queryId: locator(empty) }, /Query ID is empty/],
	['virtual tag name empty', { ...vtCreate, name: empty, rules: '[]' }, /Name is empty/],
	['rules JSON malformed', { ...vtCreate, rules: '[{"to": "x",' }, /Rules is not valid JSON/],
	['rules not a list', { ...vtCreate, rules: '{"to": "x"}' }, /Rules/],
	['rule operator unknown', { ...vtCreate, rules: JSON.stringify([{ to: 'x', filters: { ...leaf, operator: 'like' } }]) }, /Rules\[0\]\.filters\.operator must be one of/],
	['rule value missing', { ...vtCreate, rules: JSON.stringify([{ to: 'x', filters: { ...leaf, value: [] } }]) }, /Rules\[0\]\.filters\.value/],
	['empty virtual tag ID (get)', { resource: 'virtualTag', operation: 'get', virtualTagId: locator(empty) }, /Virtual Tag is empty/],
	['empty virtual tag ID (delete)', { resource: 'virtualTag', operation: 'delete', virtualTagId: locator(empty) }, /Virtual Tag is empty/],
	['metadata value with a dot', { ...metadataUpdate, metadata: JSON.stringify({ 'prod.eu': { customMetadata: { owner: 'Dana' } } }) }, /"prod\.eu" contains a dot/],
	['metadata JSON malformed', { ...metadataUpdate, metadata: '{"Payments": ' }, /Metadata is not valid JSON/],
	['metadata groups not a list', { ...metadataUpdate, metadata: JSON.stringify({ Payments: { groups: 'g-1' } }) }, /groups/],
	['versions From after To', { resource: 'virtualTagVersion', operation: 'getAll', virtualTagId: locator(VT_IDS.team), filters: { from: '2026-02-01', to: '2026-01-01' } }, /From is later than To/],
	['empty version ID', { resource: 'virtualTagVersion', operation: 'get', virtualTagId: locator(VT_IDS.team), versionId: empty }, /Version ID is empty/],
	['empty key', { resource: 'queryLanguage', operation: 'getValues', costCenter: 'AWS', key: empty }, /Key is empty/],
	['scan filter malformed', { resource: 'costGuard', operation: 'getRecommendations', scanId: locator(SCAN_IDS.rdsIdle), options: { filters: '{"OR": [' } }, /Filters is not valid JSON/],
	['empty scan ID', { resource: 'costGuard', operation: 'getRecommendations', scanId: locator(empty) }, /Scan is empty/],
	['endpoint email invalid', { resource: 'notificationEndpoint', operation: 'create', endpointType: 'email', name: 'x', to: 'finops-at-example' }, /Email Address "finops-at-example"/],
	['limit of the wrong type', { resource: 'view', operation: 'getAll', limit: '={{ "ten" }}' }, /Limit must be/],
];

test(`${CASES.length} kinds of bad input are refused before any request`, () => {
	expect(CASES.length).toBeGreaterThanOrEqual(30);
});

test.each(CASES)('%s → NodeOperationError naming the field and the item', async (_, parameters, field) => {
	const result = await runNode(sim.server, parameters);
	expect(result.status).toBe('error');
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toMatch(field);
	expect(result.error?.message).toMatch(/\(item 0\)/);
	expect(sim.server.requests).toHaveLength(0);
});
