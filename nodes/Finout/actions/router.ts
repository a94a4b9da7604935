import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ExecutionCancelledError } from '../transport/cancellation';
import { RESOURCES } from './resources';

type Prepared = { ok: true; input: unknown } | { ok: false; error: Error };

/**
 * Runs the chosen operation for every input item. All items are validated before anything is
 * sent; then they run concurrently and the transport's per-key queue decides how many requests
 * are in flight. Output keeps input order, and every item carries pairedItem.
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
			prepared.push({ ok: true, input: await operation.read.call(this, itemIndex) });
		} catch (error) {
			const wrapped = asNodeError(this, error, itemIndex);
			if (!continueOnFail) throw wrapped;
			prepared.push({ ok: false, error: wrapped });
		}
	}

	const settled = await Promise.allSettled(
		prepared.map(async (entry, itemIndex) => {
			if (!entry.ok) throw entry.error;
			return await operation.run.call(this, entry.input, itemIndex);
		}),
	);

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < settled.length; itemIndex++) {
		const result = settled[itemIndex];
		if (result.status === 'fulfilled') {
			for (const json of result.value) output.push({ json, pairedItem: { item: itemIndex } });
			continue;
		}
		if (result.reason instanceof ExecutionCancelledError) throw result.reason;
		const error = asNodeError(this, result.reason, itemIndex);
		if (!continueOnFail) throw error;
		output.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
	}
	return [output];
}

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
