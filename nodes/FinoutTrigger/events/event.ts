import type {
	IDataObject,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';

import type { EventOutcome, PollRun } from '../context';
import type { StoredState } from '../state';

/** What every event's settings carry: the fingerprint of what is watched (see state.ts). */
interface EventSettings {
	watch: string;
}

/**
 * One event of the trigger, defined in one place: its dropdown option (value, name,
 * description), the node's subtitle for it, its fields and its code.
 * `properties` are written without the `event` display condition: defineEvents adds it.
 *
 * A poll reads the settings (`readSettings` throws a NodeOperationError for bad input, before any
 * request), reads the stored entry under `value` (kept as `isIntactState` accepts it), runs
 * `poll` and stores the state it returns once every request has succeeded.
 */
export interface TriggerEvent<
	Settings extends EventSettings = EventSettings,
	State extends StoredState = StoredState,
> {
	/**
	 * The event parameter's value, e.g. `costThresholdCrossed`, and the key of the event's entry in
	 * the node's static data: saved in workflows, never renamed.
	 */
	readonly value: string;
	/** The dropdown's label, e.g. `Cost Threshold Crossed`. */
	readonly name: string;
	readonly description: string;
	/** What the node shows under its name on the canvas, e.g. `Cost threshold crossed`. */
	readonly subtitle: string;
	readonly properties: INodeProperties[];
	readSettings(ctx: IPollFunctions): Settings;
	/** Whether a stored entry of the current version has the shape `poll` writes. */
	isIntactState(entry: IDataObject): boolean;
	poll(run: PollRun, settings: Settings, previous: State | undefined): Promise<EventOutcome<State>>;
}

export function defineEvent<Settings extends EventSettings, State extends StoredState>(
	event: TriggerEvent<Settings, State>,
): TriggerEvent<Settings, State> {
	return event;
}

/** What the events' index lists: the events in dropdown order (alphabetical by name) and the default. */
export interface EventList {
	readonly events: ReadonlyArray<TriggerEvent>;
	readonly default: TriggerEvent;
}

export interface EventsDefinition {
	readonly eventProperty: INodeProperties;
	/** Every event's fields, in list order, each shown only for its event. */
	readonly properties: INodeProperties[];
	/** The node's subtitle expression: each event's subtitle by event value. */
	readonly subtitle: string;
	/** By event value. */
	readonly events: ReadonlyMap<string, TriggerEvent>;
}

/** The event dropdown, the events' fields, the subtitle and the dispatch map, all from the list. */
export function defineEvents(list: EventList): EventsDefinition {
	const events = new Map<string, TriggerEvent>();
	for (const event of list.events) {
		if (events.has(event.value)) throw new Error(`The trigger lists event "${event.value}" twice`);
		events.set(event.value, { ...event, properties: showFor(event.value, event.properties) });
	}
	const defaultEvent = list.default.value;
	if (!events.has(defaultEvent)) {
		throw new Error(`The trigger does not list its default event "${defaultEvent}"`);
	}
	const options: INodePropertyOptions[] = list.events.map(({ name, value, description }) => ({
		name,
		value,
		description,
	}));
	const labels = list.events.map(
		({ value, subtitle }) => `${JSON.stringify(value)}: ${JSON.stringify(subtitle)}`,
	);
	return {
		eventProperty: {
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			required: true,
			options,
			default: defaultEvent,
		},
		properties: [...events.values()].flatMap((event) => event.properties),
		subtitle: `={{ {${labels.join(', ')}}[$parameter["event"]] }}`,
		events,
	};
}

/** Shows `properties` only for the given event. */
function showFor(event: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { event: [event], ...property.displayOptions?.show },
		},
	}));
}
