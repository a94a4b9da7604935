/**
 * Without "On Error → Continue", the first failing item stops the node run: a Cost and Usage
 * item still waiting for its query stops waiting at once, instead of sleeping out its Poll
 * Interval before the run can end.
 */
import type { INodeParameters } from 'n8n-workflow';

import { expectSuccess, runNode, useFakeFinout } from './support';

const sim = useFakeFinout({ queryQueuedMs: 0, queryRunningMs: 50 });

/** Far longer than the test's own timeout: a wait that ignores the stop shows as a hung test. */
const LONG_POLL_SECONDS = 600;

const query: INodeParameters = {
	resource: 'costAndUsage',
	operation: 'query',
	dateRange: 'custom',
	startDate: '2026-01-05',
	endDate: '2026-01-06',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] },
	returnAll: true,
	options: { pollIntervalSeconds: LONG_POLL_SECONDS, maxWaitSeconds: 2 * LONG_POLL_SECONDS },
};

describe('Cost and Usage waits follow the node run\'s stop', () => {
	test('an item waiting for its results (202) stops when another item fails; nothing more is sent', async () => {
		// The first results request is told "not ready yet" (its item waits a Poll Interval), the
		// second is refused (its item fails and stops the run).
		sim.server.failNext({ path: 'v2.cu.results', status: 202, body: { message: 'not ready' }, afterMutation: false });
		sim.server.failNext({ path: 'v2.cu.results', status: 400, body: { message: 'refused' }, afterMutation: false });

		const result = await runNode(sim.server, query, { items: [{}, {}] });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toMatch(/^Item \d failed\. 0 items were done, 1 failed, 1 was not started/);
		const routes = sim.server.requests.map((request) => request.route);
		expect(routes.filter((route) => route === 'v2.cu.results')).toHaveLength(2);
		// The refused request is the last one Finout saw: no status poll or results read after it.
		const refused = sim.server.requests.findIndex((request) => request.route === 'v2.cu.results' && request.status === 400);
		expect(refused).toBe(sim.server.requests.length - 1);
	}, 30_000);

	test('a run without failures still waits out "not ready" and returns the rows', async () => {
		sim.server.failNext({ path: 'v2.cu.results', status: 202, body: { message: 'not ready' }, afterMutation: false });
		const result = await runNode(sim.server, { ...query, options: { pollIntervalSeconds: 0.5 } });
		expectSuccess(result);
		expect(result.items.length).toBeGreaterThan(0);
	});
});
