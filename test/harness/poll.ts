import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeParameters, IPollFunctions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { FinoutTrigger } from '../../nodes/FinoutTrigger/FinoutTrigger.node';
import type { FinoutCredentialData } from './engine';
import { additionalDataFor, TestNodeTypes } from './engine';

export const FINOUT_TRIGGER_TYPE = 'n8n-nodes-finout.finoutTrigger';
const TRIGGER_NODE_NAME = 'Finout Trigger';

let harnessCounter = 0;

export interface PollHarnessOptions {
	parameters: INodeParameters;
	credentials: FinoutCredentialData;
	/** The workflow's time zone (Workflow settings), returned by this.getTimezone(). Default UTC. */
	timezone?: string;
	/** Static data to start from, as n8n would load it from the database. */
	staticData?: IDataObject;
	workflowId?: string;
	/** What n8n tells the poll about its time limit (this.getPollBudgetMs()); n8n's default is 5 min. */
	pollBudgetMs?: number;
}

export interface PollOutcome {
	/** The items of the first output, or null when the poll returned null. */
	items: IDataObject[] | null;
	error?: Error & { httpCode?: string | null; description?: string | null };
	/** Whether the poll marked the workflow's static data as changed. */
	staticDataChanged: boolean;
	/** What the node logged with `this.logger.warn` during the poll. */
	warnings: string[];
}

/**
 * Runs a Finout Trigger's `poll()` the way n8n does: a real n8n-core PollContext over a real
 * Workflow holding the trigger node and its credentials. Static data is kept between polls as
 * n8n keeps it in its database: each poll gets a Workflow built from the saved JSON, and what the
 * Workflow holds afterwards is saved again — also after a failed poll, which is the harsher
 * assumption (a node that changed its cursor before failing would be caught).
 */
export class PollHarness {
	/** The persisted static data (plain JSON). */
	staticData: IDataObject;

	readonly workflowId: string;

	private trigger = new FinoutTrigger();

	constructor(private readonly options: PollHarnessOptions) {
		this.staticData = clone(options.staticData ?? {});
		this.workflowId = options.workflowId ?? `triggerWorkflow${++harnessCounter}`;
	}

	/** The trigger's own entry in static data (`node:Finout Trigger`). */
	get nodeStaticData(): IDataObject {
		return (this.staticData[`node:${TRIGGER_NODE_NAME}`] as IDataObject | undefined) ?? {};
	}

	/** Same workflow and saved static data, fresh node instance: what an n8n restart looks like. */
	restart(): PollHarness {
		const next = new PollHarness({ ...this.options, staticData: this.staticData, workflowId: this.workflowId });
		return next;
	}

	setParameters(parameters: INodeParameters): void {
		this.options.parameters = parameters;
	}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
		const node: INode = {
			id: `${this.workflowId}-node`,
			name: TRIGGER_NODE_NAME,
			type: FINOUT_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: this.options.parameters,
			credentials: { finoutApi: { id: 'finoutTriggerCredential', name: 'Finout sandbox' } },
		};
		const workflow = new Workflow({
			id: this.workflowId,
			name: 'Finout trigger test',
			nodes: [node],
			connections: {},
			active: mode === 'trigger',
			nodeTypes: new TestNodeTypes({ [FINOUT_TRIGGER_TYPE]: this.trigger }),
			staticData: clone(this.staticData),
			settings: { timezone: this.options.timezone ?? 'UTC', executionOrder: 'v1' },
		});
		const additionalData = additionalDataFor({ finoutTriggerCredential: this.options.credentials });
		const budgetMs = this.options.pollBudgetMs;
		const context = new PollContext(
			workflow,
			workflow.getNode(TRIGGER_NODE_NAME)!,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			budgetMs === undefined ? undefined : () => budgetMs,
		);
		const outcome: PollOutcome = { items: null, staticDataChanged: false, warnings: [] };
		recordWarnings(context, outcome.warnings);
		try {
			const result = await this.trigger.poll.call(context as IPollFunctions);
			outcome.items = result ? result[0].map((item) => item.json) : null;
		} catch (error) {
			outcome.error = error as PollOutcome['error'];
		}
		outcome.staticDataChanged = (workflow.staticData as IDataObject).__dataChanged === true;
		this.staticData = clone(workflow.staticData);
		return outcome;
	}
}

/** n8n's logger with `warn` also recorded, so a test can see what the node told the operator. */
function recordWarnings(context: PollContext, warnings: string[]): void {
	// Read from the container, not `context.logger`: n8n memoizes that getter as a fixed property.
	const logger = Container.get(Logger);
	const recording = Object.create(logger) as typeof logger;
	recording.warn = (...args: Parameters<typeof logger.warn>) => {
		warnings.push(args[0]);
		logger.warn(...args);
	};
	Object.defineProperty(context, 'logger', { value: recording });
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Fakes only the clock (Date), so a test can move through days while sockets, timers and the
 * simulator keep running in real time.
 */
export function fakeClockOnly(): void {
	jest.useFakeTimers({
		doNotFake: [
			'setTimeout',
			'setInterval',
			'setImmediate',
			'clearTimeout',
			'clearInterval',
			'clearImmediate',
			'nextTick',
			'queueMicrotask',
			'hrtime',
			'performance',
		],
	});
}
