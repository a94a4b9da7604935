import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PollHarness } from '../harness/poll';
import { credentialsFor, locator, useFakeFinout } from './support';

// The trigger reads its fields with the node's readers: an ID that would change the request path
// is refused before anything is sent, and the message names the field but no item (a poll has none).

const sim = useFakeFinout({ queryQueuedMs: 0, queryRunningMs: 0 });

const UNSAFE_IDS: Array<[string, INodeParameters, string]> = [
	['View ID ".."', { event: 'costThresholdCrossed', costSource: 'view', viewId: locator('..'), rule: 'above', amount: 1 }, 'View cannot be "." or ".." (in any encoding)'],
	['Scan ID "."', { event: 'newRecommendation', scanScope: 'one', scanId: locator('.') }, 'Scan cannot be "." or ".." (in any encoding)'],
	['Virtual Tag ID "a/b"', { event: 'virtualTagChanged', tagScope: 'one', virtualTagId: locator('a/b') }, 'Virtual Tag cannot contain "/" or "\\"'],
];

describe('an ID that is not one Finout gives out', () => {
	test.each(UNSAFE_IDS)('%s: the poll throws a NodeOperationError naming the field, nothing sent', async (_, parameters, message) => {
		const trigger = new PollHarness({ parameters, credentials: credentialsFor(sim.server) });
		sim.server.reset();
		const outcome = await trigger.poll();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe(message);
		expect(outcome.items).toBeNull();
		expect(sim.server.stats().totalRequests).toBe(0);
		expect(trigger.nodeStaticData).toEqual({});
	});
});

describe('the trigger names no item in its messages', () => {
	test('an empty View', async () => {
		const parameters = { event: 'costThresholdCrossed', costSource: 'view', viewId: locator(''), rule: 'above', amount: 1 };
		const outcome = await new PollHarness({ parameters, credentials: credentialsFor(sim.server) }).poll();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('View is empty');
		expect(outcome.error?.description).toBe('Choose the view from the list, or enter its ID.');
	});

	test('a negative Minimum Cost', async () => {
		const parameters = { event: 'costThresholdCrossed', costSource: 'view', viewId: locator('v-1'), rule: 'above', amount: 1, costOptions: { minimumCost: -1 } };
		const outcome = await new PollHarness({ parameters, credentials: credentialsFor(sim.server) }).poll();
		expect(outcome.error?.message).toBe('Minimum Cost must be a number of 0 or more');
		expect(outcome.error?.description).toBe('Got -1.');
	});
});

describe('Cost Threshold Crossed: an Amount that is no number is refused, not read as 0', () => {
	test.each([
		['an empty text', '={{ "" }}'],
		['null', '={{ null }}'],
		['an empty list', '={{ [] }}'],
		['false', '={{ false }}'],
	])('an expression giving %s: the poll names Amount, nothing sent', async (_name, amount) => {
		const parameters = { event: 'costThresholdCrossed', costSource: 'view', viewId: locator('v-1'), viewScope: 'perGroup', rule: 'above', amount };
		const trigger = new PollHarness({ parameters, credentials: credentialsFor(sim.server) });
		sim.server.reset();
		const outcome = await trigger.poll('manual');
		expect({ error: outcome.error?.message, sent: sim.server.stats().totalRequests }).toEqual({ error: 'Amount must be a number', sent: 0 });
	});

	test('an option left empty by its expression takes its default (Minimum Cost: 0)', async () => {
		const parameters = { event: 'costThresholdCrossed', costSource: 'view', viewId: locator('v-1'), rule: 'above', amount: 1, costOptions: { minimumCost: '={{ "" }}' } };
		const trigger = new PollHarness({ parameters, credentials: credentialsFor(sim.server) });
		sim.server.reset();
		const outcome = await trigger.poll('manual');
		// The settings were accepted: the poll went on to ask Finout.
		expect(outcome.error?.message ?? '').not.toMatch(/Minimum Cost/);
		expect(sim.server.stats().totalRequests).toBeGreaterThan(0);
	});
});

describe('Cost and Usage Dimension Type is checked like the node checks it', () => {
	test('an unknown type: the poll throws a NodeOperationError naming the field, nothing sent', async () => {
		const parameters = {
			event: 'costThresholdCrossed',
			costSource: 'costAndUsage',
			costAndUsageScope: 'perDimension',
			dimensionCostCenter: locator('AWS'),
			dimensionKey: locator('service'),
			dimensionType: 'label',
			rule: 'above',
			amount: 1,
		};
		const trigger = new PollHarness({ parameters, credentials: credentialsFor(sim.server) });
		sim.server.reset();
		const outcome = await trigger.poll();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('Dimension has an unknown type "label"');
		expect(outcome.error?.description).toMatch(/^Use one of: .*billing_dimension.*virtual_tag/);
		expect(outcome.items).toBeNull();
		expect(sim.server.stats().totalRequests).toBe(0);
		expect(trigger.nodeStaticData).toEqual({});
	});
});
