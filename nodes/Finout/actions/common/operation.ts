import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { RetrySettings } from '../../transport/retryPolicy';
import type { Reconciliation } from './reconcile';

/**
 * One operation of the node, defined in one place: its dropdown option (value, name, action,
 * description), its fields and its code. `properties` are written without displayOptions for the
 * resource and operation: defineResource adds them from the resource and `value`.
 *
 * `read` turns the item's parameters into a validated input and throws a NodeOperationError for
 * bad input, so nothing is sent for an item that cannot succeed; `run` talks to Finout through the
 * transport and returns the output items' JSON. The router reads what every operation needs (see
 * ItemContext) and hands it to `run` and `reconcile`.
 */
export interface FinoutOperation<Input = unknown> {
	/** The operation parameter's value, e.g. `getAll`. */
	readonly value: string;
	/** The dropdown's label, e.g. `Get Many`. */
	readonly name: string;
	/** What the nodes panel and AI agents show, e.g. `Get many views`. */
	readonly action: string;
	readonly description: string;
	readonly properties: INodeProperties[];
	read(this: IExecuteFunctions, itemIndex: number): Input | Promise<Input>;
	run(this: IExecuteFunctions, input: Input, item: ItemContext): Promise<IDataObject[]>;
	/**
	 * The object `run` reads and then writes back whole, if it does: runs on the same object wait
	 * for each other (see targetLanes.ts) so that no item overwrites another item's change.
	 */
	readModifyWriteTarget?(input: Input): string | undefined;
	/** How to tell, by reading, whether a change whose answer was lost was applied (reconcile.ts). */
	reconcile?(this: IExecuteFunctions, input: Input, item: ItemContext): Reconciliation | undefined;
}

/** What the router hands every operation for one item. */
export interface ItemContext {
	readonly itemIndex: number;
	/** The item's "Rate Limit Handling" options as transport settings (readRetrySettings). */
	readonly retry: Partial<RetrySettings>;
	/**
	 * Aborts when the execution is cancelled or the node run stops on another item's failure: for
	 * an operation's own waits, so that a waiting item does not hold the stopped run.
	 */
	readonly cancelSignal: AbortSignal | undefined;
}

export function defineOperation<Input>(operation: FinoutOperation<Input>): FinoutOperation<Input> {
	return operation;
}

/**
 * What a resource's index lists: its operations in dropdown order (alphabetical by name, as n8n's
 * lint wants for options) and the one selected by default.
 */
export interface OperationList {
	readonly operations: ReadonlyArray<FinoutOperation<unknown>>;
	readonly default: FinoutOperation<unknown>;
}

export interface ResourceDefinition {
	readonly operationProperty: INodeProperties;
	/** By operation value, with each operation's properties shown only for it. */
	readonly operations: Record<string, FinoutOperation<unknown>>;
}

/** The resource's operation dropdown and dispatch map, both generated from its operation list. */
export function defineResource(resource: string, list: OperationList): ResourceDefinition {
	const options: INodePropertyOptions[] = list.operations.map(
		({ name, value, description, action }) => ({ name, value, description, action }),
	);
	const operations: Record<string, FinoutOperation<unknown>> = {};
	for (const operation of list.operations) {
		if (operations[operation.value]) {
			throw new Error(`Resource "${resource}" lists operation "${operation.value}" twice`);
		}
		operations[operation.value] = {
			...operation,
			properties: showFor(resource, [operation.value], operation.properties),
		};
	}
	const defaultOperation = list.default.value;
	if (operations[defaultOperation] === undefined) {
		throw new Error(
			`Resource "${resource}" does not list its default operation "${defaultOperation}"`,
		);
	}
	return {
		operationProperty: {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options,
			default: defaultOperation,
		},
		operations,
	};
}

/** Shows `properties` only for the given resource and operation(s). */
function showFor(
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
