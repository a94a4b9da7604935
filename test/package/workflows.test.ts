/**
 * The GitHub Actions workflows, parsed with a YAML parser: CI runs lint, build and the unit and
 * engine tests on Node 20 and 22; publishing happens only from a version tag, with an npm
 * provenance statement (n8n's rule for community nodes from 1 May 2026).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const WORKFLOWS = resolve(__dirname, '../../.github/workflows');
const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Job {
	'runs-on': string;
	strategy?: { matrix?: { node?: number[] } };
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const load = (file: string) => parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run).filter(Boolean);

describe('ci.yml', () => {
	const workflow = load('ci.yml');

	test('runs on pushes and pull requests with read-only permissions', () => {
		expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
		expect(workflow.permissions).toEqual({ contents: 'read' });
	});

	test('tests on Node 20 and 22: npm ci, then npm test (build, lint, unit and engine tests)', () => {
		const job = workflow.jobs.test;
		expect(job.strategy?.matrix?.node).toEqual([20, 22]);
		expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
		expect(runs(job)).toEqual(['npm ci', 'npm test']);
		for (const part of ['npm run build', 'npm run lint', 'npm run test:jest']) expect(pkg.scripts.test).toContain(part);
	});

	test('the real-n8n suite runs after it', () => {
		expect(runs(workflow.jobs.e2e)).toEqual(['npm ci', 'npm run test:e2e']);
	});
});

describe('publish.yml', () => {
	const workflow = load('publish.yml');

	test('runs only for version tags', () => {
		expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('publishes with provenance through trusted publishing (id-token: write), after the tests', () => {
		expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const steps = runs(workflow.jobs.publish);
		const publish = steps.findIndex((step) => /^npm publish\b/.test(step!));
		expect(steps[publish]).toMatch(/--provenance/);
		expect(steps.indexOf('npm test')).toBeGreaterThan(-1);
		expect(steps.indexOf('npm test')).toBeLessThan(publish);
		const setupNode = workflow.jobs.publish.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});
});
