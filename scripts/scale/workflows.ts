/**
 * The queue-mode scenarios: one Finout key (client ID) each, so the simulator counts each
 * scenario's in-flight requests on its own and no learnt or lowered limit carries over between
 * scenarios inside the workers. Every workflow is Webhook → Split Out (the posted items) → Finout.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import type { CredentialJson, WorkflowJson, WorkflowNode } from '../examples';
import { FINOUT_NODE_TYPE } from '../examples';
import { VIEW_IDS } from '../../test/fake-finout/seed';

export type ScenarioKind = 'query' | 'create';

export interface Scenario {
	key: string;
	label: string;
	kind: ScenarioKind;
	maxConcurrentRequests: number;
	adaptToOtherUsers: boolean;
	/**
	 * Runs against a second simulator with no added latency (L ≈ 0) and no per-key limit: what is left of the span is
	 * n8n's own work in queue mode (webhook → Redis → worker → execution → node), not the key's.
	 */
	noLatency?: boolean;
	/**
	 * Runs against a simulator that queues the request over the key's limit instead of refusing it
	 * (overConcurrency 'queue', not Finout's behaviour): every worker's requests wait in one line at
	 * the server, as if all workers shared one perfect queue. The best any mechanism could reach.
	 */
	coordinated?: boolean;
	/** Left out of the default run (npm run test:scale); picked with SCALE_SCENARIOS=key,key. */
	extra?: boolean;
	/** SIGKILL one worker once this share of the expected Finout answers has arrived. */
	killWorkerAt?: number;
	clientId: string;
	secretKey: string;
	credentialId: string;
	workflowId: string;
	webhookPath: string;
}

export const SCENARIOS: Array<Pick<Scenario, 'key' | 'label' | 'kind' | 'maxConcurrentRequests' | 'adaptToOtherUsers' | 'killWorkerAt' | 'noLatency' | 'coordinated' | 'extra'>> = [
	{ key: 'adaptive', label: 'adaptive (default: Max 5, Adapt on)', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: true },
	{ key: 'fixed-share', label: 'fixed share (Max 1 per worker, Adapt off)', kind: 'query', maxConcurrentRequests: 1, adaptToOtherUsers: false },
	{ key: 'per-process', label: 'per-process (Max 5, Adapt off: before)', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: false },
	{ key: 'create', label: 'adaptive, create variant', kind: 'create', maxConcurrentRequests: 5, adaptToOtherUsers: true },
	// Before the kill, so that these run on all three workers.
	{ key: 'coordinated', label: 'yardstick: one perfect queue for all workers (server queues instead of 429; not Finout)', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: false, coordinated: true },
	{ key: 'overhead', label: "n8n's own work: L ≈ 0, no key limit (Max 5 per worker, Adapt off)", kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: false, noLatency: true },
	{ key: 'kill', label: 'adaptive, one worker SIGKILLed mid-run', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: true, killWorkerAt: 0.3 },
	{ key: 'adaptive-2', label: 'adaptive, repeat (own key)', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: true, extra: true },
	{ key: 'adaptive-3', label: 'adaptive, repeat (own key)', kind: 'query', maxConcurrentRequests: 5, adaptToOtherUsers: true, extra: true },
];

/** The default run's scenarios, or those named in SCALE_SCENARIOS (comma-separated keys). */
export function buildScenarios(only: string[] | undefined): Scenario[] {
	return SCENARIOS.map((scenario, index) => ({ scenario, index }))
		.filter(({ scenario }) => (only ? only.includes(scenario.key) : !scenario.extra))
		.map(({ scenario, index }) => ({
		...scenario,
		clientId: `scale-${scenario.key}`,
		// A throw-away secret per run, known only to this process and the simulator; never printed.
		secretKey: randomBytes(18).toString('base64url'),
		credentialId: `ScaleCred${String(index).padStart(7, '0')}`,
		workflowId: `ScaleWorkflow${String(index).padStart(3, '0')}`,
		webhookPath: `finout-scale-${scenario.key}`,
	}));
}

export type ScaleCredentialJson = CredentialJson & { data: CredentialJson['data'] & { adaptToOtherUsers: boolean } };

export function credentialJson(scenario: Scenario, baseUrl: string): ScaleCredentialJson {
	return {
		id: scenario.credentialId,
		name: `Finout scale ${scenario.key}`,
		type: 'finoutApi',
		data: {
			clientId: scenario.clientId,
			secretKey: scenario.secretKey,
			baseUrl,
			maxConcurrentRequests: scenario.maxConcurrentRequests,
			adaptToOtherUsers: scenario.adaptToOtherUsers,
		},
	};
}

const FINOUT_PARAMETERS: Record<ScenarioKind, Record<string, unknown>> = {
	query: {
		resource: 'cost',
		operation: 'queryByView',
		viewId: { __rl: true, mode: 'id', value: VIEW_IDS.awsByService },
		dateRange: 'last7Days',
	},
	create: {
		resource: 'notificationEndpoint',
		operation: 'create',
		endpointType: 'email',
		name: "={{ 'scale-' + $json.run + '-' + $json.index }}",
		to: 'finops@example.com',
	},
};

export function workflowJson(scenario: Scenario): WorkflowJson {
	const node = (name: string, type: string, typeVersion: number, x: number, parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const nodes = [
		{ ...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { httpMethod: 'POST', path: scenario.webhookPath, responseMode: 'onReceived', options: {} }), webhookId: randomUUID() },
		node('Items', 'n8n-nodes-base.splitOut', 1, 200, { fieldToSplitOut: 'body.items', options: {} }),
		node('Finout', FINOUT_NODE_TYPE, 1, 400, FINOUT_PARAMETERS[scenario.kind], {
			credentials: { finoutApi: { id: scenario.credentialId, name: `Finout scale ${scenario.key}` } },
		}),
	];
	return {
		id: scenario.workflowId,
		name: `Finout scale: ${scenario.label}`,
		nodes,
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Finout', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
