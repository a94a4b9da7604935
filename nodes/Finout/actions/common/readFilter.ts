import type { IDataObject } from 'n8n-workflow';

import { buildFilter, FILTER_HINT } from './filterBuilder';
import type { FieldContext } from './parameters';
import { parametersOf } from './parameters';

interface FilterFields {
	/** The name of the "Filters (JSON)" field (filterBuilderProperties' JSON property). */
	json: string;
	/** The mode of a saved node without a mode field: the JSON field came first in the trigger. */
	defaultMode: 'builder' | 'json';
	maxConditions: number;
}

/**
 * The V2 filter object of the condition builder or the JSON field, or undefined when neither has
 * a condition; a filter Finout would refuse is refused here, naming every bad part.
 */
export function readFilter(
	ctx: FieldContext,
	itemIndex: number | undefined,
	fields: FilterFields,
): IDataObject | undefined {
	const parameters = parametersOf(ctx, itemIndex);
	const outcome = buildFilter(
		{
			mode: parameters.get('filterMode', fields.defaultMode),
			match: parameters.get('filterMatch', 'AND'),
			conditions: parameters.get('filterConditions', {}),
			json: parameters.get(fields.json, ''),
		},
		{ requireType: true, maxLeaves: fields.maxConditions },
	);
	if (outcome.jsonError) throw parameters.fail('Filters is not valid JSON', outcome.jsonError);
	if (outcome.problems.length > 0) {
		throw parameters.fail(`Filters: ${outcome.problems.join('; ')}`, FILTER_HINT);
	}
	return outcome.filter;
}
