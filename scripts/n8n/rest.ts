/**
 * The bits of n8n's internal REST API (/rest, what the editor uses) that the demo and the tests
 * need: owner setup, login, credential test, manual workflow runs. Auth is the `n8n-auth`
 * cookie returned by login, sent back by hand.
 */
import { request } from 'undici';

export interface OwnerLogin {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export class N8nRestError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly statusCode: number,
		readonly body: string,
	) {
		super(`${method} ${path} → HTTP ${statusCode}: ${body.slice(0, 500)}`);
	}
}

export class N8nRestClient {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	/** Whether the instance still shows the "set up owner account" screen. */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/rest/settings');
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	/** Creates the owner on a fresh instance (and logs in); returns false when one already exists. */
	async setupOwnerIfNeeded(owner: OwnerLogin): Promise<boolean> {
		if (!(await this.needsOwnerSetup())) return false;
		await this.call('POST', '/rest/owner/setup', owner);
		return true;
	}

	async login(email: string, password: string): Promise<void> {
		// n8n 1.x and 2.x name the field differently over time; unknown keys are ignored.
		await this.call('POST', '/rest/login', { email, emailOrLdapLoginId: email, password });
	}

	/** The auth cookie ("n8n-auth=…"), e.g. to hand it to a browser. */
	get authCookie(): string {
		return this.cookie;
	}

	/**
	 * What the editor's credential dialog does after saving: n8n 2.41 tests a stored credential
	 * (id required), with `data` overriding the stored fields (blank secrets keep the stored ones).
	 */
	async testCredential(credentials: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<CredentialTestResult> {
		return await this.call<CredentialTestResult>('POST', '/rest/credentials/test', { credentials });
	}

	/**
	 * Activates (2.x: publishes) the saved version of a workflow, as the editor's toggle does.
	 * Its triggers (MCP endpoint, polls) start serving a moment later.
	 */
	async activateWorkflow(workflowId: string): Promise<void> {
		const { versionId } = await this.call<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
		await this.call('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	}

	async call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
		const response = await request(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				// n8n binds the auth token to this header when present; a fixed value keeps it stable.
				'browser-id': 'n8n-nodes-finout-scripts',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers['set-cookie'];
		for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
			const match = /^(n8n-auth=[^;]*)/.exec(header);
			if (match) this.cookie = match[1];
		}
		const text = await response.body.text();
		if (response.statusCode >= 400) throw new N8nRestError(method, path, response.statusCode, text);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		// The internal API wraps payloads in { data }.
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}
}
