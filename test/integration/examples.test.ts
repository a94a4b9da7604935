/**
 * Every examples/*.json workflow, run whole through n8n-core's engine against the simulator
 * reseeded under other ids: an example that hard-coded a sandbox id would get a 404 here, so
 * passing means it finds what it needs first and works on any account with at least one view,
 * scan and virtual tag. (test/e2e runs the same files in real n8n.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IConnections, IExecuteFunctions, INode, INodeExecutionData, INodeType, INodeTypeDescription, IRun } from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { SCAN_IDS, VIEW_IDS, VT_IDS } from '../fake-finout/seed';
import { additionalDataFor, FINOUT_NODE_TYPE, TestNodeTypes } from '../harness/engine';
import { FINOUT_TRIGGER_TYPE, PollHarness } from '../harness/poll';
import { credentialsFor, useFakeFinout } from './support';

const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50, idSalt: 'another-account' });
const EXAMPLES_DIR = join(__dirname, '../../examples');
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
const CREDENTIAL_ID = 'FinoutSandboxCred1';

interface ExampleWorkflow {
	id: string;
	nodes: INode[];
	connections: IConnections;
}

const examples = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow }));

const RESOURCES = ['cost', 'costAndUsage', 'view', 'queryLanguage', 'virtualTag', 'virtualTagVersion', 'virtualTagMetadata', 'costGuard', 'notificationEndpoint'];
const SEEDED_IDS = [...Object.values(VIEW_IDS), ...Object.values(SCAN_IDS), ...Object.values(VT_IDS)];

/** n8n-nodes-base is not installed here; its Manual Trigger only passes one empty item on. */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Test stand-in',
		defaults: { name: 'Manual' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

async function runExample(workflowJson: ExampleWorkflow): Promise<IRun> {
	const nodeTypes = new TestNodeTypes({ [MANUAL_TRIGGER_TYPE]: new ManualTrigger() });
	const workflow = new Workflow({
		id: workflowJson.id,
		name: workflowJson.id,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', `example-${workflowJson.id}`, {
		id: workflow.id,
		name: workflow.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	const additionalData = additionalDataFor({ [CREDENTIAL_ID]: credentialsFor(sim.server) }, hooks);
	const start = workflowJson.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE)!;
	return await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode(start.name)! });
}

const isManual = (workflow: ExampleWorkflow) => workflow.nodes.some((node) => node.type === MANUAL_TRIGGER_TYPE);

test('every resource has an example workflow, each with a 16-character id and the shared sandbox credential', () => {
	const covered = new Set(
		examples.flatMap(({ workflow }) =>
			workflow.nodes.filter((node) => node.type === FINOUT_NODE_TYPE).map((node) => node.parameters.resource),
		),
	);
	expect([...covered].sort()).toEqual([...RESOURCES].sort());
	for (const { workflow } of examples) {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		for (const node of workflow.nodes.filter((entry) => entry.type.startsWith('n8n-nodes-finout.'))) {
			expect(node.credentials).toEqual({ finoutApi: { id: CREDENTIAL_ID, name: 'Finout sandbox' } });
		}
	}
});

test('no example hard-codes an id of the default sandbox', () => {
	const offenders = examples.filter(({ workflow }) => SEEDED_IDS.some((id) => JSON.stringify(workflow).includes(id)));
	expect(offenders.map(({ file }) => file)).toEqual([]);
});

test('the reseeded simulator really serves other ids', () => {
	expect([...sim.server.state.views.keys()].some((id) => SEEDED_IDS.includes(id))).toBe(false);
	expect([...sim.server.state.views.values()].map((view) => view.name)).toContain('AWS by Service');
});

test.each(examples.filter(({ workflow }) => isManual(workflow)).map(({ file, workflow }) => [file, workflow] as const))(
	'%s runs as saved, whole, against an account with other ids',
	async (file, workflow) => {
		const run = await runExample(workflow);
		const error = run.data.resultData.error;
		if (run.status !== 'success') throw new Error(`${file}: ${run.status}: ${error?.message} — ${error?.description ?? ''}`);
		const finoutNodes = workflow.nodes.filter((node) => node.type === FINOUT_NODE_TYPE);
		for (const node of finoutNodes) {
			const items = run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [];
			process.stdout.write(`[examples] ${file} › ${node.name}: ${items.length} items\n`);
			expect(items.length).toBeGreaterThan(0);
			expect(items.every((item) => !('error' in item.json))).toBe(true);
		}
		expect(sim.server.requests.filter((request) => request.status === 404)).toEqual([]);
	},
);

test.each(
	examples
		.flatMap(({ file, workflow }) => workflow.nodes.filter((node) => node.type === FINOUT_TRIGGER_TYPE).map((node) => [file, node] as const)),
)('%s: its Finout Trigger polls as saved against an account with other ids', async (file, node) => {
	const harness = new PollHarness({ parameters: node.parameters, credentials: credentialsFor(sim.server) });
	const outcome = await harness.poll();
	if (outcome.error) throw new Error(`${file}: ${outcome.error.message}`);
	// The first poll only learns the baseline; a second one must also succeed and store its cursor.
	const second = await harness.poll();
	expect(second.error).toBeUndefined();
	expect(Object.keys(harness.nodeStaticData).length).toBeGreaterThan(0);
	expect(sim.server.requests.length).toBeGreaterThan(0);
	expect(sim.server.requests.filter((request) => request.status !== 200)).toEqual([]);
});
