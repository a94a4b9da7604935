import type { INodePropertyOptions } from 'n8n-workflow';

import { COST_TYPE_OPTIONS } from '../common/costTypes';

/** Limits of Finout's Cost and Usage API V2, checked before a query is sent. */
export const MAX_RANGE_DAYS = 60;
export const MAX_MEASUREMENTS = 5;
export const MAX_DIMENSIONS = 20;
export const MAX_FILTER_CONDITIONS = 30;
export const MAX_VIRTUAL_TAGS = 3;
export const DEFAULT_ROW_LIMIT = 1000;
export const MAX_ROW_LIMIT = 100_000;
export const MAX_PAGE_SIZE = 10_000;
/** Finout asks clients to check the status every 5 seconds. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
export const MIN_POLL_INTERVAL_SECONDS = 0.5;
export const DEFAULT_MAX_WAIT_SECONDS = 300;
export const RESULTS_KEPT_HOURS = 24;

export type TimeInterval = 'day' | 'week' | 'month';
export const TIME_INTERVALS: readonly TimeInterval[] = ['day', 'week', 'month'];
/** A result row's time bucket column is named after its Time Interval: `day`, `week` or `month`. */
export const INTERVAL_COLUMNS: ReadonlySet<string> = new Set(TIME_INTERVALS);

export type SortDirection = 'ascending' | 'descending';

export const MEASUREMENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	...COST_TYPE_OPTIONS,
	{
		name: 'Normalized Usage Amount',
		value: 'normalizedUsageAmount',
		description: 'Usage in normalized units (e.g. instance-size hours)',
	},
	{
		name: 'Usage Amount',
		value: 'usageAmount',
		description: 'Usage in its own unit (e.g. hours, GB)',
	},
].sort((a, b) => a.name.localeCompare(b.name));
export const MEASUREMENT_TYPES = MEASUREMENT_TYPE_OPTIONS.map((option) => String(option.value));
/** Usage measurements carry a unit; cost measurements do not. */
export const USAGE_MEASUREMENTS: ReadonlySet<string> = new Set([
	'usageAmount',
	'normalizedUsageAmount',
]);

export const OPERATOR_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Average', value: 'avg' },
	{ name: 'Maximum', value: 'max' },
	{ name: 'Minimum', value: 'min' },
	{ name: 'Sum', value: 'sum' },
];
export const OPERATORS = OPERATOR_OPTIONS.map((option) => String(option.value));

/** Key types of Finout's Query Language V2. */
export const KEY_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Billing Dimension', value: 'billing_dimension' },
	{ name: 'Billing Enrichment', value: 'billing_enrichment' },
	{ name: 'Custom Cost', value: 'custom_cost' },
	{ name: 'Kubernetes Namespace', value: 'k8s_namespace' },
	{ name: 'Kubernetes Node Label', value: 'k8s_node_label' },
	{ name: 'Kubernetes Pod Label', value: 'k8s_pod_label' },
	{ name: 'Kubernetes Resource', value: 'kubernetes_resource' },
	{ name: 'Resource', value: 'resource' },
	{ name: 'Tag', value: 'tag' },
	{ name: 'Virtual Tag', value: 'virtual_tag' },
];
export const KEY_TYPES = KEY_TYPE_OPTIONS.map((option) => String(option.value));

export const RESULTS_HINT = `Use Cost and Usage → Get Results with this Query ID later (results are kept ${RESULTS_KEPT_HOURS} h)`;
