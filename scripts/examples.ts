/**
 * The importable example workflows in examples/*.json and the credential they reference.
 *
 * Every example refers to the credential by the fixed id/name below, so importing one
 * credential with that id makes all of them runnable. Where they should point (sandbox or real
 * Finout) is decided only by that credential's baseUrl.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(__dirname, '..');
export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

export interface CredentialRef {
	id: string;
	name: string;
}

export const CREDENTIAL_REF: Readonly<CredentialRef> = Object.freeze({ id: 'FinoutSandboxCred1', name: 'Finout sandbox' });
export const CREDENTIAL_TYPE = 'finoutApi';
export const FINOUT_NODE_TYPE = 'n8n-nodes-finout.finout';
export const DEFAULT_FINOUT_BASE_URL = 'https://app.finout.io';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Example {
	/** File name, e.g. "view-get-many.json". */
	file: string;
	workflow: WorkflowJson;
}

export interface FinoutCredentialData {
	clientId: string;
	secretKey: string;
	baseUrl: string;
	maxConcurrentRequests: number;
}

/** The n8n import format for credentials: plain `data` is encrypted on import. */
export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: FinoutCredentialData;
}

export function loadExamples(dir: string = EXAMPLES_DIR): Example[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowJson;
			if (!/^[A-Za-z0-9]{16}$/.test(workflow.id ?? '')) {
				throw new Error(`examples/${file}: "id" must be 16 letters/digits (n8n's workflow id format)`);
			}
			return { file, workflow };
		});
}

/**
 * Points a workflow at another Finout host: any literal default base URL (e.g. in an HTTP
 * Request node) is replaced. The Finout node itself takes the host from the credential.
 */
export function withBaseUrl(workflow: WorkflowJson, baseUrl: string): WorkflowJson {
	if (baseUrl === DEFAULT_FINOUT_BASE_URL) return workflow;
	return JSON.parse(JSON.stringify(workflow).split(DEFAULT_FINOUT_BASE_URL).join(baseUrl)) as WorkflowJson;
}

/** Points every Finout credential reference of the workflow at `ref` (by id, shown by name). */
export function withCredentialRef(workflow: WorkflowJson, ref: CredentialRef): WorkflowJson {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.credentials?.[CREDENTIAL_TYPE]
				? { ...node, credentials: { ...node.credentials, [CREDENTIAL_TYPE]: { id: ref.id, name: ref.name } } }
				: node,
		),
	};
}

export function finoutCredential(data: FinoutCredentialData, ref: CredentialRef = CREDENTIAL_REF): CredentialJson {
	return { id: ref.id, name: ref.name, type: CREDENTIAL_TYPE, data };
}

export function finoutNodes(workflow: WorkflowJson): WorkflowNode[] {
	return workflow.nodes.filter((node) => node.type === FINOUT_NODE_TYPE);
}
