/**
 * Shared data shapes of the fake Finout server (stored records, not wire formats).
 * Wire formats are built in routes-v1.ts / routes-v2.ts from these records.
 */

/** A MegaBill key as listed by the Query Language APIs (§3.3, §4.1). */
export interface KeyDef {
	costCenter: string;
	key: string;
	displayName: string;
	/** V2 key types (§4.1); V1 does not show them. */
	types: string[];
	values: readonly string[];
}

/** A saved MegaBill view (§3.1) plus what the fake needs to invent its costs. */
export interface ViewDef {
	id: string;
	name: string;
	/** The key whose values become the series names of query-by-view. */
	groupKey: { costCenter: string; key: string };
	/** How many series the view returns (3–8). */
	groupCount: number;
}

/** A rule target / default value: a static string or a MegaBill key (§3.5, §4.4). */
export type TagTarget = string | { key: string; costCenter: string; type?: string };

export interface VirtualTagRule {
	to: TagTarget;
	filters: unknown;
	timeframe?: { from: number; to?: number };
}

export interface VersionRecord {
	id: string;
	/** Monotonic sequence: breaks createdAt ties so version paging is stable. */
	seq: number;
	createdBy: string;
	createdAt: number;
	changeDescription: string | null;
	versionData: { rules: VirtualTagRule[]; defaultValue: TagTarget };
}

/** One virtual tag; V1 and V2 read and write the same record (§8). */
export interface VirtualTagRecord {
	id: string;
	accountId: string;
	name: string;
	/** Live configuration (copy of the live version's data). */
	defaultValue: TagTarget;
	rules: VirtualTagRule[];
	createdBy: string;
	updatedBy: string;
	createdAt: number;
	updatedAt: number;
	liveVersionId: string;
	versions: VersionRecord[];
}

/** Metadata of one virtual-tag value (§3.6, §4.6). */
export interface MetadataEntry {
	customMetadata?: Record<string, unknown>;
	groups?: string[];
	endpoints?: string[];
}

export type TagMetadata = Record<string, MetadataEntry>;

export interface EndpointRecord {
	id: string;
	accountId: string;
	type: string;
	name: string;
	/** Absent for msteams endpoints (§3.9). */
	configuration?: { to: string };
	createdBy: string;
	createdAt: number;
	updatedAt: number;
}

export interface ScanRecord {
	scanId: string;
	scanName: string;
	scanLastRunTime: number;
	scanMetadata: { type: string; costCenter: string; analysisDays: number };
}

export interface ResourceRecommendation {
	resourceId: string;
	resourceMetadata: Record<string, unknown>;
	resourceTotalCost: number;
	resourceTotalWaste: number;
	resourceYearlyPotentialSavings: number;
	resourceMetrics: Record<string, number>;
	resourceRecommendations: Record<string, unknown>;
}

export interface RecommendationGroup {
	group: string;
	resources: ResourceRecommendation[];
}

export type SortDirection = 'ascending' | 'descending';

export interface MeasurementSpec {
	type: string;
	/** Defaults to 'sum' when the caller sent none (the row key is then `{type}_sum`). */
	operator: 'sum' | 'avg' | 'min' | 'max';
	sortDirection?: SortDirection;
}

export interface DimensionSpec {
	costCenter: string;
	key: string;
	type: string;
	sortDirection?: SortDirection;
}

/** A validated, normalised V2 generate-query body (§4.2). */
export interface CostUsageSpec {
	startMs: number;
	endMs: number;
	interval: 'day' | 'week' | 'month';
	timeSortDirection?: SortDirection;
	measurements: MeasurementSpec[];
	dimensions: DimensionSpec[];
	filters: unknown;
	rowLimit: number;
}

/** A lazily materialised, stable result set of a V2 query. */
export interface ResultSet {
	totalRows: number;
	rowAt(index: number): Record<string, unknown>;
}

export interface QueryRecord {
	queryId: string;
	clientId: string;
	submittedAt: number;
	spec: CostUsageSpec;
	/** Set by failQuery(); the query then reports 'failed' forever. */
	failed?: boolean;
	/** Set by expireQuery(); the results then answer 410. */
	forcedExpired?: boolean;
	forcedExpiredAt?: number;
	/** Built on first need (status 'completed' or first results page) and then reused. */
	result?: ResultSet;
}

/** null: no billing data for that day yet (late export); query-by-view then has no point for it. */
export type DailyCostFn = (input: {
	source: 'view' | 'v2';
	viewId?: string;
	group: string;
	dayStartMs: number;
}) => number | null;
