/**
 * Seeded sandbox data: a believable FinOps account (views, MegaBill keys, virtual tags,
 * metadata, notification endpoints, CostGuard scans).
 *
 * Every id is derived from a fixed name (uuidFrom), and every timestamp is a fixed UTC
 * date, so tests can import these constants and rely on them across runs and machines.
 * Builders return fresh objects each call so resetData() can restore a pristine copy.
 */
import { hash32, unit, uuidFrom } from './random';
import type {
	EndpointRecord,
	KeyDef,
	RecommendationGroup,
	ResourceRecommendation,
	ScanRecord,
	TagMetadata,
	VirtualTagRecord,
	VirtualTagRule,
	ViewDef,
} from './types';

/** The sandbox key pair printed by `npm run sandbox` and accepted by default. */
export const SANDBOX_CREDENTIALS = Object.freeze({
	clientId: 'sandbox-client-0001',
	secretKey: 'sandbox-secret-0001-not-a-real-key',
});

/** A second pair for tests that need two independent keys (limits are per clientId). */
export const SANDBOX_CREDENTIALS_2 = Object.freeze({
	clientId: 'sandbox-client-0002',
	secretKey: 'sandbox-secret-0002-not-a-real-key',
});

export const SANDBOX_ACCOUNT_ID = uuidFrom('account:sandbox');
/** createdBy/updatedBy of everything saved through the API. */
export const SANDBOX_API_USER = 'api@sandbox.finout.io';

const DAY_MS = 86_400_000;
/** Fixed reference date for seeded createdAt values (Monday 2025-01-06 UTC). */
export const SEED_EPOCH_MS = Date.UTC(2025, 0, 6);

// ---------------------------------------------------------------------------
// MegaBill keys (§3.3, §4.1)
// ---------------------------------------------------------------------------

const AWS_SERVICES = [
	'AmazonEC2', 'AmazonRDS', 'AmazonS3', 'AWSLambda', 'AmazonDynamoDB', 'AmazonCloudFront',
	'AmazonEKS', 'AmazonRedshift', 'AmazonElastiCache', 'AmazonAthena', 'AmazonCloudWatch', 'AWSDataTransfer',
];
const GCP_SERVICES = ['Compute Engine', 'BigQuery', 'Cloud Storage', 'Cloud SQL', 'Kubernetes Engine', 'Cloud Pub/Sub'];

/** ~2000 resource ids so a V2 query grouped by resource can reach 100k rows (2000 × 60 days). */
function buildResourceIds(): string[] {
	const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
	const ids: string[] = [];
	for (let i = 0; i < 2000; i++) {
		const h = hash32('resource', i).toString(16).padStart(8, '0');
		const h2 = hash32('resource-b', i).toString(16).padStart(8, '0');
		const region = regions[i % regions.length];
		switch (i % 5) {
			case 0: ids.push(`i-0${h}${h2.slice(0, 8)}`); break;
			case 1: ids.push(`vol-0${h}${h2.slice(0, 8)}`); break;
			case 2: ids.push(`arn:aws:rds:${region}:123456789012:db:db-${h.slice(0, 6)}`); break;
			case 3: ids.push(`arn:aws:lambda:${region}:123456789012:function:fn-${h.slice(0, 7)}`); break;
			default: ids.push(`arn:aws:s3:::bucket-${h}`); break;
		}
	}
	return ids;
}

