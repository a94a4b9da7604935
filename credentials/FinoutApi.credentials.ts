import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { ACCEPTED_BASE_URL, DEFAULT_BASE_URL } from '../nodes/Finout/transport/credentials';

/**
 * Where the credential test sends its request. A Base URL that the nodes would refuse becomes a
 * URL of an unknown scheme, which the HTTP client rejects before opening any connection, so the
 * test sends nothing and its error names the problem.
 */
/**
 * A 200 that is not Finout's views list (`{"data": [...]}`): a login page or another service
 * behind the Base URL. n8n fails the test when `get(body, key) === value`; an HTML page, a body
 * without `data` or a `data` that is no list all have no `data.length`.
 */
const NOT_A_VIEWS_LIST: IAuthenticateRuleResponseSuccessBody = {
	type: 'responseSuccessBody',
	properties: {
		key: 'data.length',
		value: undefined,
		message:
			"The Base URL answered, but not with Finout's list of views: it does not point at the Finout API. Check the Base URL: https://app.finout.io unless Finout gave you another host, not a login page, proxy or other service.",
	},
};

const TEST_BASE_URL = `={{ (url => ${String(ACCEPTED_BASE_URL)}.test(url) ? url.replace(/\\/+$/, "") : "refused-base-url-needs-https:")(String($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}") }}`;

export class FinoutApi implements ICredentialType {
	name = 'finoutApi';

	displayName = 'Finout API';

	icon: Icon = { light: 'file:../icons/finout.svg', dark: 'file:../icons/finout.dark.svg' };

	documentationUrl = 'https://docs.finout.io/api/finout-api/generate-an-api-token';

	properties: INodeProperties[] = [
		{
			displayName:
				'In Finout, open Admin Portal → API Tokens → Generate Token, pick a role and an expiry, then copy the Client ID and Secret Key. Finout shows the Secret Key only once.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 0b6c3e0e-1a2b-4c5d-8e9f-0123456789ab',
			description:
				'The Client ID shown when the API token was generated in Admin Portal → API Tokens',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Secret Key shown once when the API token was generated. If it was lost, generate a new token.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.finout.io',
			description:
				'Finout API host. Keep the default unless Finout gave you another host, or to point the node at a Finout sandbox.',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 5 },
			default: 5,
			description:
				'Finout allows five requests in flight per API key. The node queues requests so this n8n process never has more than this number in flight. Keep 5, also in queue mode with several workers, while Adapt to Other Users of This Key is on; lower it only to leave part of the key to another tool for good.',
		},
		{
			displayName: 'Adapt to Other Users of This Key',
			name: 'adaptToOtherUsers',
			type: 'boolean',
			default: true,
			description:
				"Whether this n8n process lowers its own limit when Finout answers 429 (too many requests) and raises it again as requests succeed, so that several n8n workers (queue mode) or other tools on the same key stay within Finout's five together. A process alone on the key is never refused, so it keeps all of Max Concurrent Requests. Turn off only if nothing else ever uses this key.",
		},
	];

	/**
	 * A function rather than the generic block of `={{$credentials.…}}` expressions: n8n would
	 * evaluate those in its sandboxed expression engine on every request, while the request holds
	 * one of the key's five permits.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			'x-finout-client-id': String(credentials.clientId ?? ''),
			'x-finout-secret-key': String(credentials.secretKey ?? ''),
		},
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/v1/view',
			method: 'GET',
			// A redirect would carry the Finout headers to wherever it points.
			disableFollowRedirect: true,
			// Listing views answers in well under a second; a host that hangs should not keep the
			// editor's "Test" spinner going for n8n's 300 s default.
			timeout: 30_000,
		},
		// n8n's credential tester reads both kinds of rule from one list (responseCode for a failed
		// request, responseSuccessBody for an answered one); the declared type allows one kind.
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `The Base URL answered with a redirect (HTTP ${value}), which is not followed so the API key never goes to another address. Check the Base URL: it must be the Finout API itself, https://app.finout.io unless Finout gave you another host.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Finout rejected the Client ID or Secret Key. Re-copy both from Admin Portal → API Tokens (generate a new token if the secret was lost or the token expired).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The API token's role cannot read views. Give the token a role with read access in Admin Portal → API Tokens.",
				},
			},
			NOT_A_VIEWS_LIST,
		] as IAuthenticateRuleResponseCode[],
	};
}
