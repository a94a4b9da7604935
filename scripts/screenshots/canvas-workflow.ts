/** A workflow with only a Manual Trigger: the editor tour adds the Finout node to it. */
import type { WorkflowJson } from '../examples';

export const CANVAS_WORKFLOW_ID = 'FinoutTourCanvas';

export function canvasWorkflow(): WorkflowJson {
	return {
		id: CANVAS_WORKFLOW_ID,
		name: 'Finout: try the node',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		pinData: {},
		nodes: [
			{
				id: '0d6b7f7e-7a57-4c38-9c43-5d9a1c0f0001',
				name: "When clicking 'Execute workflow'",
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
	};
}
