import { defineOperation } from '../common/operation';
import { MAX_RANGE_DAYS } from './constants';
import type { QuerySpec } from './querySpec';
import { queryRequestOptions, queryRequestProperties } from './queryDescription';
import { readQuerySpec } from './querySpec';
import { submitQuery as submit } from './api';

interface Input {
	spec: QuerySpec;
}

export const submitQuery = defineOperation<Input>({
	value: 'submitQuery',
	name: 'Submit Query',
	action: 'Submit cost and usage query',
	description: 'Start a query and return its ID without waiting, to read later with Get Results',
	properties: [
		...queryRequestProperties({
			dateRangeDescription: `Period to query, in UTC. Finout's Cost and Usage API accepts at most ${MAX_RANGE_DAYS} days per query; a longer range is refused before sending (the Query operation splits long ranges).`,
		}),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: queryRequestOptions,
		},
	],

	read(itemIndex) {
		return {
			spec: readQuerySpec(this, itemIndex, { maxDays: MAX_RANGE_DAYS }),
		};
	},

	async run(input, { itemIndex, retry }) {
		const { queryId, submittedAt } = await submit(this, input.spec, input.spec.range, {
			itemIndex,
			retry,
		});
		return [
			{
				queryId,
				submittedAt: new Date(submittedAt).toISOString(),
				dateRange: {
					start: new Date(input.spec.range.startMs).toISOString(),
					end: new Date(input.spec.range.endMs).toISOString(),
				},
			},
		];
	},
});
