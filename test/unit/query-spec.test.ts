import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { readQuerySpec } from '../../nodes/Finout/actions/costAndUsage/querySpec';

/**
 * The router refuses option values outside their lists first (checkAllowedOptions); these are the
 * query reader's own checks, for a caller that hands it values directly.
 */
function contextWith(parameters: Record<string, unknown>): IExecuteFunctions {
	const node = { name: 'Finout', type: 'finout', typeVersion: 1, parameters: {} } as unknown as INode;
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as IExecuteFunctions;
}

const query = {
	dateRange: 'custom',
	startDate: '2026-01-05',
	endDate: '2026-01-06',
	timeInterval: 'day',
	measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }] },
	dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }] },
	filterMode: 'json',
	filterJson: '{}',
};

describe('readQuerySpec refuses unknown measurement and key types', () => {
	test('a valid query is read', () => {
		const spec = readQuerySpec(contextWith(query), 0, {});
		expect(spec.measurements).toEqual([{ type: 'netAmortizedCost', operator: 'sum' }]);
		expect(spec.dimensions).toEqual([{ costCenter: 'AWS', key: 'service', type: 'billing_dimension' }]);
	});

	test.each([
		[
			{ measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'sum' }, { type: 'profit', operator: 'sum' }] } },
			'Measurement 2 has an unknown type "profit" (item 3)',
			/^Use one of: .*netAmortizedCost/,
		],
		[
			{ measurements: { measurement: [{ type: 'netAmortizedCost', operator: 'median' }] } },
			'Measurement 1 has an unknown operator "median" (item 3)',
			/^Use one of: .*sum/,
		],
		[
			{ dimensions: { dimension: [{ costCenter: 'AWS', key: 'service', type: 'label' }] } },
			'Dimension 1 has an unknown type "label" (item 3)',
			/^Use one of: .*billing_dimension/,
		],
	])('%p', (changed, message, description) => {
		let thrown: { message?: string; description?: string } | undefined;
		try {
			readQuerySpec(contextWith({ ...query, ...changed }), 3, {});
		} catch (error) {
			thrown = error as typeof thrown;
		}
		expect(thrown?.message).toBe(message);
		expect(thrown?.description).toMatch(description);
	});
});
