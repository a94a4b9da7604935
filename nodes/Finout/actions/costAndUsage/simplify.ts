import type { IDataObject } from 'n8n-workflow';

import { parseAmount, parseFinoutDate } from '../../transport/responses';
import type { KeyNameLookup } from './keyNames';
import {
	INTERVAL_COLUMNS,
	KEY_TYPES,
	MEASUREMENT_TYPES,
	OPERATORS,
	USAGE_MEASUREMENTS,
} from './constants';

/**
 * Finout's result rows name their columns `{costCenter}_{type}_{key}` (dimensions),
 * `day|week|month` (the time bucket, an ISO date) and `{measurementType}_{operator}` →
 * `{amount, unit?}` (Cost and Usage API V2). Simplify turns them into flat rows: dimension columns
 * named by the key's display name (or the key), `date`, and `cost` / `usage` numbers.
 */

// Longest first, so "kubernetes_resource" wins over "resource" at the same position.
const TYPES_LONGEST_FIRST = [...KEY_TYPES].sort((a, b) => b.length - a.length);

interface DimensionRef {
	costCenter: string;
	key: string;
}

type Column =
	| { kind: 'date'; source: string; name: string }
	| { kind: 'measurement'; source: string; name: string; unitName?: string }
	| { kind: 'dimension'; source: string; name: string };

function parseDimensionColumn(column: string): DimensionRef | undefined {
	let best: { at: number; type: string } | undefined;
	for (const type of TYPES_LONGEST_FIRST) {
		const at = column.indexOf(`_${type}_`);
		if (at >= 0 && (!best || at < best.at)) best = { at, type };
	}
	if (!best) return undefined;
	return {
		costCenter: column.slice(0, best.at),
		key: column.slice(best.at + best.type.length + 2),
	};
}

function parseMeasurementColumn(column: string): { type: string; operator: string } | undefined {
	const at = column.lastIndexOf('_');
	if (at < 0) return undefined;
	const type = column.slice(0, at);
	const operator = column.slice(at + 1);
	return MEASUREMENT_TYPES.includes(type) && OPERATORS.includes(operator)
		? { type, operator }
		: undefined;
}

function isAmount(value: unknown): value is { amount: unknown; unit?: unknown } {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && 'amount' in value;
}

export class RowSimplifier {
	private readonly plans = new Map<string, Column[]>();

	constructor(private readonly keyNames: KeyNameLookup = () => undefined) {}

	simplify(row: IDataObject): IDataObject {
		const plan = this.planFor(row);
		const out: IDataObject = {};
		for (const column of plan) {
			const value = row[column.source];
			if (column.kind === 'dimension') out[column.name] = value ?? null;
			else if (column.kind === 'date') out[column.name] = toIsoDate(value);
			else {
				out[column.name] = toNumber(isAmount(value) ? value.amount : value);
				if (column.unitName)
					out[column.unitName] = isAmount(value) && value.unit !== undefined ? value.unit : null;
			}
		}
		return out;
	}

	/** Rows of one query share their columns, so the naming is worked out once per column set. */
	private planFor(row: IDataObject): Column[] {
		const columns = Object.keys(row);
		const signature = columns.join('\n');
		let plan = this.plans.get(signature);
		if (!plan) {
			plan = this.makePlan(row, columns);
			this.plans.set(signature, plan);
		}
		return plan;
	}

	private makePlan(row: IDataObject, columns: string[]): Column[] {
		const dates = columns.filter((c) => INTERVAL_COLUMNS.has(c));
		const measured = columns.filter(
			(c) =>
				!INTERVAL_COLUMNS.has(c) && (parseMeasurementColumn(c) !== undefined || isAmount(row[c])),
		);
		const dimensions = columns.filter((c) => !dates.includes(c) && !measured.includes(c));

		const isUsage = (c: string) => USAGE_MEASUREMENTS.has(parseMeasurementColumn(c)?.type ?? '');
		const costs = measured.filter((c) => !isUsage(c));
		const usages = measured.filter(isUsage);
		const measurementColumns: Column[] = [
			...costs.map((source): Column => ({
				kind: 'measurement',
				source,
				name: costs.length === 1 ? 'cost' : source,
			})),
			...usages.map((source): Column => {
				const name = usages.length === 1 ? 'usage' : source;
				return { kind: 'measurement', source, name, unitName: `${name}Unit` };
			}),
		];
		const dateColumns: Column[] = dates.map((source) => ({
			kind: 'date',
			source,
			name: dates.length === 1 ? 'date' : source,
		}));

		const taken = new Set<string>([
			...dateColumns.map((c) => c.name),
			...measurementColumns.flatMap((c) =>
				c.kind === 'measurement' && c.unitName ? [c.name, c.unitName] : [c.name],
			),
		]);
		const proposals = dimensions.map((source) => {
			const ref = parseDimensionColumn(source);
			const name = ref ? (this.keyNames(ref.costCenter, ref.key) ?? ref.key) : source;
			return { source, ref, name };
		});
		const dimensionColumns: Column[] = proposals.map((proposal) => {
			const clashes =
				proposals.filter((other) => other.name === proposal.name).length > 1 ||
				taken.has(proposal.name);
			let name = proposal.name;
			if (clashes && proposal.ref?.costCenter)
				name = `${proposal.name} (${proposal.ref.costCenter})`;
			if (taken.has(name) || proposals.some((other) => other !== proposal && other.name === name))
				name = proposal.source;
			taken.add(name);
			return { kind: 'dimension', source: proposal.source, name };
		});
		return [...dimensionColumns, ...dateColumns, ...measurementColumns];
	}
}

// Rows were checked when read (api.ts readResults), so dates and amounts parse here.
function toIsoDate(value: unknown): IDataObject[string] {
	const ms = parseFinoutDate(value);
	if (ms === undefined) return (value ?? null) as IDataObject[string];
	// A bucket Finout wrote as a calendar date stays that date, whatever zone follows it.
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
	return new Date(ms).toISOString().slice(0, 10);
}

function toNumber(value: unknown): IDataObject[string] {
	return parseAmount(value) ?? ((value ?? null) as IDataObject[string]);
}
