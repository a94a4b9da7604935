import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../common/operation';
import { applyLimit, limitProperty, readLimit, returnAllProperty } from '../common/fields';
import { fetchViews } from './api';

export const getAll = defineOperation({
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many views',
	description: 'List the saved MegaBill views of the account',
	properties: [returnAllProperty, limitProperty],

	read(itemIndex) {
		return { limit: readLimit(this, itemIndex) };
	},

	async run({ limit }, { itemIndex, retry }) {
		const views: IDataObject[] = (await fetchViews(this, { itemIndex, retry })).map((view) => ({
			...view,
		}));
		return applyLimit(views, limit);
	},
});
