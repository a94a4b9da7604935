import { expectSuccess, runNode, simpleTagCreate, useFakeFinout } from '../integration/support';

const sim = useFakeFinout({ latencyMs: 20 });

// The same V1 create as creates-under-faults.test.ts.
const createTag = simpleTagCreate('={{ $json.name }}');

const names = Array.from({ length: 200 }, (_, index) => `n8n-stop-${index}`);
const items = names.map((name) => ({ name }));
const posts = () => sim.server.requests.filter((request) => request.method === 'POST');
const createdNames = () =>
	[...sim.server.state.virtualTags.values()].map((tag) => tag.name).filter((name) => name.startsWith('n8n-stop-'));

test('200 creates, one refused: unsent creates are cancelled and the error counts done, failed, not started', async () => {
	// Only Finout can refuse this create: the first POST to arrive is answered 400.
	sim.server.failNext({ method: 'POST', path: 'v1.vt.create', status: 400, body: { message: 'name is reserved' } });

	const result = await runNode(sim.server, createTag, { items });

	expect(result.status).toBe('error');
	const failing = posts().find((post) => post.status === 400)!;
	const failingItem = names.indexOf((failing.body as { name: string }).name);
	const sentAfterFailure = posts().filter((post) => post.startedAt >= failing.endedAt);
	expect(sentAfterFailure.length).toBeLessThanOrEqual(5);
	expect(result.error?.message).toMatch(/Finout rejected the request as invalid \(HTTP 400\)/);
	expect(result.error?.context?.itemIndex).toBe(failingItem);
	const summary = String(result.error?.description).match(
		/Item (\d+) failed\. (\d+) items? (?:was|were) done, (\d+) failed, (\d+) (?:was|were) not started \(nothing was sent for them\)/,
	);
	expect(summary).not.toBeNull();
	const [, item, done, failed, notStarted] = summary!.map(Number);
	expect(item).toBe(failingItem);
	expect(failed).toBe(1);
	expect(done + failed + notStarted).toBe(200);
	expect(done).toBe(createdNames().length);
	expect(String(result.error?.description)).toMatch(/name is reserved/);

	expect(posts().length).toBe(done + failed);
});

test('with On Error → Continue every item still runs', async () => {
	sim.server.failNext({ method: 'POST', path: 'v1.vt.create', status: 400, body: { message: 'name is reserved' } });

	const result = await runNode(sim.server, createTag, { items, continueOnFail: true });

	expectSuccess(result);
	expect(result.items).toHaveLength(200);
	expect(result.items.filter((item) => 'error' in item.json)).toHaveLength(1);
	expect(createdNames()).toHaveLength(199);
	expect(posts()).toHaveLength(200);
});

test('a cancelled execution is still reported as cancelled, not as a failed item', async () => {
	const { startFinoutWorkflow } = await import('../harness/engine');
	const { credentialsFor } = await import('../integration/support');
	const run = startFinoutWorkflow({ parameters: createTag, credentials: credentialsFor(sim.server), items });
	while (posts().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
	run.cancel();
	const outcome = await run.then(
		(finished) => finished.status,
		(error: Error) => error.name,
	);
	expect(['canceled', 'CancelError']).toContain(outcome);
	expect(posts().length).toBeLessThan(200);
});
