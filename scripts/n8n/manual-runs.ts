/**
 * Runs saved workflows the way the editor's "Execute workflow" button does (POST
 * /rest/workflows/:id/run), inside the running `n8n start` process, and waits for the result.
 *
 * Payload differences: n8n 2.x reads the workflow from the database and only needs
 * `triggerToStartFrom`; n8n 1.x needs the full `workflowData` in the body. Sending both works
 * for both (2.x's validation drops unknown keys).
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { N8nRestClient } from './rest';

const POLL_MS = 500;
const RUN_TIMEOUT_MS = 180_000;

interface WorkflowData {
	id: string;
	nodes: Array<{ name: string; type: string }>;
	[key: string]: unknown;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
}

export async function startManualRun(client: N8nRestClient, workflowId: string): Promise<string> {
	const workflowData = await client.call<WorkflowData>('GET', `/rest/workflows/${workflowId}`);
	const trigger = workflowData.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`Workflow ${workflowId} has no Manual Trigger`);
	const result = await client.call<{ executionId?: string; waitingForWebhook?: boolean }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		{ workflowData, triggerToStartFrom: { name: trigger.name } },
	);
	if (!result.executionId) throw new Error(`Workflow ${workflowId} did not start: ${JSON.stringify(result)}`);
	return result.executionId;
}

export async function waitForExecution(client: N8nRestClient, executionId: string): Promise<ExecutionSummary> {
	const deadline = Date.now() + RUN_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const execution = await client.call<ExecutionSummary>('GET', `/rest/executions/${executionId}`).catch(() => undefined);
		if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
			return { id: executionId, status: execution.status, finished: execution.finished };
		}
		await sleep(POLL_MS);
	}
	throw new Error(`Execution ${executionId} did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
}
