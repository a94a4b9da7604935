import type { IExecuteFunctions, IGetNodeParameterOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The node reads its fields once per item; the trigger's poll reads them once, without an item. */
export type FieldContext = IExecuteFunctions | IPollFunctions;

/**
 * One way for the shared field readers to read a field and refuse it, whether they serve an item
 * of the node or a poll of the trigger: IPollFunctions.getNodeParameter has no item index.
 */
export interface NodeParameters {
	get(name: string, fallback: unknown, options?: IGetNodeParameterOptions): unknown;
	/** The node's errors end in "(item N)" and point at the item; a poll has no item to name. */
	fail(message: string, description?: string): NodeOperationError;
}

/** `itemIndex` undefined: `ctx` is a trigger's poll. */
export function parametersOf(ctx: FieldContext, itemIndex: number | undefined): NodeParameters {
	if (itemIndex === undefined) {
		const poll = ctx as IPollFunctions;
		return {
			get: (name, fallback, options) => poll.getNodeParameter(name, fallback, options),
			fail: (message, description) =>
				new NodeOperationError(poll.getNode(), message, { description }),
		};
	}
	const execute = ctx as IExecuteFunctions;
	return {
		get: (name, fallback, options) => execute.getNodeParameter(name, itemIndex, fallback, options),
		fail: (message, description) =>
			new NodeOperationError(execute.getNode(), `${message} (item ${itemIndex})`, {
				itemIndex,
				description,
			}),
	};
}
