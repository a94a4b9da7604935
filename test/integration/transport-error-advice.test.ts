import { runNode, simpleTagCreate, useFakeFinout } from './support';

/** What a failed request's error tells the user to do, by the kind of failure. */
const sim = useFakeFinout();

describe('a 4xx the error table does not list is Finout refusing the request', () => {
	test.each([
		[409, 'A virtual tag named "Refused" already exists'],
		[413, 'Request body too large'],
	])('a create answered %s says Finout refused it, with what Finout said, and to fix the input', async (status, said) => {
		sim.server.failNext({ method: 'POST', path: '/v1/virtual-tags', status, body: { message: said }, afterMutation: false });

		const result = await runNode(sim.server, simpleTagCreate('Refused'));

		expect({ message: result.error?.message, description: result.error?.description }).toEqual({
			message: `Finout refused the request (HTTP ${status})`,
			description: expect.stringContaining(`Finout said: "${said}". Fix the input`),
		});
		expect(result.error?.description).not.toMatch(/unavailable|try again later/i);
	});
});

describe('a change that never left this machine', () => {
	test('a create whose connection was refused is not reported as "may or may not have been applied"', async () => {
		// Port 1 on loopback: the connection is refused before a byte of the request is sent.
		const result = await runNode(
			sim.server,
			{ ...simpleTagCreate('Never sent'), rateLimitHandling: { maxRetries: 1 } },
			{ credentials: { baseUrl: 'http://127.0.0.1:1' } },
		);

		expect({ message: result.error?.message, description: result.error?.description }).toEqual({
			message: 'Could not reach Finout (ECONNREFUSED)',
			description: expect.stringMatching(/^The connection to Finout failed 2 time\(s\) .*Check the Base URL/),
		});
		expect(result.error?.description).not.toMatch(/may or may not have been applied|check in Finout/i);
	});
});
