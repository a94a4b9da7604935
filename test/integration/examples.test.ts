import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { FINOUT_NODE_TYPE } from '../harness/engine';
import { expectSuccess, runNode, useFakeFinout } from './support';

const sim = useFakeFinout({ queryQueuedMs: 50, queryRunningMs: 50 });
const EXAMPLES_DIR = join(__dirname, '../../examples');

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
}

const examples = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as { id: string; nodes: ExampleNode[] } }));

const RESOURCES = ['cost', 'costAndUsage', 'view', 'queryLanguage', 'virtualTag', 'virtualTagVersion', 'virtualTagMetadata', 'costGuard', 'notificationEndpoint'];

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
			expect(node.credentials).toEqual({ finoutApi: { id: 'FinoutSandboxCred1', name: 'Finout sandbox' } });
		}
	}
});

const finoutNodes = examples.flatMap(({ file, workflow }) =>
	workflow.nodes.filter((node) => node.type === FINOUT_NODE_TYPE).map((node) => [`${file} › ${node.name}`, node] as const),
);

test.each(finoutNodes)('%s runs as saved against the simulator', async (_, node) => {
	const result = await runNode(sim.server, node.parameters);
	expectSuccess(result);
	expect(result.items.length).toBeGreaterThan(0);
	expect(result.items.every((item) => !('error' in item.json))).toBe(true);
});
