import type { IDataObject } from 'n8n-workflow';

import {
	applyLimit,
	limitProperty,
	readLimit,
	returnAllProperty,
	simplifyProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { fetchScans } from './api';
import { simplifyScan } from './simplify';

interface Input {
	limit?: number;
	simplify: boolean;
}

export const getScans = defineOperation<Input>({
	value: 'getScans',
	name: 'Get Scans',
	action: 'Get savings scans',
	description: 'List the CostGuard scans of the account',
	properties: [returnAllProperty, limitProperty, simplifyProperty],

	read(itemIndex) {
		return {
			limit: readLimit(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		};
	},

	async run(input, { itemIndex, retry }) {
		const scans = await fetchScans(this, { itemIndex, retry });
		const limited = applyLimit(scans, input.limit);
		return limited.map((scan) =>
			input.simplify ? simplifyScan(scan) : ({ ...scan } as IDataObject),
		);
	},
});
