import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SANDBOX_CREDENTIALS } from '../fake-finout/seed';
import { testFinoutCredential } from '../harness/credential-test';
import type { FinoutCredentialData } from '../harness/engine';
import { runFinoutWorkflow } from '../harness/engine';

/**
 * Small local servers standing in for a Base URL that misbehaves: one redirects, the other is
 * where the redirect points and records every request (and its headers) it receives.
 */
interface LocalServer {
	url: string;
	requests: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }>;
	answer: (respond: (response: ServerResponse) => void) => void;
	close: () => Promise<void>;
}

async function startLocalServer(): Promise<LocalServer> {
	let respond: (response: ServerResponse) => void = (response) => response.end('{}');
	const requests: LocalServer['requests'] = [];
	const server: Server = createServer((request, response) => {
		requests.push({ method: request.method, url: request.url, headers: request.headers });
		request.resume();
		respond(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		answer: (next) => (respond = next),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let origin: LocalServer;
let elsewhere: LocalServer;

beforeAll(async () => {
	origin = await startLocalServer();
	elsewhere = await startLocalServer();
});

afterAll(async () => {
	await origin.close();
	await elsewhere.close();
});

beforeEach(() => {
	origin.requests.length = 0;
	elsewhere.requests.length = 0;
	elsewhere.answer((response) => {
		response.setHeader('content-type', 'application/json');
		response.end('{"data":[]}');
	});
});

const credentials = (baseUrl: string): FinoutCredentialData => ({
	clientId: SANDBOX_CREDENTIALS.clientId,
	secretKey: SANDBOX_CREDENTIALS.secretKey,
	baseUrl,
	maxConcurrentRequests: 5,
});

const listViews = { resource: 'view', operation: 'getAll', returnAll: true };
const createEndpoint = {
	resource: 'notificationEndpoint',
	operation: 'create',
	endpointType: 'email',
	name: 'FinOps',
	to: 'finops@example.com',
};

function redirectTo(status: number, location: string | undefined) {
	origin.answer((response) => {
		response.statusCode = status;
		if (location !== undefined) response.setHeader('location', location);
		response.end();
	});
}

describe('no redirect is followed with the Finout headers', () => {
	test.each([301, 302, 303, 307, 308])('a %i to another origin becomes an error naming only its origin', async (status) => {
		redirectTo(status, `${elsewhere.url}/collect?token=abc#frag`);
		const result = await runFinoutWorkflow({ parameters: listViews, credentials: credentials(origin.url) });
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toContain(String(status));
		expect(result.error?.message).toContain(elsewhere.url);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(/collect|token=abc/);
		expect(result.error?.description).toMatch(/Base URL/);
		expect(origin.requests).toHaveLength(1);
		expect(elsewhere.requests).toHaveLength(0);
	});

	test('a create answered with a redirect is not sent anywhere else', async () => {
		redirectTo(307, `${elsewhere.url}/v1/endpoints`);
		const result = await runFinoutWorkflow({ parameters: createEndpoint, credentials: credentials(origin.url) });
		expect(result.status).toBe('error');
		expect(origin.requests.filter((request) => request.method === 'POST').length).toBeLessThanOrEqual(1);
		expect(elsewhere.requests).toHaveLength(0);
	});

	test('a redirect without a Location header is still an error that says to check the Base URL', async () => {
		redirectTo(302, undefined);
		const result = await runFinoutWorkflow({ parameters: listViews, credentials: credentials(origin.url) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/302/);
		expect(result.error?.description).toMatch(/Base URL/);
	});

	test('the credential test does not follow a redirect either', async () => {
		redirectTo(302, `${elsewhere.url}/v1/view`);
		const result = await testFinoutCredential(credentials(origin.url));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Base URL/);
		expect(origin.requests).toHaveLength(1);
		expect(elsewhere.requests).toHaveLength(0);
		expect(elsewhere.requests.some((request) => request.headers['x-finout-secret-key'])).toBe(false);
	});
});

describe('the Base URL is checked before anything is sent', () => {
	const REFUSED: Array<[string, (server: LocalServer) => string]> = [
		['plain http to a host that is not loopback', () => 'http://finout.example.com'],
		['user and password in it', (server) => server.url.replace('http://', 'http://user:pass@')],
		['a query string', (server) => `${server.url}/?tenant=1`],
		['a fragment', (server) => `${server.url}/#top`],
		['another scheme', () => 'ftp://app.finout.io'],
		['not a URL at all', () => 'app finout io'],
	];

	test.each(REFUSED)('%s → NodeOperationError naming the Base URL, nothing sent', async (_, baseUrl) => {
		const result = await runFinoutWorkflow({ parameters: listViews, credentials: credentials(baseUrl(origin)) });
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/Base URL/);
		expect(origin.requests).toHaveLength(0);
	});

	// The declarative credential test can only turn a refused Base URL into a scheme the HTTP
	// client rejects before connecting; its error shows that scheme ("refused-base-url-…").
	test.each(REFUSED)('the credential test refuses %s before sending', async (_, baseUrl) => {
		const result = await testFinoutCredential(credentials(baseUrl(origin)));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/base-url/i);
		expect(origin.requests).toHaveLength(0);
	});

	test('plain http to loopback is allowed for sandboxes', async () => {
		const result = await runFinoutWorkflow({ parameters: listViews, credentials: credentials(elsewhere.url) });
		expect(result.status).toBe('success');
		expect(elsewhere.requests).toHaveLength(1);
	});
});

describe('a 2xx answer that is not JSON', () => {
	test('an HTML 200 page is an unexpected-response error naming the route and content type', async () => {
		origin.answer((response) => {
			response.setHeader('content-type', 'text/html; charset=utf-8');
			response.end('<html><body>Please sign in</body></html>');
		});
		const result = await runFinoutWorkflow({ parameters: listViews, credentials: credentials(origin.url) });
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/unexpected response/);
		expect(result.error?.message).toContain('GET /v1/view');
		expect(result.error?.message).toContain('text/html');
		expect(result.error?.message).toMatch(/a JSON body/);
	});
});
