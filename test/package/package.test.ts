import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { FinoutApi } from '../../credentials/FinoutApi.credentials';
import { Finout } from '../../nodes/Finout/Finout.node';
import { RESOURCES } from '../../nodes/Finout/actions/resources';
import { FinoutTrigger } from '../../nodes/FinoutTrigger/FinoutTrigger.node';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	keywords: string[];
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	files: string[];
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

/** dist/x/Y.node.js → x/Y.node.ts: what tsc compiles into each registered file. */
const sourceOf = (distPath: string) => join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

describe('package.json', () => {
	test('is an n8n community package without runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-finout');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	test('every registered node and credential is compiled from a source file here', () => {
		for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(path).toMatch(/^dist\/.+\.js$/);
			expect(existsSync(sourceOf(path))).toBe(true);
		}
	});
});

const nodes: Array<[string, INodeTypeDescription, string]> = [
	['Finout', new Finout().description, 'nodes/Finout/Finout.node.ts'],
	['Finout Trigger', new FinoutTrigger().description, 'nodes/FinoutTrigger/FinoutTrigger.node.ts'],
];

describe.each(nodes)('%s node', (_, description, source) => {
	test('its codex names the node and the categories', () => {
		const codex = JSON.parse(readFileSync(join(ROOT, source.replace(/\.ts$/, '.json')), 'utf8'));
		expect(codex.node).toBe(`${pkg.name}.${description.name}`);
		expect(codex.categories).toEqual(expect.arrayContaining(['Finance & Accounting', 'Analytics']));
	});

	test('its light and dark icons exist and differ', () => {
		const icon = description.icon as { light: string; dark: string };
		const light = resolve(dirname(join(ROOT, source)), icon.light.replace(/^file:/, ''));
		const dark = resolve(dirname(join(ROOT, source)), icon.dark.replace(/^file:/, ''));
		expect(existsSync(light) && existsSync(dark)).toBe(true);
		expect(readFileSync(light, 'utf8')).not.toBe(readFileSync(dark, 'utf8'));
	});

	test('it uses the finoutApi credential', () => {
		expect(description.credentials).toEqual([{ name: 'finoutApi', required: true }]);
	});
});

describe('Finout node description', () => {
	const { properties, usableAsTool } = new Finout().description;
	const resources = (properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[]).map(
		(option) => String(option.value),
	);
	const operationsOf = (resource: string) =>
		properties.filter(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
		) as INodeProperties[];

	test('is usable as an AI-agent tool', () => {
		expect(usableAsTool).toBe(true);
	});

	test.each(resources)('resource %s has exactly one operation list, each option with an action', (resource) => {
		const [operationProperty, ...others] = operationsOf(resource);
		expect(others).toHaveLength(0);
		const options = operationProperty.options as INodePropertyOptions[];
		expect(options.length).toBeGreaterThan(0);
		for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]/);
	});

	test('covers every resource of the Finout API', () => {
		expect(resources.sort()).toEqual(
			['cost', 'costAndUsage', 'costGuard', 'notificationEndpoint', 'queryLanguage', 'view', 'virtualTag', 'virtualTagMetadata', 'virtualTagVersion'].sort(),
		);
	});

	test('each operation dropdown is sorted by name, as n8n lint wants for options', () => {
		for (const resource of resources) {
			const names = (operationsOf(resource)[0].options as INodePropertyOptions[]).map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	test('the dispatch map, the operation dropdowns and the README operations table agree', () => {
		const resourceOptions = properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[];
		const fromDropdowns: string[] = [];
		const fromRegistry: string[] = [];
		for (const { name: resourceName, value } of resourceOptions) {
			const resource = String(value);
			const operationProperty = operationsOf(resource)[0];
			for (const option of operationProperty.options as INodePropertyOptions[]) {
				fromDropdowns.push(`${resourceName} → ${option.name}`);
			}
			const definition = RESOURCES[resource];
			expect(definition.operationProperty).toBe(operationProperty);
			for (const [key, operation] of Object.entries(definition.operations)) {
				expect(operation.value).toBe(key);
				fromRegistry.push(`${resourceName} → ${operation.name}`);
				// The router checks these properties: each is shown for this operation only.
				for (const property of operation.properties) {
					expect(property.displayOptions?.show).toMatchObject({ resource: [resource], operation: [key] });
				}
			}
		}
		expect(Object.keys(RESOURCES).sort()).toEqual(resources.slice().sort());
		expect(fromRegistry).toEqual(fromDropdowns);
		expect(readmeOperations().sort()).toEqual(fromDropdowns.slice().sort());
	});
});

/** "Resource → Operation" for every operation named in the README's operations table. */
function readmeOperations(): string[] {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const lines = readme.slice(readme.indexOf('\n## Operations\n')).split('\n');
	const start = lines.findIndex((line) => line.startsWith('| '));
	const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
	const rows = lines
		.slice(start + 2, end) // after the header and the |---| row
		.map((line) => line.split('|').map((cell) => cell.trim()));
	const operations: string[] = [];
	for (const [, resource, names] of rows) {
		for (const name of names.split(' · ')) operations.push(`${resource} → ${name.replace(/\s*\(.*\)$/, '')}`);
	}
	return operations;
}

describe('finoutApi credential', () => {
	const credential = new FinoutApi();

	test('adds both Finout headers to a request with a function, keeping its other headers', async () => {
		// A function, not a generic block of expressions: n8n evaluates those per request while a permit is held.
		expect(typeof credential.authenticate).toBe('function');
		const authenticate = credential.authenticate as (credentials: object, options: object) => Promise<object>;
		const options = { url: 'https://app.finout.io/v1/view', headers: { accept: 'application/json' } };
		await expect(authenticate({ clientId: 'client', secretKey: 'secret' }, options)).resolves.toEqual({
			url: 'https://app.finout.io/v1/view',
			headers: { accept: 'application/json', 'x-finout-client-id': 'client', 'x-finout-secret-key': 'secret' },
		});
	});

	test('keeps the secret in a password field and offers the documented fields', () => {
		const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));
		expect(byName.secretKey.typeOptions).toEqual({ password: true });
		expect(byName.clientId.typeOptions?.password).toBeUndefined();
		expect(byName.baseUrl.default).toBe('https://app.finout.io');
		expect(byName.maxConcurrentRequests).toMatchObject({ default: 5, typeOptions: { minValue: 1, maxValue: 5 } });
	});

	test('is tested with a cheap authenticated read', () => {
		expect(credential.test.request).toMatchObject({ url: '/v1/view', method: 'GET' });
		expect(credential.documentationUrl).toMatch(/^https:\/\/docs\.finout\.io\//);
	});
});
