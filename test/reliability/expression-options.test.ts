import type { INodeParameters } from 'n8n-workflow';

import { VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { locator, runNode, simpleTagCreate, useFakeFinout } from '../integration/support';

const sim = useFakeFinout();

// Start and End are filled because n8n asks for them whenever Date Range is an expression.
const costByView: INodeParameters = {
	resource: 'cost',
	operation: 'queryByView',
	viewId: locator(VIEW_IDS.awsByService),
	startDate: '2026-01-01',
	endDate: '2026-01-07',
};
const costUsage: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'last7Days',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
};
const vtCreate = simpleTagCreate('Team');

/** [what, parameters, the field, the bad value]. Each value comes from an expression, as an AI agent would write it. */
const CASES: Array<[string, INodeParameters, string, string]> = [
	['unknown Date Range preset', { ...costByView, dateRange: '={{ "lastYear" }}' }, 'Date Range', 'lastYear'],
	['unknown cost type', { ...costByView, costType: '={{ "cheapestCost" }}' }, 'Cost Type', 'cheapestCost'],
	['unknown rule operator', { ...vtCreate, operator: '={{ "like" }}' }, 'Operator', 'like'],
	['unknown API version', { ...vtCreate, apiVersion: '={{ "v3" }}' }, 'API Version', 'v3'],
	['unknown time interval (V2)', { ...costUsage, timeInterval: '={{ "hour" }}' }, 'Time Interval', 'hour'],
	[
		'unknown measurement aggregation, nested in a fixed collection',
		{ ...costUsage, measurements: { measurement: [{ type: 'netAmortizedCost', operator: '={{ "median" }}' }] } },
		'Measurements → Measurement → Operator',
		'median',
	],
	[
		'unknown endpoint type in a multi-select filter',
		{ resource: 'notificationEndpoint', operation: 'getAll', filters: { types: '={{ ["email", "teams"] }}' } },
		'Filters → Types',
		'teams',
	],
	[
		'unknown metadata mode',
		{ resource: 'virtualTagMetadata', operation: 'update', apiVersion: 'v1', virtualTagId: locator(VT_IDS.team), mode: '={{ "overwrite" }}', metadata: '{"Payments": {}}' },
		'Mode',
		'overwrite',
	],
];

test.each(CASES)('%s: refused before any request, naming field, item, value and allowed values', async (_what, parameters, field, value) => {
	const result = await runNode(sim.server, parameters, { items: [{ index: 0 }] });

	expect(result.status).toBe('error');
	expect(result.error?.name).toBe('NodeOperationError');
	const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	expect(result.error?.message).toMatch(new RegExp(`^${escape(field)} "${escape(value)}" is not one of the allowed values \\(item 0\\)`));
	expect(result.error?.description).toMatch(/^Allowed values: .+, .+/);
	expect(sim.server.requests).toHaveLength(0);
});

test('valid values from expressions still pass', async () => {
	const result = await runNode(sim.server, { ...costByView, dateRange: '={{ "last30Days" }}', costType: '={{ "amortizedCost" }}' });
	expect(result.status).toBe('success');
});
