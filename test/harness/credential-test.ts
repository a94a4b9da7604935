import type { ICredentialTestRequest, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { FinoutApi } from '../../credentials/FinoutApi.credentials';
import type { FinoutCredentialData } from './engine';
import { runFinoutWorkflow } from './engine';

const CREDENTIAL_TEST_TYPE = 'test.finoutCredentialTest';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests a Finout credential the way n8n's editor does ("Test" in the credential dialog): the
 * credential's `test.request` becomes the request defaults of a throw-away declarative node that
 * n8n-core's RoutingNode runs with the credential's `authenticate` applied; a failure is then
 * matched against the credential's `rules`, in order, falling back to the status text.
 */
export async function testFinoutCredential(credentials: FinoutCredentialData): Promise<CredentialTestResult> {
	const credentialType = new FinoutApi();
	const test = credentialType.test as ICredentialTestRequest;
	const description: INodeTypeDescription = {
		displayName: 'Credential test',
		name: CREDENTIAL_TEST_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Runs a credential test request',
		defaults: { name: 'Credential test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'finoutApi', required: true }],
		requestDefaults: test.request,
		properties: [],
	};
	const testNode: INodeType = { description };
	const result = await runFinoutWorkflow({
		nodeType: CREDENTIAL_TEST_TYPE,
		extraNodeTypes: { [CREDENTIAL_TEST_TYPE]: testNode },
		parameters: {},
		credentials,
	});
	if (result.status === 'success') {
		// n8n's CredentialsTester then fails the test when `get(first item's json, key) === value`.
		const json = result.items[0]?.json;
		for (const rule of test.rules ?? []) {
			if (rule.type === 'responseSuccessBody' && valueAt(json, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	const error = result.error as (Error & { httpCode?: string | null; cause?: { code?: string } }) | undefined;
	const statusCode = Number(error?.httpCode);
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'Error', message: error?.message ?? 'Credential test failed' };
}

/** lodash `get` with a dotted path, as n8n's CredentialsTester reads the key of a body rule. */
function valueAt(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((node, field) => (node === null || node === undefined ? undefined : (node as Record<string, unknown>)[field]), value);
}
