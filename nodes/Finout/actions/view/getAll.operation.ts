import type { IDataObject } from 'n8n-workflow';

import { finoutRequest } from '../../transport/request';
import { defineOperation, showFor } from '../common/operation';
import { limitProperty, readLimit, returnAllProperty } from '../common/fields';
import { readRetrySettings } from '../common/retryOptions';

interface ListViewsResponse {
	data?: Array<{ id: string; name: string }>;
}

export const getAll = defineOperation({
	properties: showFor('view', ['getAll'], [returnAllProperty, limitProperty]),

	read(itemIndex) {
		return { limit: readLimit(this, itemIndex), retry: readRetrySettings(this, itemIndex) };
	},

	async run({ limit, retry }, itemIndex) {
		const response = await finoutRequest<ListViewsResponse>(this, 'listViews', { itemIndex, retry });
		const views: IDataObject[] = (response.data ?? []).map((view) => ({ id: view.id, name: view.name }));
		return limit === undefined ? views : views.slice(0, limit);
	},
});
