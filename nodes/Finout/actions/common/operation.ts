import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Reconciliation } from './reconcile';

/**
 * One operation of the node. `read` turns the item's parameters into a validated input and throws
 * a NodeOperationError for bad input, so nothing is sent for an item that cannot succeed; `run`
 * talks to Finout through the transport and returns the output items' JSON.
 */
export interface FinoutOperation<Input = unknown> {
	readonly properties: INodeProperties[];
	read(this: IExecuteFunctions, itemIndex: number): Input | Promise<Input>;
	run(this: IExecuteFunctions, input: Input, itemIndex: number): Promise<IDataObject[]>;
	/**
	 * The object `run` reads and then writes back whole, if it does: runs on the same object wait
	 * for each other (see targetLanes.ts) so that no item overwrites another item's change.
	 */
	readModifyWriteTarget?(input: Input): string | undefined;
	/** How to tell, by reading, whether a change whose answer was lost was applied (reconcile.ts). */
	reconcile?(this: IExecuteFunctions, input: Input, itemIndex: number): Reconciliation | undefined;
}

export function defineOperation<Input>(operation: FinoutOperation<Input>): FinoutOperation<Input> {
	return operation;
}

export interface ResourceDefinition {
	readonly operationProperty: INodeProperties;
	readonly operations: Record<string, FinoutOperation<unknown>>;
}

/** Shows `properties` only for the given resource and operation(s). */
export function showFor(
	resource: string,
	operations: string[],
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: {
				...property.displayOptions?.show,
				resource: [resource],
				operation: operations,
			},
		},
	}));
}
