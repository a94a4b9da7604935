import { createHash } from 'node:crypto';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * What the trigger remembers between polls, in the workflow's static data for this node: each
 * event keeps its own entry, under its event value (events/*.ts), e.g.
 *
 *   { costThresholdCrossed?: CostState, newRecommendation?: RecommendationState,
 *     virtualTagChanged?: VirtualTagState }
 *
 * Each entry is stamped with a format version and a fingerprint of the
 * settings that define *what* is watched (view, scan, tag…). A different fingerprint means the
 * user pointed the trigger at something else, and the entry is treated as absent (first poll).
 *
 * The rule this file exists for: a poll reads its entry once, at the start, as a private copy,
 * and writes the next entry once, after every request succeeded. A poll that throws leaves the
 * stored entry exactly as it was, whether or not n8n rolls back static data for failed polls,
 * so the next poll repeats the same window: nothing is lost and nothing fires twice.
 */
export const STATE_VERSION = 1;

/**
 * Where two events kept their entry before it was stored under the event value. Workflows saved
 * with such an entry go on from it: it is read while the event's own entry is absent, and the
 * next stored poll moves it, so an upgrade neither starts over nor fires anything twice.
 */
const EARLIER_KEYS: Readonly<Record<string, string>> = {
	costThresholdCrossed: 'costThreshold',
	newRecommendation: 'newRecommendations',
};

export interface StoredState {
	v: number;
	/** Fingerprint of what is watched (see `fingerprint`). */
	watch: string;
}

/**
 * A private copy of the stored entry, or undefined when absent, outdated or for other settings.
 * An entry of the right version whose fields have the wrong shape (hand-edited, truncated) is
 * also treated as absent, with a warning: reading it would throw or make everything look new.
 */
export function readState<T extends StoredState>(
	ctx: IPollFunctions,
	event: string,
	watch: string,
	isIntact: (entry: IDataObject) => boolean,
): T | undefined {
	const staticData = ctx.getWorkflowStaticData('node');
	const key = isAbsent(staticData[event]) ? (EARLIER_KEYS[event] ?? event) : event;
	const stored = staticData[key];
	if (isAbsent(stored)) return undefined;
	if (typeof stored !== 'object' || Array.isArray(stored)) {
		warnDamaged(ctx, key, 'it is not an object');
		return undefined;
	}
	// Static data is a proxy (n8n's ObservableObject); a JSON copy detaches it completely.
	const copy = JSON.parse(JSON.stringify(stored)) as IDataObject;
	if (copy.v !== STATE_VERSION || copy.watch !== watch) return undefined;
	if (!isIntact(copy)) {
		warnDamaged(ctx, key, 'a field has the wrong shape');
		return undefined;
	}
	return copy as unknown as T;
}

function isAbsent(stored: unknown): stored is undefined | null {
	return stored === undefined || stored === null;
}

function warnDamaged(ctx: IPollFunctions, key: string, reason: string): void {
	ctx.logger.warn(
		`Finout Trigger "${ctx.getNode().name}": the stored state "${key}" is damaged (${reason}); the trigger starts over as on its first poll`,
	);
}

export function isStringList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** A stored Unix ms time. */
export function isInstant(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Replaces the event's entry in one assignment, and drops its entry under an earlier key; does
 * nothing when neither changes.
 */
export function writeState(ctx: IPollFunctions, event: string, state: StoredState): void {
	const staticData = ctx.getWorkflowStaticData('node');
	const earlierKey = EARLIER_KEYS[event];
	if (earlierKey !== undefined && earlierKey in staticData) delete staticData[earlierKey];
	const next = JSON.parse(JSON.stringify(state)) as IDataObject;
	const current = staticData[event];
	if (current !== undefined && JSON.stringify(current) === JSON.stringify(next)) return;
	staticData[event] = next;
}

/** A short, stable fingerprint of settings (order of keys does not matter). */
export function fingerprint(settings: IDataObject): string {
	return shortHash(stableStringify(settings));
}

/** 72-bit base64url digest: compact enough for seen-sets, far from colliding at their size. */
export function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as IDataObject)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableStringify((value as IDataObject)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/**
 * Polls of one trigger node that overlap (a slow poll still running when the next one is due)
 * would both start from the same stored entry and fire the same events. Within this process
 * the later one steps aside: the running poll covers the same window.
 */
const runningPolls = new Set<string>();

export function pollKeyOf(ctx: IPollFunctions): string {
	const workflow = ctx.getWorkflow();
	const node = ctx.getNode();
	return `${workflow.id ?? ''}\u0000${node.id || node.name}`;
}

export function tryBeginPoll(key: string): boolean {
	if (runningPolls.has(key)) return false;
	runningPolls.add(key);
	return true;
}

export function endPoll(key: string): void {
	runningPolls.delete(key);
}
