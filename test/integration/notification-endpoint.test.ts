import { seedEndpoints } from '../fake-finout/seed';
import { expectSuccess, jsonOf, runNode, useFakeFinout } from './support';

const sim = useFakeFinout();

describe('Notification Endpoint → Get Many', () => {
	test('GET /v1/endpoints, filtered by type', async () => {
		const all = jsonOf(await runNode(sim.server, { resource: 'notificationEndpoint', operation: 'getAll', returnAll: true }));
		expect(sim.server.requests[0].path).toBe('/v1/endpoints');
		expect(all).toHaveLength(seedEndpoints().length);
		const slack = jsonOf(
			await runNode(sim.server, {
				resource: 'notificationEndpoint',
				operation: 'getAll',
				returnAll: true,
				filters: { types: ['slack'] },
			}),
		);
		expect(slack.length).toBeGreaterThan(0);
		expect(slack.every((endpoint) => endpoint.type === 'slack')).toBe(true);
	});
});

describe('Notification Endpoint → Create', () => {
	test('email: POST /v1/endpoints with {type, name, configuration.to}', async () => {
		const result = await runNode(sim.server, {
			resource: 'notificationEndpoint',
			operation: 'create',
			endpointType: 'email',
			name: 'FinOps',
			to: 'finops@example.com',
		});
		expectSuccess(result);
		// The list before the create is what lets an unanswered create be looked up (reconcile.ts).
		expect(sim.server.requests.map((sent) => `${sent.method} ${sent.path}`)).toEqual(['GET /v1/endpoints', 'POST /v1/endpoints']);
		const request = sim.server.requests[1];
		expect(request.body).toEqual({ type: 'email', name: 'FinOps', configuration: { to: 'finops@example.com' } });
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ id: expect.any(String), type: 'email', name: 'FinOps' }),
		]);
		expect(jsonOf(result)[0]).not.toHaveProperty('requestId');
	});

	test('slack: the webhook URL goes to configuration.to', async () => {
		const url = 'https://hooks.slack.com/services/T1/B2/abc';
		await runNode(sim.server, {
			resource: 'notificationEndpoint',
			operation: 'create',
			endpointType: 'slack',
			name: '#finops',
			webhookUrl: url,
		});
		expect(sim.server.requests[1].body).toEqual({ type: 'slack', name: '#finops', configuration: { to: url } });
	});

	test.each([
		[{ endpointType: 'email', name: 'x', to: 'not-an-email' }, /Email Address "not-an-email" is not an email address \(item 0\)/],
		[{ endpointType: 'slack', name: 'x', webhookUrl: 'http://insecure' }, /Slack Webhook URL must start with https:\/\/ \(item 0\)/],
		[{ endpointType: 'email', name: ' ', to: 'a@b.co' }, /Name is empty \(item 0\)/],
	])('bad input %p is refused before sending', async (fields, message) => {
		const result = await runNode(sim.server, { resource: 'notificationEndpoint', operation: 'create', ...fields });
		expect(result.error?.message).toMatch(message);
		expect(sim.server.requests).toHaveLength(0);
	});
});
