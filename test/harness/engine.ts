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
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { FinoutApi } from '../../credentials/FinoutApi.credentials';
import { Finout } from '../../nodes/Finout/Finout.node';
import { InMemoryCredentialsHelper } from './credentials-helper';
import { notifyRunObservers } from './run-observers';

export const FINOUT_NODE_TYPE = 'n8n-nodes-finout.finout';
const ITEM_SOURCE_TYPE = 'test.itemSource';

/** Emits the items given in its `items` parameter: the workflow's input to the Finout node. */
class ItemSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Item Source',
		name: ITEM_SOURCE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string;
		const items = JSON.parse(raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(extra: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.types = { [FINOUT_NODE_TYPE]: new Finout(), [ITEM_SOURCE_TYPE]: new ItemSource(), ...extra };
	}

	getByName(name: string) {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[name], version);
	}

	getKnownTypes() {
		return {};
	}
}

export interface FinoutCredentialData extends ICredentialDataDecryptedObject {
	clientId: string;
	secretKey: string;
	baseUrl: string;
	maxConcurrentRequests: number;
}

export interface RunFinoutOptions {
	parameters: INodeParameters;
	credentials: FinoutCredentialData;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Node type under test; the Finout node unless given. */
	nodeType?: string;
	extraNodeTypes?: Record<string, INodeType | IVersionedNodeType>;
}

export interface FinoutRunResult {
	run: IRun;
	status: IRun['status'];
	/** The node's output items (first output). */
	items: INodeExecutionData[];
	/** The error that stopped the workflow, if any. */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
}

const CREDENTIAL_ID = 'finoutCredential1';
const NODE_UNDER_TEST = 'Finout';

export function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const url = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new InMemoryCredentialsHelper({ finoutApi: new FinoutApi() }, credentials),
		hooks,
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

/**
 * Runs `Items → node under test` through n8n-core's real WorkflowExecute. The returned promise
 * is cancellable (PCancelable): `.cancel()` is what n8n does when a user stops an execution.
 */
export function startFinoutWorkflow(options: RunFinoutOptions) {
	const nodeTypes = new TestNodeTypes(options.extraNodeTypes);
	const nodes: INode[] = [
		{
			id: 'a0000000-0000-4000-8000-000000000001',
			name: 'Items',
			type: ITEM_SOURCE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'a0000000-0000-4000-8000-000000000002',
			name: NODE_UNDER_TEST,
			type: options.nodeType ?? FINOUT_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: { finoutApi: { id: CREDENTIAL_ID, name: 'Finout account' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const workflow = new Workflow({
		id: 'finoutTestWorkflow',
		name: 'Finout test',
		nodes,
		connections: {
			Items: { main: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const executionId = `test-${++executionCounter}`;
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
	const additionalData = additionalDataFor({ [CREDENTIAL_ID]: options.credentials }, hooks);
	additionalData.executionId = executionId;
	return new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: workflow.getNode('Items')!,
	});
}

export async function runFinoutWorkflow(options: RunFinoutOptions): Promise<FinoutRunResult> {
	const run = await startFinoutWorkflow(options);
	return summarize(run);
}

export function summarize(run: IRun): FinoutRunResult {
	notifyRunObservers(run);
	const taskData = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const error = (run.data.resultData.error ?? taskData?.error) as FinoutRunResult['error'];
	return { run, status: run.status, items, error };
}
