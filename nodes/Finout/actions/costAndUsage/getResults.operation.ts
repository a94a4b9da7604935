import type { IDataObject } from 'n8n-workflow';

import {
	limitProperty,
	readLimit,
	readLocator,
	returnAllProperty,
	simplifyProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { MAX_PAGE_SIZE, RESULTS_KEPT_HOURS } from './constants';
import { loadKeyNames } from './keyNames';
import { readPageSize } from './readOptions';
import { queryIdProperty } from './queryId';
import type { ResultsNotAvailable } from './api';
import { readResults } from './api';
import { RowSimplifier } from './simplify';

interface Input {
	queryId: string;
	limit?: number;
	pageSize: number;
	simplify: boolean;
}

export const getResults = defineOperation<Input>({
	value: 'getResults',
	name: 'Get Results',
	action: 'Get cost and usage query results',
	description: 'Read the rows of a submitted query (Cost and Usage API V2)',
	properties: [
		queryIdProperty,
		returnAllProperty,
		limitProperty,
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: MAX_PAGE_SIZE,
			description: `Rows per results request (Finout allows up to ${MAX_PAGE_SIZE.toLocaleString('en-US')}). With a Limit, no more pages are read than needed.`,
		},
		{
			...simplifyProperty,
			description:
				'Whether to return flat rows: dimension columns named by the key\'s display name, "date" as an ISO date, and "cost" / "usage" as numbers. Turn off for the rows exactly as Finout sends them.',
		},
	],

	read(itemIndex) {
		return {
			queryId: readLocator(this, itemIndex, 'queryId', 'Query ID'),
			limit: readLimit(this, itemIndex),
			pageSize: readPageSize(
				this,
				itemIndex,
				this.getNodeParameter('pageSize', itemIndex, MAX_PAGE_SIZE),
			),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		};
	},

	async run(input, { itemIndex, retry }) {
		const outcome = await readResults(this, input.queryId, {
			limit: input.limit,
			pageSize: input.pageSize,
			itemIndex,
			retry,
		});
		if ('notAvailable' in outcome) return [outcomeItem(input.queryId, outcome.notAvailable)];
		if (!input.simplify || outcome.rows.length === 0) return outcome.rows;
		const simplifier = new RowSimplifier(await loadKeyNames(this, itemIndex));
		return outcome.rows.map((row) => simplifier.simplify(row));
	},
});

const MESSAGES: Record<ResultsNotAvailable['status'], string> = {
	running:
		'Finout is still running this query. Check again in a few seconds, or use Get Status to see when it is completed.',
	expired: `The results of this query have expired: Finout keeps them ${RESULTS_KEPT_HOURS} hours. Submit the query again.`,
	failed:
		'Finout could not run this query. Check its dimensions and filters (keys and types from Query Language → Get Keys), then submit it again.',
};

function outcomeItem(queryId: string, notAvailable: ResultsNotAvailable): IDataObject {
	const item: IDataObject = {
		queryId,
		status: notAvailable.status,
		message: MESSAGES[notAvailable.status],
	};
	if (notAvailable.finoutMessage) item.finoutMessage = notAvailable.finoutMessage;
	return item;
}
