import { waitForQuery } from '../../nodes/Finout/actions/costAndUsage/waitForQuery';
import type { FinoutContext } from '../../nodes/Finout/transport/credentials';
import { bindStopSignal, ExecutionCancelledError } from '../../nodes/Finout/transport/cancellation';

test('the wait for a query ends on the node run\'s stop signal, before any further status check', async () => {
	const execution = new AbortController();
	const stop = new AbortController();
	const ctx = {
		getExecutionCancelSignal: () => execution.signal,
		getCredentials: async () => {
			throw new Error('a status check was sent after the run stopped');
		},
		getNode: () => ({ name: 'Finout', type: 'n8n-nodes-finout.finout', typeVersion: 1, parameters: {} }),
	};
	bindStopSignal(ctx, stop.signal);

	const waiting = waitForQuery(ctx as unknown as FinoutContext, 'q-stopped', { pollIntervalMs: 5_000, deadline: Date.now() + 60_000 });
	stop.abort();

	await expect(waiting).rejects.toBeInstanceOf(ExecutionCancelledError);
	expect(execution.signal.aborted).toBe(false);
});
