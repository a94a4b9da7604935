/**
 * The real-n8n workflow of the HTTP Request comparison: Manual Trigger → Code (the items) → one
 * branch per variant (this package, HTTP Request with defaults, HTTP Request with Batching),
 * each variant with its own credential, i.e. its own Finout client ID.
 */
import { randomBytes } from 'node:crypto';

import type { WorkflowJson, WorkflowNode } from '../../scripts/examples';
import { FINOUT_NODE_TYPE } from '../../scripts/examples';
import { VIEW_IDS } from '../../test/fake-finout/seed';
import { COST_BY_VIEW, N_REQUESTS } from './workload';

/** Candidate batch intervals for (b), 5 items per batch. The drawn latency is at most 70 ms. */
export const BATCH_INTERVALS_MS = [70, 75, 80, 90, 100];
export const BATCH_SIZE = 5;
/** The version a new HTTP Request node gets in n8n 2.41 (defaultVersion). */
export const HTTP_NODE_VERSION = 4.5;
const WORKFLOW_ID = 'BenchHttpVsFinou';
export const WARM_UP_ITEMS = 25;
const WARM_UP_NODE = 'Warm-up (not measured)';

export interface Variant {
	key: string;
	nodeName: string;
	clientId: string;
	secretKey: string;
	credentialId: string;
	kind: 'finout' | 'http-default' | 'http-batched';
	intervalMs?: number;
}

export function variants(): { warmUp: Variant; list: Variant[] } {
	const make = (key: string, nodeName: string, kind: Variant['kind'], intervalMs?: number, index = 0): Variant => ({
		key,
		nodeName,
		kind,
		intervalMs,
		clientId: `bench-${key}`,
		// A throw-away secret per run, known only to this process and the simulator; never printed.
		secretKey: randomBytes(18).toString('base64url'),
		credentialId: `BenchCred${String(index).padStart(7, '0')}`,
	});
	const warmUp = make('warm-up', WARM_UP_NODE, 'finout', undefined, 0);
	const list = [
		make('finout-node', 'Finout (this package)', 'finout', undefined, 1),
		make('http-default', 'HTTP Request (a) defaults', 'http-default', undefined, 2),
		...BATCH_INTERVALS_MS.map((interval, index) =>
			make(`http-batch-${interval}`, `HTTP Request (b) 5 per ${interval} ms`, 'http-batched', interval, 3 + index),
		),
		// Once more at the end: the machine's load can drift during the minute the variants take.
		make('finout-node-again', 'Finout (this package), again', 'finout', undefined, 3 + BATCH_INTERVALS_MS.length),
	];
	return { warmUp, list };
}

function itemsCode(count: number): string {
	return [
		`const views = ${JSON.stringify(Object.values(VIEW_IDS))};`,
		'const DAY = 86400000;',
		'const today = Math.floor(Date.now() / DAY) * DAY;',
		'// The same 7 full UTC days the Finout node sends for "Last 7 Days".',
		`return Array.from({ length: ${count} }, (_, index) => ({ json: { index, viewId: views[index % views.length], start: today - 7 * DAY, end: today - 1 } }));`,
	].join('\n');
}

export function workflow(list: Variant[], simUrl: string, warmUp?: Variant, id = WORKFLOW_ID): WorkflowJson {
	const nodes: WorkflowNode[] = [
		{ id: 'b0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'b0000000-0000-4000-8000-000000000002',
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: itemsCode(N_REQUESTS) },
		},
	];
	if (warmUp) {
		// A short Finout run before the measured variants: loads and JIT-compiles n8n's HTTP stack
		// and the package once, as in a long-running n8n, so the first variant does not pay for it.
		nodes.push(
			{ id: 'b0000000-0000-4000-8000-000000000003', name: 'Warm-up items', type: 'n8n-nodes-base.limit', typeVersion: 1, position: [440, -400], parameters: { maxItems: WARM_UP_ITEMS } },
			{
				id: 'b0000000-0000-4000-8000-000000000004',
				name: WARM_UP_NODE,
				type: FINOUT_NODE_TYPE,
				typeVersion: 1,
				position: [660, -400],
				parameters: COST_BY_VIEW as Record<string, unknown>,
				credentials: { finoutApi: { id: warmUp.credentialId, name: warmUp.nodeName } },
			},
		);
	}
	list.forEach((variant, index) => {
		const base = {
			id: `b0000000-0000-4000-8000-0000000001${String(index).padStart(2, '0')}`,
			name: variant.nodeName,
			// v1 execution order runs the branches one at a time, top to bottom.
			position: [440, index * 200] as [number, number],
			credentials: { finoutApi: { id: variant.credentialId, name: variant.nodeName } },
			// Failed items become output items instead of stopping the workflow, so they can be counted.
			onError: 'continueRegularOutput',
		};
		if (variant.kind === 'finout') {
			nodes.push({ ...base, type: FINOUT_NODE_TYPE, typeVersion: 1, parameters: COST_BY_VIEW as Record<string, unknown> });
			return;
		}
		const options = variant.kind === 'http-batched' ? { batching: { batch: { batchSize: BATCH_SIZE, batchInterval: variant.intervalMs } } } : {};
		nodes.push({
			...base,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_NODE_VERSION,
			parameters: {
				method: 'POST',
				url: `${simUrl}/v1/cost/query-by-view`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'finoutApi',
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					'={{ JSON.stringify({ viewId: $json.viewId, date: { unixTimeMillSecondsStart: $json.start, unixTimeMillSecondsEnd: $json.end } }) }}',
				options,
			},
		});
	});
	return {
		id,
		name: id === WORKFLOW_ID ? 'Benchmark: Finout node vs HTTP Request node' : 'Benchmark: Finout node under the CPU profiler',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: {
				main: [[...(warmUp ? ['Warm-up items'] : []), ...list.map((variant) => variant.nodeName)].map((node) => ({ node, type: 'main', index: 0 }))],
			},
			...(warmUp ? { 'Warm-up items': { main: [[{ node: WARM_UP_NODE, type: 'main', index: 0 }]] } } : {}),
		},
		pinData: {},
	};
}
