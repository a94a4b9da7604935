import type {
	IDataObject,
	IDisplayOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { FilterOperator, FilterRules } from './filters';
import { isPlainObject } from '../../transport/responses';
import { filterProblems, LIST_VALUED, VALUELESS } from './filters';
import {
	costCenterLocator,
	FROM_KEY,
	KEY_TYPE_WITH_FROM_KEY,
	keyLocator,
	locatorText,
} from './keyPickers';

/**
 * Filters as conditions (cost center, key, operator, values; all or any of them), like the
 * virtual tag's Simple mode, with Finout's JSON filter object as the advanced mode.
 */
export const FILTER_OPERATOR_OPTIONS = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'notContains' },
	{ name: 'Does Not Exist', value: 'notExists', description: 'The key has no value' },
	{ name: 'Exists', value: 'exists', description: 'The key has any value' },
	{ name: 'Is', value: 'is' },
	{ name: 'Is Not', value: 'notIs' },
	{ name: 'Is Not One Of', value: 'notOneOf' },
	{ name: 'Is One Of', value: 'oneOf' },
] satisfies Array<INodePropertyOptions & { value: FilterOperator }>;

/** An example with every field a V2 condition needs, for hints next to the JSON field. */
const FILTER_JSON_EXAMPLE =
	'{"costCenter": "AWS", "key": "region", "type": "billing_dimension", "operator": "oneOf", "value": ["us-east-1"]}';

/** Mode, match and conditions fields, followed by the JSON field given (shown in JSON mode). */
export function filterBuilderProperties(
	jsonProperty: INodeProperties,
	show: IDisplayOptions['show'] = {},
): INodeProperties[] {
	const when = (extra: IDisplayOptions['show'] = {}): IDisplayOptions => ({
		show: { ...show, ...extra },
	});
	return [
		// Version 1 nodes were saved with JSON only: for them JSON stays the default, so opening an
		// old workflow never hides (and so drops) its filter. New nodes start with the builder.
		filterModeProperty('json', when({ '@version': [1] })),
		filterModeProperty('builder', when({ '@version': [{ _cnd: { gte: 1.1 } }] })),
		{
			displayName: 'Match',
			name: 'filterMatch',
			type: 'options',
			options: [
				{ name: 'All Conditions (AND)', value: 'AND' },
				{ name: 'Any Condition (OR)', value: 'OR' },
			],
			default: 'AND',
			displayOptions: when({ filterMode: ['builder'] }),
		},
		{
			displayName: 'Filter Conditions',
			name: 'filterConditions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Condition',
			default: {},
			description: 'Only costs that match these conditions. No condition: no filter.',
			displayOptions: when({ filterMode: ['builder'] }),
			options: [
				{
					displayName: 'Condition',
					name: 'condition',
					values: [
						costCenterLocator(),
						keyLocator({ description: 'The key the condition checks, e.g. region' }),
						{
							displayName: 'Key Type',
							name: 'type',
							type: 'options',
							options: KEY_TYPE_WITH_FROM_KEY,
							default: FROM_KEY,
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							options: FILTER_OPERATOR_OPTIONS,
							default: 'oneOf',
						},
						{
							displayName: 'Values',
							name: 'values',
							type: 'string',
							default: '',
							placeholder: 'e.g. us-east-1, eu-west-1',
							description:
								'Separate several values with commas. Not used by Exists and Does Not Exist.',
						},
					],
				},
			],
		},
		{
			...jsonProperty,
			default: '{}',
			hint: `A condition such as ${FILTER_JSON_EXAMPLE}, or {"AND": [...]} / {"OR": [...]} of them. {} is no filter.`,
			displayOptions: when({ ...jsonProperty.displayOptions?.show, filterMode: ['json'] }),
		},
	];
}

function filterModeProperty(defaultMode: string, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Filter Mode',
		name: 'filterMode',
		type: 'options',
		options: [
			{ name: 'Conditions', value: 'builder', description: 'Pick cost centers, keys and values' },
			{
				name: 'JSON (Advanced)',
				value: 'json',
				description: "Finout's filter object, for nested AND / OR groups",
			},
		],
		default: defaultMode,
		displayOptions,
	};
}

interface FilterSettings {
	mode: unknown;
	match: unknown;
	conditions: unknown;
	/** The JSON field, as text or (from an expression) as an object. */
	json: unknown;
}

type FilterOutcome = { filter?: IDataObject; problems: string[]; jsonError?: string };

/** The filter object to send, or every problem found. No condition and no JSON: no filter. */
export function buildFilter(settings: FilterSettings, rules: FilterRules): FilterOutcome {
	const rows =
		isPlainObject(settings.conditions) && Array.isArray(settings.conditions.condition)
			? (settings.conditions.condition as unknown[])
			: [];
	if (settings.mode === 'json') return fromJson(settings.json, rules);
	if (rows.length === 0) return { problems: [] };

	const problems: string[] = [];
	const leaves = rows.map((row, index) => {
		const entry = isPlainObject(row) ? row : {};
		const where = `Filter condition ${index + 1}`;
		const costCenter = locatorText(entry.costCenter);
		const key = locatorText(entry.key);
		const operator = String(entry.operator ?? 'oneOf');
		const leaf: IDataObject = {
			costCenter,
			key,
			type: String(entry.type ?? FROM_KEY) || FROM_KEY,
			operator,
		};
		if (!costCenter) problems.push(`${where} has no cost center`);
		if (!key) problems.push(`${where} has no key`);
		if (!VALUELESS.has(operator)) {
			const values = splitValues(entry.values);
			if (values.length === 0)
				problems.push(
					`${where} (${key || 'no key'}) needs a value for "${operatorLabel(operator)}"`,
				);
			leaf.value = LIST_VALUED.has(operator) ? values : values.length === 1 ? values[0] : values;
		}
		return leaf;
	});
	if (problems.length > 0) return { problems };
	const filter =
		leaves.length === 1 ? leaves[0] : { [settings.match === 'OR' ? 'OR' : 'AND']: leaves };
	const shape = filterProblems(filter, rules);
	return shape.length > 0 ? { problems: shape } : { filter, problems: [] };
}

function fromJson(raw: unknown, rules: FilterRules): FilterOutcome {
	let filter: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { problems: [] };
		try {
			filter = JSON.parse(raw);
		} catch (error) {
			return { problems: [], jsonError: (error as Error).message };
		}
	}
	if (
		filter === undefined ||
		filter === null ||
		(isPlainObject(filter) && Object.keys(filter).length === 0)
	) {
		return { problems: [] };
	}
	const problems = filterProblems(filter, rules);
	return problems.length > 0 ? { problems } : { filter: filter as IDataObject, problems: [] };
}

function splitValues(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return list.map((value) => String(value).trim()).filter(Boolean);
}

function operatorLabel(operator: string): string {
	return String(
		FILTER_OPERATOR_OPTIONS.find((option) => option.value === operator)?.name ?? operator,
	);
}

export const FILTER_HINT = `A filter is a condition ${FILTER_JSON_EXAMPLE} or a group {"AND": [...]} / {"OR": [...]}. Operators: oneOf and notOneOf take a list; exists and notExists take no value.`;
