import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readOptionalInstant } from '../common/dateRange';
import {
	applyLimit,
	limitProperty,
	narrowListCollection,
	optionsCollection,
	readLimit,
	readLocator,
	returnAllProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { virtualTagLocator } from '../virtualTag/fields';
import { MAX_PAGE_SIZE, versionPages } from './api';

interface Input {
	virtualTagId: string;
	limit?: number;
	from?: number;
	to?: number;
	sortDirection: 'asc' | 'desc';
	pageSize: number;
}

export const getAll = defineOperation<Input>({
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many virtual tag versions',
	description:
		'List the saved versions of a virtual tag: who saved them, when, and which one is live (V2)',
	properties: [
		virtualTagLocator,
		returnAllProperty,
		limitProperty,
		narrowListCollection([
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description:
					'Only versions created at or after this time. Times without a zone are read as UTC.',
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description:
					'Only versions created at or before this time. Times without a zone are read as UTC.',
			},
		]),
		optionsCollection([
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				default: MAX_PAGE_SIZE,
				description: 'How many versions to fetch per request (Finout allows at most 100)',
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
				description: 'Order by creation time',
			},
		]),
	],

	read(itemIndex) {
		const narrowing = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const from = readOptionalInstant(this, itemIndex, narrowing.from, 'From');
		const to = readOptionalInstant(this, itemIndex, narrowing.to, 'To');
		if (from !== undefined && to !== undefined && from > to) {
			throw new NodeOperationError(this.getNode(), `From is later than To (item ${itemIndex})`, {
				itemIndex,
			});
		}
		const pageSize = Number(options.pageSize ?? MAX_PAGE_SIZE);
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			throw new NodeOperationError(
				this.getNode(),
				`Page Size must be a whole number from 1 to ${MAX_PAGE_SIZE} (item ${itemIndex})`,
				{ itemIndex },
			);
		}
		const sortDirection = options.sortDirection ?? 'desc';
		if (sortDirection !== 'asc' && sortDirection !== 'desc') {
			throw new NodeOperationError(
				this.getNode(),
				`Sort Direction must be asc or desc (item ${itemIndex})`,
				{
					itemIndex,
				},
			);
		}
		return {
			virtualTagId: readLocator(this, itemIndex, 'virtualTagId', 'Virtual Tag'),
			limit: readLimit(this, itemIndex),
			from,
			to,
			sortDirection,
			pageSize,
		};
	},

	async run(input, { itemIndex, retry }) {
		const query = {
			pageSize: Math.min(input.pageSize, input.limit ?? MAX_PAGE_SIZE),
			sortDirection: input.sortDirection,
			from: input.from,
			to: input.to,
		};
		const versions: IDataObject[] = [];
		const pages = versionPages(this, input.virtualTagId, query, { itemIndex, retry });
		for await (const { page } of pages) {
			for (const version of page.rows)
				versions.push({ ...version, virtualTagId: input.virtualTagId });
			if (input.limit !== undefined && versions.length >= input.limit) break;
		}
		return applyLimit(versions, input.limit);
	},
});
