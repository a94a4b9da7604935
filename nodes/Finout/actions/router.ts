import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	bindStopSignal,
	ExecutionCancelledError,
	executionCancelSignalOf,
	onAbort,
} from '../transport/cancellation';
import type { RetrySettings } from '../transport/retryPolicy';
import { checkAllowedOptions } from './common/allowedOptions';
import type { FinoutOperation, ItemContext } from './common/operation';
import { runReconciled } from './common/reconcile';
import { readRetrySettings } from './common/retryOptions';
import { inTargetLane } from './common/targetLanes';
import { RESOURCES } from './resources';

type Prepared =
	{ ok: true; input: unknown; retry: Partial<RetrySettings> } | { ok: false; error: NodeError };

type NodeError = NodeApiError | NodeOperationError;

type Outcome =
	| { kind: 'done'; json: IDataObject[] }
	| { kind: 'failed'; error: NodeError }
	| { kind: 'notStarted' };

/**
 * Runs the chosen operation for every input item. All items are validated before anything is
 * sent; then they run concurrently and the transport's per-key queue decides how many requests
 * are in flight. Without "On Error → Continue", the first failing item stops the run: requests
 * still waiting are cancelled, those already sent finish. Output keeps input order, and every
 * item carries pairedItem.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = RESOURCES[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for resource "${resource}"`,
		);
	}
	const continueOnFail = this.continueOnFail();

	const prepared: Prepared[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checkAllowedOptions(this, operation.properties, itemIndex);
			const input = await operation.read.call(this, itemIndex);
			prepared.push({ ok: true, input, retry: readRetrySettings(this, itemIndex) });
		} catch (error) {
			const wrapped = asNodeError(this, error, itemIndex);
			if (!continueOnFail) throw wrapped;
			prepared.push({ ok: false, error: wrapped });
		}
	}

	const outcomes = await runAll(this, operation, prepared, continueOnFail);

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < outcomes.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome.kind === 'done') {
			for (const json of outcome.json) output.push({ json, pairedItem: { item: itemIndex } });
		} else if (outcome.kind === 'failed') {
			output.push({ json: errorJson(outcome.error), pairedItem: { item: itemIndex } });
		} else {
			throw new ExecutionCancelledError();
		}
	}
	return [output];
}

async function runAll(
	ctx: IExecuteFunctions,
	operation: FinoutOperation,
	prepared: Prepared[],
	continueOnFail: boolean,
): Promise<Outcome[]> {
	// One signal for this node run: it follows the execution's cancel signal, and the first
	// failure aborts it so that requests of other items still waiting are never sent.
	const stop = new AbortController();
	const executionSignal = executionCancelSignalOf(ctx);
	const unfollow = onAbort(executionSignal, () => stop.abort());
	if (executionSignal?.aborted) stop.abort();
	bindStopSignal(ctx, stop.signal);

	let firstFailure: number | undefined;
	const outcomes: Outcome[] = [];
	try {
		await Promise.all(
			prepared.map(async (entry, itemIndex) => {
				if (!entry.ok) {
					outcomes[itemIndex] = { kind: 'failed', error: entry.error };
					return;
				}
				try {
					outcomes[itemIndex] = {
						kind: 'done',
						json: await runOne(ctx, operation, entry.input, {
							itemIndex,
							retry: entry.retry,
							cancelSignal: stop.signal,
						}),
					};
				} catch (error) {
					if (error instanceof ExecutionCancelledError) {
						outcomes[itemIndex] = { kind: 'notStarted' };
						return;
					}
					outcomes[itemIndex] = { kind: 'failed', error: asNodeError(ctx, error, itemIndex) };
					if (!continueOnFail && firstFailure === undefined) {
						firstFailure = itemIndex;
						stop.abort();
					}
				}
			}),
		);
	} finally {
		unfollow();
	}
	if (firstFailure !== undefined) {
		const { error } = outcomes[firstFailure] as Extract<Outcome, { kind: 'failed' }>;
		throw outcomes.length > 1 ? withRunSummary(outcomes, firstFailure) : error;
	}
	return outcomes;
}

async function runOne(
	ctx: IExecuteFunctions,
	operation: FinoutOperation,
	input: unknown,
	item: ItemContext,
): Promise<IDataObject[]> {
	const send = async () => await operation.run.call(ctx, input, item);
	const reconciliation = operation.reconcile?.call(ctx, input, item);
	const run = reconciliation ? async () => await runReconciled(ctx, reconciliation, send) : send;
	const target = operation.readModifyWriteTarget?.(input);
	return target === undefined ? await run() : await inTargetLane(ctx, target, run);
}

/** The failing item's own error, with what happened to the other items of the run. */
function withRunSummary(outcomes: Outcome[], failedItem: number): NodeError {
	const error = (outcomes[failedItem] as Extract<Outcome, { kind: 'failed' }>).error;
	const count = (kind: Outcome['kind']) =>
		outcomes.filter((outcome) => outcome.kind === kind).length;
	const done = count('done');
	const notStarted = count('notStarted');
	const summary =
		`Item ${failedItem} failed. ${done} ${done === 1 ? 'item was' : 'items were'} done, ${count('failed')} failed, ` +
		`${notStarted} ${notStarted === 1 ? 'was' : 'were'} not started (nothing was sent for them).`;
	error.description = [summary, error.description].filter(Boolean).join(' ');
	return error;
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function errorJson(error: NodeError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
