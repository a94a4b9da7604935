import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { splitGroupBy } from '../../Finout/actions/cost/groupBy';
import { readCostType } from '../../Finout/actions/common/costTypes';
import { checkNumberAtLeast, readLocator, unlessEmpty } from '../../Finout/actions/common/fields';
import { locatorText } from '../../Finout/actions/common/keyPickers';
import { readFilter } from '../../Finout/actions/common/readFilter';
import { MAX_FILTER_CONDITIONS } from '../../Finout/actions/costAndUsage/constants';
import { checkKeyType } from '../../Finout/actions/costAndUsage/querySpec';
import { isValidTimeZone } from '../days';
import { fingerprint } from '../state';

export type CostRule =
	| 'above'
	| 'increaseVsPreviousDay'
	| 'increaseVsSameWeekdayLastWeek'
	| 'increaseVsTrailing7DayAverage';

type CostSource = 'view' | 'costAndUsage';

/** Days before the evaluated day that each rule's baseline reads. */
export const RULE_LOOKBACK_DAYS: Record<CostRule, number> = {
	above: 0,
	increaseVsPreviousDay: 1,
	increaseVsSameWeekdayLastWeek: 7,
	increaseVsTrailing7DayAverage: 7,
};

/** Longest range one request may cover: Finout's query-by-view takes 90 days, Cost and Usage V2 60. */
export const MAX_WINDOW_DAYS: Record<CostSource, number> = { view: 90, costAndUsage: 60 };

/** Default Data Delay: see the option's help text and the README for the reasoning. */
export const DEFAULT_DATA_DELAY_HOURS = 48;
/** A week: beyond it a bill correction is not a spike to alert on, and the state stays small. */
export const MAX_DATA_DELAY_HOURS = 168;
const HOUR_MS = 3_600_000;

export interface ViewQuery {
	source: 'view';
	viewId: string;
	perGroup: boolean;
	groupBy: string[];
	costType: string;
}

export interface CostUsageQuery {
	source: 'costAndUsage';
	measurement: string;
	dimension?: { costCenter: string; key: string; type: string };
	filters?: IDataObject;
}

export interface CostSettings {
	query: ViewQuery | CostUsageQuery;
	rule: CostRule;
	threshold: number;
	minimumCost: number;
	timeZone: string;
	lookBackDays: number;
	/** How long after a UTC day ends its cost may still change. */
	dataDelayMs: number;
	watch: string;
}

const RULES: readonly CostRule[] = Object.keys(RULE_LOOKBACK_DAYS) as CostRule[];

export function readCostSettings(ctx: IPollFunctions): CostSettings {
	const node = ctx.getNode();
	const source = ctx.getNodeParameter('costSource', 'view') as CostSource;
	let query: ViewQuery | CostUsageQuery;
	if (source === 'view') {
		const costType = readCostType(ctx, undefined);
		const perGroup = ctx.getNodeParameter('viewScope', 'total') === 'perGroup';
		const groupBy = perGroup ? splitGroupBy(ctx.getNodeParameter('groupBy', '')) : [];
		query = {
			source,
			viewId: readLocator(ctx, undefined, 'viewId', 'View'),
			perGroup,
			groupBy,
			costType,
		};
	} else if (source === 'costAndUsage') {
		const measurement = String(ctx.getNodeParameter('measurementType', 'netAmortizedCost'));
		query = { source, measurement };
		if (ctx.getNodeParameter('costAndUsageScope', 'total') === 'perDimension') {
			// Locators since 1.1; plain text in older triggers.
			const key = locatorText(ctx.getNodeParameter('dimensionKey', ''));
			const type = String(ctx.getNodeParameter('dimensionType', '') ?? '').trim();
			if (!key || !type) {
				throw new NodeOperationError(
					node,
					'Dimension Key and Dimension Type are required to split by a dimension',
				);
			}
			checkKeyType(ctx, undefined, type, 'Dimension');
			query.dimension = {
				costCenter: locatorText(ctx.getNodeParameter('dimensionCostCenter', '')),
				key,
				type,
			};
		}
		// Version 1 triggers had the JSON field only, so a trigger saved without a mode is in JSON.
		query.filters = readFilter(ctx, undefined, {
			json: 'costAndUsageFilters',
			defaultMode: 'json',
			maxConditions: MAX_FILTER_CONDITIONS,
		});
	} else {
		throw new NodeOperationError(node, `Unknown cost source "${String(source)}"`);
	}

	const rule = ctx.getNodeParameter('rule', 'above') as CostRule;
	if (!RULES.includes(rule))
		throw new NodeOperationError(node, `Unknown condition "${String(rule)}"`);
	const threshold =
		rule === 'above'
			? checkNumberAtLeast(ctx, undefined, ctx.getNodeParameter('amount', 0), 'Amount', -Infinity)
			: checkNumberAtLeast(ctx, undefined, ctx.getNodeParameter('percent', 0), 'Increase (%)', 0);

	const options = ctx.getNodeParameter('costOptions', {}) as IDataObject;
	const timeZone = String(options.timeZone ?? '').trim() || ctx.getTimezone() || 'UTC';
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(node, `Time Zone "${timeZone}" is not a known IANA time zone`, {
			description: 'Use a name such as Europe/Berlin, America/New_York or UTC.',
		});
	}
	const maxLookBack = MAX_WINDOW_DAYS[source] - RULE_LOOKBACK_DAYS[rule] - 1;
	const lookBackDays = Math.floor(
		checkNumberAtLeast(ctx, undefined, unlessEmpty(options.lookBackDays, 0), 'Look Back Days', 0),
	);
	if (lookBackDays > maxLookBack) {
		throw new NodeOperationError(
			node,
			`Look Back Days can be at most ${maxLookBack} for this source and condition`,
			{
				description: `One request to Finout covers at most ${MAX_WINDOW_DAYS[source]} days, including the days the condition compares with.`,
			},
		);
	}
	const dataDelayHours = checkNumberAtLeast(
		ctx,
		undefined,
		unlessEmpty(options.dataDelayHours, DEFAULT_DATA_DELAY_HOURS),
		'Data Delay (Hours)',
		0,
	);
	if (dataDelayHours > MAX_DATA_DELAY_HOURS) {
		throw new NodeOperationError(
			node,
			`Data Delay (Hours) can be at most ${MAX_DATA_DELAY_HOURS}`,
			{
				description:
					'Days are checked again until this long after they end; a week covers every cloud billing export.',
			},
		);
	}
	return {
		query,
		rule,
		threshold,
		minimumCost: checkNumberAtLeast(
			ctx,
			undefined,
			unlessEmpty(options.minimumCost, 0),
			'Minimum Cost',
			0,
		),
		timeZone,
		lookBackDays,
		dataDelayMs: dataDelayHours * HOUR_MS,
		// Rule, threshold and zone may change without re-evaluating past days; what is measured may not.
		watch: fingerprint({ ...query } as IDataObject),
	};
}
