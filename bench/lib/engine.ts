/**
 * Runs the Finout node through n8n-core's real WorkflowExecute and reads the node's own timing
 * from the run data, as n8n records it.
 *
 * Same workflow as test/harness/engine.ts (Items → Finout, the real node and credential classes,
 * InMemoryCredentialsHelper applying the credential's generic auth block with n8n's expression
 * engine). It is rebuilt here because test/harness/engine.ts imports test/setup/capture-logs.ts,
 * which calls jest APIs when loaded and so cannot run outside jest; its summarize() also
 * serialises every run for the secret scan, work that does not belong in a timing.
 */
import { performance } from 'node:perf_hooks';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { FinoutApi } from '../../credentials/FinoutApi.credentials';
import { Finout } from '../../nodes/Finout/Finout.node';
import { FairGate } from '../../nodes/Finout/transport/gate';
import { InMemoryCredentialsHelper } from '../../test/harness/credentials-helper';

const FINOUT_NODE_TYPE = 'n8n-nodes-finout.finout';
const ITEM_SOURCE_TYPE = 'bench.itemSource';
const NODE_UNDER_TEST = 'Finout';
const CREDENTIAL_ID = 'benchFinoutCredential';

export interface FinoutCredentialData extends ICredentialDataDecryptedObject {
	clientId: string;
	secretKey: string;
	baseUrl: string;
	maxConcurrentRequests: number;
}

/** Emits the items given in its `items` parameter: the workflow's input to the Finout node. */
class ItemSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Item Source',
		name: ITEM_SOURCE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Benchmark input',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/** One Finout node instance for the process, as n8n loads node classes once. */
const NODE_TYPES: INodeTypes = (() => {
	const types: Record<string, INodeType> = { [FINOUT_NODE_TYPE]: new Finout(), [ITEM_SOURCE_TYPE]: new ItemSource() };
	return {
		getByName: (name: string) => types[name],
		getByNameAndVersion: (name: string, version?: number) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};
})();

export interface RunOptions {
	continueOnFail?: boolean;
}

function additionalData(creds: FinoutCredentialData, hooks: ExecutionLifecycleHooks, executionId: string): IWorkflowExecuteAdditionalData {
	const url = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new InMemoryCredentialsHelper({ finoutApi: new FinoutApi() }, { [CREDENTIAL_ID]: creds }),
		hooks,
		executionId,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${url}/rest`,
		instanceBaseUrl: url,
		formBaseUrl: `${url}/form`,
		formWaitingBaseUrl: `${url}/form-waiting`,
		formTestBaseUrl: `${url}/form-test`,
		webhookBaseUrl: `${url}/webhook`,
		webhookWaitingBaseUrl: `${url}/webhook-waiting`,
		webhookTestBaseUrl: `${url}/webhook-test`,
		mcpBaseUrl: `${url}/mcp`,
		mcpTestBaseUrl: `${url}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

let executionCounter = 0;

/** Items → Finout through WorkflowExecute; resolves with n8n's IRun. */
export function executeFinout(parameters: INodeParameters, creds: FinoutCredentialData, items: IDataObject[], options: RunOptions = {}): Promise<IRun> {
	const nodes: INode[] = [
		{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Items', type: ITEM_SOURCE_TYPE, typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
		{
			id: 'c0000000-0000-4000-8000-000000000002',
			name: NODE_UNDER_TEST,
			type: FINOUT_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { finoutApi: { id: CREDENTIAL_ID, name: 'Finout account' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const workflow = new Workflow({
		id: 'finoutBenchWorkflow',
		name: 'Finout benchmark',
		nodes,
		connections: { Items: { main: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes: NODE_TYPES,
		settings: { executionOrder: 'v1' },
	});
	const executionId = `bench-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes,
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	return new WorkflowExecute(additionalData(creds, hooks, executionId), 'manual').run({ workflow, startNode: workflow.getNode('Items')! });
}

export interface NodeRunTiming {
	status: string;
	error?: string;
	/** runData.Finout[0].executionTime: what n8n shows as the node's execution time. */
	nodeMs: number;
	/** Epoch ms when the node started (runData.Finout[0].startTime). */
	nodeStart: number;
	/** From calling WorkflowExecute.run to its promise settling (includes the Items node). */
	wallMs: number;
	outputItems: number;
	errorItems: number;
	/** The node's output items (first output). */
	items: INodeExecutionData[];
}

export function credentials(baseUrl: string, pair: { clientId: string; secretKey: string }): FinoutCredentialData {
	return { clientId: pair.clientId, secretKey: pair.secretKey, baseUrl, maxConcurrentRequests: 5 };
}

export async function runFinout(
	parameters: INodeParameters,
	creds: FinoutCredentialData,
	items: IDataObject[],
	options: RunOptions = {},
): Promise<NodeRunTiming> {
	const started = performance.now();
	const run = await executeFinout(parameters, creds, items, options);
	const wallMs = performance.now() - started;
	const task = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const output = task?.data?.main?.[0] ?? [];
	const error = run.data.resultData.error ?? task?.error;
	return {
		status: run.status,
		error: error ? `${error.message} ${(error as { description?: string }).description ?? ''}`.trim() : undefined,
		nodeMs: task?.executionTime ?? NaN,
		nodeStart: task?.startTime ?? NaN,
		wallMs,
		outputItems: output.length,
		errorItems: output.filter((item) => item.json.error !== undefined).length,
		items: output,
	};
}

export function assertSuccess(label: string, timing: NodeRunTiming): void {
	if (timing.status !== 'success') throw new Error(`${label}: workflow ${timing.status}: ${timing.error ?? ''}`);
}

export interface PermitRecord {
	/** performance.now() when acquire() was called, when the permit was granted, and released. */
	askedAt: number;
	grantedAt: number;
	releasedAt: number;
}

/**
 * Measurement probe, used only in the diagnostic runs: wraps FairGate.prototype.acquire in this
 * process to time each permit (queue wait, and how long the request holds it). The node's code
 * is unchanged; the wrapper adds two performance.now() calls per request.
 */
export function probeGates(): { records: PermitRecord[]; restore: () => void } {
	const records: PermitRecord[] = [];
	const original = FairGate.prototype.acquire;
	FairGate.prototype.acquire = function (this: FairGate, signal?: AbortSignal) {
		const askedAt = performance.now();
		return original.call(this, signal).then((release) => {
			const record: PermitRecord = { askedAt, grantedAt: performance.now(), releasedAt: NaN };
			records.push(record);
			return () => {
				if (Number.isNaN(record.releasedAt)) record.releasedAt = performance.now();
				release();
			};
		});
	};
	return { records, restore: () => (FairGate.prototype.acquire = original) };
}
