import {
	applyLimit,
	limitProperty,
	narrowListCollection,
	readLimit,
	returnAllProperty,
} from '../common/fields';
import { defineOperation } from '../common/operation';
import { listEndpoints } from './api';

interface Input {
	types: string[];
	limit?: number;
}

export const getAll = defineOperation<Input>({
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many notification endpoints',
	description: 'List the notification endpoints (email, Slack, Microsoft Teams)',
	properties: [
		returnAllProperty,
		limitProperty,
		narrowListCollection([
			{
				displayName: 'Types',
				name: 'types',
				type: 'multiOptions',
				options: [
					{ name: 'Email', value: 'email' },
					{ name: 'Microsoft Teams', value: 'msteams' },
					{ name: 'Slack', value: 'slack' },
				],
				default: [],
				description: 'Only endpoints of these types',
			},
		]),
	],

	read(itemIndex) {
		const narrowing = this.getNodeParameter('filters', itemIndex, {}) as { types?: string[] };
		return {
			types: narrowing.types ?? [],
			limit: readLimit(this, itemIndex),
		};
	},

	async run(input, { itemIndex, retry }) {
		const endpoints = (await listEndpoints(this, { itemIndex, retry })).filter(
			(endpoint) => input.types.length === 0 || input.types.includes(String(endpoint.type)),
		);
		return applyLimit(endpoints, input.limit);
	},
});
