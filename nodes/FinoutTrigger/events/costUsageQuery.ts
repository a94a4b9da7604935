import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readResults, submitQuery } from '../../Finout/actions/costAndUsage/api';
import type { QuerySpec } from '../../Finout/actions/costAndUsage/querySpec';
import { waitForQuery } from '../../Finout/actions/costAndUsage/waitForQuery';
import { cancellableSleep } from '../../Finout/transport/cancellation';
import type { PollRun } from '../context';

/**
 * Finout's Cost and Usage API V2 is asynchronous (a query is submitted, then read once Finout has
 * run it): the trigger submits, waits and reads every page with the same code as the node's Cost
 * and Usage operations, and never reads a result it did not get in full as "no rows".
 */
export const V2_ROW_LIMIT = 100_000;
const RESULTS_PAGE_SIZE = 10_000;
/**
 * Finout advises 5 s between status checks; a poll has a budget of a few minutes, and 2 s (30
 * checks a minute at most) still leaves the route's 50 per minute for other queries on the key.
 */
const STATUS_INTERVAL_MS = 2_000;

export async function runCostUsageQuery(run: PollRun, spec: QuerySpec): Promise<IDataObject[]> {
	const { ctx, retry, signal } = run;
	const request = { retry, signal };
	const { queryId } = await submitQuery(ctx, spec, spec.range, request);

	const waited = await waitForQuery(ctx, queryId, {
		...request,
		pollIntervalMs: STATUS_INTERVAL_MS,
		deadline: run.deadline,
	});
	if (waited.timedOut) throw notInTime(run, queryId, waited.status.status);
	if (waited.status.status !== 'completed') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Finout's cost query ${waited.status.status} (query ${queryId})`,
			{
				description: 'Nothing was evaluated; the next poll submits the query again.',
			},
		);
	}

	const outcome = await readResults(ctx, queryId, {
		...request,
		pageSize: RESULTS_PAGE_SIZE,
		// "Completed" and then 202 on the results: wait like for the status, within the poll's time.
		onNotReady: async () => {
			if (Date.now() + STATUS_INTERVAL_MS > run.deadline) return false;
			await cancellableSleep(STATUS_INTERVAL_MS, run.signal);
			return true;
		},
	});
	if ('notAvailable' in outcome) {
		const { status, httpCode } = outcome.notAvailable;
		if (status === 'running') throw notInTime(run, queryId, `results not ready (HTTP ${httpCode})`);
		throw new NodeOperationError(
			ctx.getNode(),
			`Finout's cost query results are ${status} (HTTP ${httpCode}, query ${queryId})`,
			{
				description: 'Nothing was evaluated; the next poll submits the query again.',
			},
		);
	}
	if (outcome.rows.length >= V2_ROW_LIMIT) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The cost query returned ${V2_ROW_LIMIT} rows, Finout's maximum`,
			{
				description:
					'Some groups may be missing, which would make the comparison wrong. Narrow the query with Filters or a dimension with fewer values.',
			},
		);
	}
	return outcome.rows;
}

function notInTime(run: PollRun, queryId: string, state: string): NodeOperationError {
	return new NodeOperationError(
		run.ctx.getNode(),
		'Finout did not finish the cost query in time for this poll',
		{
			description: `Query ${queryId} was still "${state}" when the poll had to stop (${Math.round(run.budgetMs / 1000)} s). Nothing was evaluated; the next poll tries again.`,
		},
	);
}
