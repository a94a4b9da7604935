import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiVersion } from '../common/apiVersion';
import { FILTER_OPERATOR_OPTIONS } from '../common/filterBuilder';
import { costCenterLocator, keyLocator, readPickedText } from '../common/keyPickers';
import { KEY_TYPE_OPTIONS } from '../costAndUsage/constants';
import type { TagRule } from './rules';

const LIST_OPERATORS: ReadonlySet<string> = new Set(['oneOf', 'notOneOf']);
const VALUELESS_OPERATORS: ReadonlySet<string> = new Set(['exists', 'notExists']);

/**
 * The "Simple" definition: one rule, "costs where <key> <operator> <values> get <value>".
 * `show` says when the fields appear (e.g. `{ definitionMode: ['simple'] }`); the caller adds
 * resource and operation.
 */
export function simpleRuleProperties(show: IDisplayOptions['show']): INodeProperties[] {
	const when = (extra: IDisplayOptions['show'] = {}): IDisplayOptions => ({
		show: { ...show, ...extra },
	});
	return [
		{
			displayName: 'Tag Value',
			name: 'ruleValue',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. production',
			displayOptions: when(),
			description: 'The virtual tag value given to costs that match the condition below',
		},
		costCenterLocator({
			required: true,
			displayOptions: when(),
			description: 'Cost center of the key the condition checks, e.g. AWS, Kubernetes or Global',
		}),
		keyLocator({
			required: true,
			displayOptions: when(),
			description: 'The MegaBill key the condition checks, e.g. aws_account_name',
		}),
		{
			displayName: 'Key Type',
			name: 'keyTypeV2',
			type: 'options',
			options: KEY_TYPE_OPTIONS,
			default: 'billing_dimension',
			displayOptions: when({ apiVersion: ['v2'] }),
			description: 'Type of the key, as listed by Query Language → Get Keys (V2 filters need it)',
		},
		{
			displayName: 'Operator',
			name: 'operator',
			type: 'options',
			options: FILTER_OPERATOR_OPTIONS,
			default: 'oneOf',
			displayOptions: when(),
		},
		{
			displayName: 'Values',
			name: 'filterValue',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. prod-core, prod-data',
			displayOptions: when({
				operator: ['oneOf', 'notOneOf', 'is', 'notIs', 'contains', 'notContains'],
			}),
			description:
				'Value to compare with. For "Is One Of" and "Is Not One Of", separate several values with commas (or pass an array with an expression).',
		},
	];
}

/** Reads the Simple fields into one rule, naming the field when something is missing. */
export function readSimpleRule(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): TagRule {
	const text = (name: string, label: string): string => {
		const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
		const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
		if (!value)
			throw new NodeOperationError(ctx.getNode(), `${label} is empty (item ${itemIndex})`, {
				itemIndex,
			});
		return value;
	};
	const to = text('ruleValue', 'Tag Value');
	const leaf: IDataObject = {
		costCenter: readPickedText(ctx, itemIndex, 'costCenter', 'Cost Center'),
		key: readPickedText(ctx, itemIndex, 'key', 'Key'),
	};
	if (apiVersion === 'v2') leaf.type = text('keyTypeV2', 'Key Type');
	const operator = text('operator', 'Operator');
	leaf.operator = operator;
	if (!VALUELESS_OPERATORS.has(operator)) {
		leaf.value = readValue(ctx, itemIndex, operator);
	}
	return { to, filters: leaf };
}

function readValue(ctx: IExecuteFunctions, itemIndex: number, operator: string): string | string[] {
	const raw = ctx.getNodeParameter('filterValue', itemIndex, '') as unknown;
	const list = Array.isArray(raw)
		? raw.map((entry) => String(entry).trim())
		: typeof raw === 'string' || typeof raw === 'number'
			? LIST_OPERATORS.has(operator)
				? String(raw)
						.split(',')
						.map((entry) => entry.trim())
				: [String(raw).trim()]
			: [];
	const values = list.filter((entry) => entry !== '');
	if (values.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Values is empty; operator "${operator}" needs a value to compare with (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	if (LIST_OPERATORS.has(operator)) return values;
	return Array.isArray(raw) ? values : values[0];
}
