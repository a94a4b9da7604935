/**
 * Test-only workflows that make the Finout node send many requests at once: a Code node emits
 * 30 items and the Finout node (View → Get Many) runs once per item. The node runs items
 * concurrently, so only its per-key queue stands between these 30 requests and Finout's limit
 * of 5 in flight.
 */
import type { CredentialRef, WorkflowJson } from '../../../scripts/examples';
import { FINOUT_NODE_TYPE } from '../../../scripts/examples';

export const BURST_ITEMS = 30;
export const BURST_NODE = 'List Views per Item';

export function burstWorkflow(id: string, credential: CredentialRef): WorkflowJson {
	const trigger = "When clicking 'Execute workflow'";
	const code = `Make ${BURST_ITEMS} Items`;
	return {
		id,
		name: `e2e burst ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{ id: uuid(id, 1), name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: uuid(id, 2),
				name: code,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return Array.from({ length: ${BURST_ITEMS} }, (_, i) => ({ json: { i } }));` },
			},
			{
				id: uuid(id, 3),
				name: BURST_NODE,
				type: FINOUT_NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'view', operation: 'getAll', returnAll: true },
				credentials: { finoutApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			[trigger]: { main: [[{ node: code, type: 'main', index: 0 }]] },
			[code]: { main: [[{ node: BURST_NODE, type: 'main', index: 0 }]] },
		},
	};
}

/** A stable v4-shaped node id per workflow and position. */
function uuid(workflowId: string, n: number): string {
	const hex = Buffer.from(workflowId).toString('hex').padEnd(24, '0').slice(0, 12);
	return `b0b0b0b0-0000-4000-8000-${hex.slice(0, 10)}${String(n).padStart(2, '0')}`;
}