/** Static keys; virtual-tag keys are added from the live store (state.ts). */
export const STATIC_KEYS: readonly KeyDef[] = Object.freeze([
	{ costCenter: 'AWS', key: 'service', displayName: 'Service', types: ['billing_dimension'], values: AWS_SERVICES },
	{ costCenter: 'AWS', key: 'region', displayName: 'Regions', types: ['billing_dimension'],
		values: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'] },
	// Two types: V2 values needs ?type= for this key (§4.1).
	{ costCenter: 'AWS', key: 'aws_account_name', displayName: 'Account Name', types: ['billing_dimension', 'tag'],
		values: ['prod-core', 'prod-data', 'staging', 'dev-sandbox', 'security-audit', 'shared-networking'] },
	{ costCenter: 'AWS', key: 'f_usage_type', displayName: 'Usage Type', types: ['billing_dimension'],
		values: ['BoxUsage:m5.xlarge', 'BoxUsage:c6g.2xlarge', 'EBS:VolumeUsage.gp3', 'DataTransfer-Out-Bytes',
			'TimedStorage-ByteHrs', 'Requests-Tier1', 'InstanceUsage:db.r6g.large', 'NatGateway-Hours'] },
	{ costCenter: 'AWS', key: 'resource_id', displayName: 'Resource ID', types: ['resource'], values: buildResourceIds() },
	{ costCenter: 'AWS', key: 'team', displayName: 'team', types: ['tag'],
		values: ['platform', 'data', 'payments', 'growth', 'ml', 'security'] },
	{ costCenter: 'GCP', key: 'gcp_service', displayName: 'Service', types: ['billing_dimension'], values: GCP_SERVICES },
	{ costCenter: 'GCP', key: 'gcp_project', displayName: 'Project', types: ['billing_dimension'],
		values: ['analytics-prod-3812', 'web-prod-1190', 'ml-training-5521', 'shared-vpc-0042', 'sandbox-7781'] },
	{ costCenter: 'Kubernetes', key: 'k8s_cluster', displayName: 'Cluster', types: ['kubernetes_resource'],
		values: ['prod-eks-use1', 'prod-eks-euw1', 'staging-eks', 'gke-analytics'] },
	{ costCenter: 'Kubernetes', key: 'namespace', displayName: 'Namespace', types: ['k8s_namespace'],
		values: ['kube-system', 'payments', 'checkout', 'search', 'data-pipeline', 'monitoring', 'ingress-nginx', 'ml-serving'] },
	{ costCenter: 'Kubernetes', key: 'deployment', displayName: 'deployment', types: ['kubernetes_resource'],
		values: ['api-gateway', 'checkout-web', 'payments-worker', 'search-indexer', 'spark-driver',
			'prometheus-server', 'grafana', 'model-server'] },
	{ costCenter: 'Kubernetes', key: 'label_app', displayName: 'app', types: ['k8s_pod_label'],
		values: ['frontend', 'backend', 'worker', 'batch'] },
	{ costCenter: 'Global', key: 'cost_center_type', displayName: 'Cost Center', types: ['billing_dimension'],
		values: ['AWS', 'GCP', 'Azure', 'Kubernetes', 'Datadog', 'Snowflake'] },
	{ costCenter: 'Global', key: 'cloud_service', displayName: 'Cloud Service', types: ['billing_dimension'],
		values: [...AWS_SERVICES.slice(0, 6), ...GCP_SERVICES.slice(0, 4)] },
	{ costCenter: 'Azure', key: 'resourcegroup', displayName: 'Resource Group', types: ['billing_enrichment'],
		values: ['rg-prod-web', 'rg-prod-data', 'rg-shared', 'rg-dev'] },
]);

/** Every V2 key type (§4.1, [GF] enum); dimensions/filters must use one of them. */
export const KEY_TYPES: readonly string[] = Object.freeze([
	'tag', 'billing_dimension', 'resource', 'billing_enrichment', 'virtual_tag', 'custom_cost',
	'kubernetes_resource', 'k8s_pod_label', 'k8s_node_label', 'k8s_namespace',
]);

// ---------------------------------------------------------------------------
// Views (§3.1)
// ---------------------------------------------------------------------------

export const VIEW_IDS = Object.freeze({
	awsByService: uuidFrom('view:aws-by-service'),
	k8sByNamespace: uuidFrom('view:k8s-by-namespace'),
	gcpByProject: uuidFrom('view:gcp-by-project'),
	awsByRegion: uuidFrom('view:aws-by-region'),
	costByTeam: uuidFrom('view:cost-by-team'),
	byCostCenter: uuidFrom('view:by-cost-center'),
});

export const VIEWS: readonly ViewDef[] = Object.freeze([
	{ id: VIEW_IDS.awsByService, name: 'AWS by Service', groupKey: { costCenter: 'AWS', key: 'service' }, groupCount: 8 },
	{ id: VIEW_IDS.k8sByNamespace, name: 'K8s by namespace', groupKey: { costCenter: 'Kubernetes', key: 'namespace' }, groupCount: 6 },
	{ id: VIEW_IDS.gcpByProject, name: 'GCP by Project', groupKey: { costCenter: 'GCP', key: 'gcp_project' }, groupCount: 5 },
	{ id: VIEW_IDS.awsByRegion, name: 'AWS by Region', groupKey: { costCenter: 'AWS', key: 'region' }, groupCount: 4 },
	{ id: VIEW_IDS.costByTeam, name: 'Cost by Team', groupKey: { costCenter: 'AWS', key: 'team' }, groupCount: 6 },
	{ id: VIEW_IDS.byCostCenter, name: 'Multi-cloud by Cost Center', groupKey: { costCenter: 'Global', key: 'cost_center_type' }, groupCount: 3 },
]);

// ---------------------------------------------------------------------------
// Virtual tags (§3.5, §4.4, §4.5)
// ---------------------------------------------------------------------------

export const VT_IDS = Object.freeze({
	environment: uuidFrom('vt:environment'),
	team: uuidFrom('vt:team'),
	demoFeature: uuidFrom('vt:demo-feature-cost'),
	customerChargeback: uuidFrom('vt:customer-chargeback'),
});

const leaf = (costCenter: string, key: string, type: string, displayName: string, operator: string, value?: unknown) =>
	value === undefined
		? { costCenter, key, type, displayName, operator }
		: { costCenter, key, type, displayName, operator, value };

interface SeedTag {
	id: string;
	name: string;
	/** Successive saves; the one at `liveIndex` is live (later ones are staged). */
	history: Array<{ rules: VirtualTagRule[]; defaultValue: VirtualTagRecord['defaultValue']; changeDescription: string | null }>;
	liveIndex: number;
}

function seedTagDefs(): SeedTag[] {
	const envRulesV1: VirtualTagRule[] = [
		{ to: 'production', filters: leaf('AWS', 'aws_account_name', 'billing_dimension', 'Account Name', 'oneOf', ['prod-core', 'prod-data']) },
		{ to: 'staging', filters: leaf('AWS', 'aws_account_name', 'billing_dimension', 'Account Name', 'is', 'staging') },
	];
	const envRulesV2: VirtualTagRule[] = [
		...envRulesV1,
		{
			to: 'development',
			filters: {
				OR: [
					leaf('AWS', 'aws_account_name', 'billing_dimension', 'Account Name', 'oneOf', ['dev-sandbox']),
					leaf('GCP', 'gcp_project', 'billing_dimension', 'Project', 'oneOf', ['sandbox-7781']),
				],
			},
		},
	];
	const teamRules: VirtualTagRule[] = [
		{ to: 'Payments', filters: leaf('Kubernetes', 'namespace', 'k8s_namespace', 'Namespace', 'oneOf', ['payments', 'checkout']) },
		{ to: 'Search', filters: leaf('Kubernetes', 'namespace', 'k8s_namespace', 'Namespace', 'is', 'search') },
		{
			to: 'Data Platform',
			filters: {
				AND: [
					leaf('Global', 'cost_center_type', 'billing_dimension', 'Cost Center', 'oneOf', ['AWS', 'GCP']),
					leaf('AWS', 'team', 'tag', 'team', 'oneOf', ['data', 'ml']),
				],
			},
		},
		{ to: 'Platform', filters: leaf('Kubernetes', 'namespace', 'k8s_namespace', 'Namespace', 'oneOf', ['kube-system', 'monitoring', 'ingress-nginx']) },
	];
	const teamStaged: VirtualTagRule[] = [
		...teamRules,
		{ to: 'ML', filters: leaf('Kubernetes', 'namespace', 'k8s_namespace', 'Namespace', 'is', 'ml-serving') },
	];
	return [
		{
			id: VT_IDS.environment,
			name: 'Environment',
			history: [
				{ rules: envRulesV1, defaultValue: 'Untagged', changeDescription: 'Initial environments' },
				{ rules: envRulesV2, defaultValue: 'Untagged', changeDescription: 'Add development (AWS + GCP sandbox)' },
			],
			liveIndex: 1,
		},
		{
			id: VT_IDS.team,
			name: 'Team',
			history: [
				{ rules: teamRules.slice(0, 2), defaultValue: 'unallocated', changeDescription: null },
				{ rules: teamRules, defaultValue: 'unallocated', changeDescription: 'Add Data Platform and Platform' },
				// Staged, not live: lets tests see isLive=false and that live config is unchanged.
				{ rules: teamStaged, defaultValue: 'unallocated', changeDescription: 'Draft: split out ML' },
			],
			liveIndex: 1,
		},
		{
			id: VT_IDS.demoFeature,
			name: 'Demo Feature cost',
			history: [
				{
					rules: [
						{
							to: 'Shared IT',
							filters: {
								OR: [
									leaf('Global', 'cost_center_type', 'billing_dimension', 'Cost Center', 'oneOf',
										['Azure', 'databricks', 'Datadog', 'GCP', 'kubernetes', 'snowflake']),
									leaf('Global', 'cost_center_type', 'billing_dimension', 'Cost Center', 'contains', 'Custom'),
								],
							},
							timeframe: { from: 1756166400000, to: 1756166400100 },
						},
					],
					defaultValue: 'unallocated',
					changeDescription: 'Created from the Finout UI',
				},
			],
			liveIndex: 0,
		},
		{
			id: VT_IDS.customerChargeback,
			name: 'Customer Chargeback',
			history: [
				{
					// A MegaBill-key target (§3.5): values come from the AWS `team` tag.
					rules: [{ to: { key: 'team', costCenter: 'AWS' }, filters: leaf('AWS', 'team', 'tag', 'team', 'exists') }],
					defaultValue: 'Shared Platform',
					changeDescription: null,
				},
			],
			liveIndex: 0,
		},
	];
}

/** Fresh copies of the seeded virtual tags; `nextSeq` supplies version sequence numbers. */
export function seedVirtualTags(nextSeq: () => number): VirtualTagRecord[] {
	return seedTagDefs().map((def, tagIndex) => {
		const createdAt = SEED_EPOCH_MS + tagIndex * 3 * DAY_MS + 9 * 3_600_000;
		const versions = def.history.map((h, i) => ({
			id: uuidFrom(`vt-version:${def.id}:${i}`),
			seq: nextSeq(),
			createdBy: i === 0 ? 'maya.cohen@sandbox.finout.io' : SANDBOX_API_USER,
			createdAt: createdAt + i * 11 * DAY_MS,
			changeDescription: h.changeDescription,
			versionData: structuredClone({ rules: h.rules, defaultValue: h.defaultValue }),
		}));
		const live = versions[def.liveIndex];
		return {
			id: def.id,
			accountId: SANDBOX_ACCOUNT_ID,
			name: def.name,
			rules: structuredClone(live.versionData.rules),
			defaultValue: structuredClone(live.versionData.defaultValue),
			createdBy: versions[0].createdBy,
			updatedBy: live.createdBy,
			createdAt,
			updatedAt: live.createdAt,
			liveVersionId: live.id,
			versions,
		};
	});
}

// ---------------------------------------------------------------------------
// Notification endpoints (§3.9)
// ---------------------------------------------------------------------------

export const ENDPOINT_IDS = Object.freeze({
	email: uuidFrom('endpoint:email'),
	slack: uuidFrom('endpoint:slack'),
	msteams: uuidFrom('endpoint:msteams'),
});

export function seedEndpoints(): EndpointRecord[] {
	const base = { accountId: SANDBOX_ACCOUNT_ID };
	return [
		{ ...base, id: ENDPOINT_IDS.email, type: 'email', name: 'finops@sandbox.finout.io',
			configuration: { to: 'finops@sandbox.finout.io' }, createdBy: 'maya.cohen@sandbox.finout.io',
			createdAt: Date.UTC(2023, 11, 28, 14, 9, 57), updatedAt: Date.UTC(2023, 11, 28, 14, 9, 57) },
		{ ...base, id: ENDPOINT_IDS.slack, type: 'slack', name: 'FinOps-Alerts',
			configuration: { to: 'https://hooks.slack.com/services/T000SANDBOX/B000SANDBOX/sandboxwebhooktoken' },
			createdBy: 'Demo-Finout', createdAt: Date.UTC(2023, 1, 26, 14, 33, 35), updatedAt: Date.UTC(2023, 1, 26, 14, 33, 35) },
		// MS Teams endpoints are auto-created from connected channels and carry no configuration (§3.9).
		{ ...base, id: ENDPOINT_IDS.msteams, type: 'msteams', name: 'BI Group/DevTeam', createdBy: 'Finout',
			createdAt: Date.UTC(2024, 10, 13, 17, 44, 50), updatedAt: Date.UTC(2024, 10, 13, 17, 44, 50) },
	];
}

// ---------------------------------------------------------------------------
// Virtual-tag metadata (§3.6, §4.6)
// ---------------------------------------------------------------------------

export const USER_GROUP_IDS = Object.freeze({
	payments: uuidFrom('group:payments'),
	search: uuidFrom('group:search'),
	data: uuidFrom('group:data'),
});

export function seedMetadata(): Map<string, TagMetadata> {
	return new Map<string, TagMetadata>([
		[
			VT_IDS.team,
			{
				Payments: { groups: [USER_GROUP_IDS.payments], customMetadata: { owner: 'Dana', costCenterCode: 'CC-4410' },
					endpoints: [ENDPOINT_IDS.slack] },
				Search: { groups: [USER_GROUP_IDS.search], customMetadata: { owner: 'Sam' } },
				'Data Platform': { groups: [USER_GROUP_IDS.data], customMetadata: { owner: 'Dan' }, endpoints: [ENDPOINT_IDS.email] },
			},
		],
	]);
}

// ---------------------------------------------------------------------------
// CostGuard (§3.7)
// ---------------------------------------------------------------------------

export const SCAN_IDS = Object.freeze({
	ec2Rightsizing: uuidFrom('scan:ec2-rightsizing'),
	ebsUnattached: uuidFrom('scan:ebs-unattached'),
	rdsIdle: uuidFrom('scan:rds-idle'),
	gcpVmRightsizing: uuidFrom('scan:gcp-vm-rightsizing'),
	cloudSqlIdle: uuidFrom('scan:cloud-sql-idle'),
});

export function seedScans(): ScanRecord[] {
	const lastRun = Date.UTC(2025, 5, 2);
	const scan = (scanId: string, scanName: string, type: string, costCenter: string, analysisDays: number, dayOffset: number) =>
		({ scanId, scanName, scanLastRunTime: lastRun - dayOffset * DAY_MS, scanMetadata: { type, costCenter, analysisDays } });
	return [
		scan(SCAN_IDS.ec2Rightsizing, 'EC2 - Rightsizing', 'rightsizing', 'AWS', 14, 0),
		scan(SCAN_IDS.ebsUnattached, 'EBS - Unattached Volumes', 'idle', 'AWS', 7, 0),
		scan(SCAN_IDS.rdsIdle, 'RDS - Idle', 'idle', 'AWS', 7, 1),
		scan(SCAN_IDS.gcpVmRightsizing, 'VM - Rightsizing', 'rightsizing', 'GCP', 3, 1),
		scan(SCAN_IDS.cloudSqlIdle, 'Cloud SQL - Idle', 'idle', 'GCP', 3, 2),
	];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A deterministic resource recommendation; exported so tests can add "new findings". */
export function makeResource(scan: ScanRecord, group: string, index: number): ResourceRecommendation {
	const h = hash32('rec', scan.scanId, group, index);
	const u = unit(h);
	const days = scan.scanMetadata.analysisDays;
	const dailyCost = 2 + 60 * u * u;
	const cost = round2(dailyCost * days);
	const wasteShare = scan.scanMetadata.type === 'idle' ? 0.85 + 0.15 * unit(hash32(h, 'w')) : 0.3 + 0.4 * unit(hash32(h, 'w'));
	const waste = round2(cost * wasteShare);
	const hex = h.toString(16).padStart(8, '0');
	const aws = scan.scanMetadata.costCenter === 'AWS';
	const resourceId = aws
		? scan.scanName.startsWith('EC2') ? `i-0${hex}${index.toString(16).padStart(8, '0')}`
			: scan.scanName.startsWith('EBS') ? `vol-0${hex}${index.toString(16).padStart(8, '0')}`
				: `arn:aws:rds:us-east-1:123456789012:db:${group}-db-${hex.slice(0, 5)}`
		: `projects/${group}/instances/${scan.scanName.startsWith('VM') ? 'vm' : 'sql'}-${hex.slice(0, 6)}`;
	const rightsizing = scan.scanMetadata.type === 'rightsizing';
	const types = aws ? ['m5.2xlarge', 'm5.xlarge', 'c5.4xlarge', 'r6g.2xlarge'] : ['n2-standard-8', 'n2-standard-4', 'e2-highmem-4'];
	const current = types[h % types.length];
	return {
		resourceId,
		resourceMetadata: { accountName: group, region: aws ? 'us-east-1' : 'europe-west1', instanceType: current },
		resourceTotalCost: cost,
		resourceTotalWaste: waste,
		resourceYearlyPotentialSavings: round2((waste / days) * 365),
		resourceMetrics: rightsizing
			? { usedCpu: round2(5 + 30 * unit(hash32(h, 'cpu'))), usedMemory: round2(10 + 40 * unit(hash32(h, 'mem'))) }
			: { avgCpu: round2(unit(hash32(h, 'cpu'))), connections: 0 },
		resourceRecommendations: rightsizing
			? { targetCpu: 4, targetMemory: 16, targetInstanceType: aws ? 'm5.large' : 'n2-standard-2' }
			: { action: scan.scanName.startsWith('EBS') ? 'delete' : 'stop' },
	};
}

/** About 3 groups × 2–10 resources per scan. */
export function seedRecommendations(scans: ScanRecord[]): Map<string, RecommendationGroup[]> {
	const out = new Map<string, RecommendationGroup[]>();
	for (const scan of scans) {
		const groups = scan.scanMetadata.costCenter === 'AWS'
			? ['prod-core', 'prod-data', 'staging']
			: ['analytics-prod-3812', 'web-prod-1190', 'ml-training-5521'];
		out.set(scan.scanId, groups.map((group) => {
			const count = 2 + (hash32('rec-count', scan.scanId, group) % 9);
			return { group, resources: Array.from({ length: count }, (_, i) => makeResource(scan, group, i)) };
		}));
	}
	return out;
}

// ---------------------------------------------------------------------------
// Reseeding with other ids
// ---------------------------------------------------------------------------

/** The ids of every seeded object that workflows refer to (views, tags, scans, endpoints, groups). */
function seededIds(): string[] {
	return [VIEW_IDS, VT_IDS, SCAN_IDS, ENDPOINT_IDS, USER_GROUP_IDS].flatMap((ids) => Object.values(ids));
}

/**
 * The same seeded data under other ids: every seeded id becomes uuidFrom(`${salt}:${id}`),
 * consistently everywhere it appears (records, map keys, references). Lets tests prove that a
 * workflow finds its ids instead of hard-coding the default sandbox's.
 */
export function withSaltedIds<T>(data: T, salt: string): T {
	const renamed = new Map(seededIds().map((id) => [id, uuidFrom(`${salt}:${id}`)]));
	const rename = (value: unknown): unknown => {
		if (typeof value === 'string') return renamed.get(value) ?? value;
		if (Array.isArray(value)) return value.map(rename);
		if (value instanceof Map) return new Map([...value].map(([key, entry]) => [rename(key), rename(entry)]));
		if (value !== null && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [renamed.get(key) ?? key, rename(entry)]));
		}
		return value;
	};
	return rename(data) as T;
}
