import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ExecutionCancelledError } from '../../transport/cancellation';
import { uncertainWriteOf } from '../../transport/uncertain';

/**
 * A change that met a 5xx, a dropped connection or a timeout after it was sent may or may not
 * have been applied, so the transport never sends it again. Where a read can tell, the item finds
 * out instead of asking the user to check: the change landed → the item succeeds with what Finout
 * saved; it did not → it is sent again (a bounded number of times); the read cannot tell → the
 * transport's error, with the reason.
 */
export type Reconciliation =
	CreateReconciliation | UpdateReconciliation<unknown> | DeleteReconciliation;

/** A create of an object the user names: found by that name among all objects of its kind. */
interface CreateReconciliation {
	kind: 'create';
	/** Objects of one kind listed by one route, e.g. 'virtual tags (v1)'; also the user-facing noun. */
	family: string;
	name: string;
	/** The fields sent, as the list shows them (e.g. name, rules, defaultValue). */
	sent: IDataObject;
	list(): Promise<IDataObject[]>;
	output(found: IDataObject): IDataObject[];
}

interface UpdateReconciliation<Found = IDataObject> {
	kind: 'update';
	read(): Promise<Found>;
	/** Whether what was read shows the change the item sent (see `contains`). */
	landed(found: Found): boolean;
	output(found: Found): IDataObject[];
}

interface DeleteReconciliation {
	kind: 'delete';
	stillExists(): Promise<boolean>;
	output(): IDataObject[];
}

/** Sends after a write that did not land, on top of the first attempt. */
const MAX_RESENDS = 2;

type Verdict = { landed: true; output: IDataObject[] } | { landed: false } | { unknown: string };

export async function runReconciled(
	ctx: IExecuteFunctions,
	reconciliation: Reconciliation,
	send: () => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	let creates: RunCreates | undefined;
	if (reconciliation.kind === 'create') {
		creates = createsOf(ctx, reconciliation);
		creates.join(reconciliation.name);
	}
	const before = creates ? await creates.before : undefined;
	for (let resends = 0; ; resends++) {
		const attempt = await send().then(
			(output) => ({ output }),
			(error: unknown) => ({ error }),
		);
		if ('output' in attempt) return attempt.output;
		const uncertain = uncertainWriteOf(attempt.error);
		if (!uncertain) throw attempt.error;
		const verdict = await judge(reconciliation, before, creates);
		if ('unknown' in verdict) throw explained(attempt.error, verdict.unknown);
		if (verdict.landed) return verdict.output;
		// Finout said it applied this one, or may still be applying it: a read that misses it is no
		// reason to send it again.
		if (uncertain === 'lookUpOnly') {
			throw explained(attempt.error, 'A lookup did not show it yet, and it was not sent again.');
		}
		if (resends >= MAX_RESENDS) {
			throw explained(
				attempt.error,
				`It was looked up ${resends + 1} time(s) and was not there, and it was not sent again.`,
			);
		}
	}
}

async function judge(
	reconciliation: Reconciliation,
	before: Listing | undefined,
	creates: RunCreates | undefined,
): Promise<Verdict> {
	try {
		switch (reconciliation.kind) {
			case 'create':
				return judgeCreate(reconciliation, before, creates!, await reconciliation.list());
			case 'update': {
				const found: unknown = await reconciliation.read();
				return reconciliation.landed(found)
					? { landed: true, output: reconciliation.output(found) }
					: { landed: false };
			}
			case 'delete':
				return (await reconciliation.stillExists())
					? { landed: false }
					: { landed: true, output: reconciliation.output() };
		}
	} catch (lookupError) {
		// The item has a change of unknown outcome: it failed, even if the run is being stopped.
		if (lookupError instanceof ExecutionCancelledError)
			return { unknown: 'The run stopped before it could be looked up.' };
		const reason = lookupError instanceof Error ? lookupError.message : String(lookupError);
		return { unknown: `Looking it up failed too (${reason}).` };
	}
}

function judgeCreate(
	reconciliation: CreateReconciliation,
	before: Listing | undefined,
	creates: RunCreates,
	now: IDataObject[],
): Verdict {
	const { name, family } = reconciliation;
	if (!before)
		return {
			unknown: `The existing ${family} could not be listed before sending, so a lookup by name could not tell.`,
		};
	if (before.names.has(name)) {
		return {
			unknown: `One of the ${family} named "${name}" already existed before this run, so a lookup by name cannot tell.`,
		};
	}
	if (creates.count(name) > 1) {
		return {
			unknown: `Several items of this run create ${family} named "${name}", so a lookup by name cannot tell.`,
		};
	}
	const added = now.filter((object) => object.name === name && !before.ids.has(String(object.id)));
	if (added.length === 0) return { landed: false };
	if (added.length > 1) return { unknown: `${added.length} ${family} named "${name}" were found.` };
	if (!contains(added[0], reconciliation.sent, false)) {
		return { unknown: `One named "${name}" was found, but with other fields than those sent.` };
	}
	return { landed: true, output: reconciliation.output(added[0]) };
}

function explained(error: unknown, reason: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = [error.description, reason].filter(Boolean).join(' ');
	}
	return error;
}

/**
 * "Not there before" needs the objects as they were before this run sent anything: listed once
 * per node run and kind, before the first create of the run.
 */
interface Listing {
	names: Set<string>;
	ids: Set<string>;
}

interface RunCreates {
	before: Promise<Listing | undefined>;
	join(name: string): void;
	count(name: string): number;
}

const runs = new WeakMap<IExecuteFunctions, Map<string, RunCreates>>();

function createsOf(ctx: IExecuteFunctions, reconciliation: CreateReconciliation): RunCreates {
	let families = runs.get(ctx);
	if (!families) {
		families = new Map();
		runs.set(ctx, families);
	}
	let creates = families.get(reconciliation.family);
	if (!creates) {
		const names = new Map<string, number>();
		creates = {
			before: listBefore(reconciliation),
			join: (name) => names.set(name, (names.get(name) ?? 0) + 1),
			count: (name) => names.get(name) ?? 0,
		};
		families.set(reconciliation.family, creates);
	}
	return creates;
}

async function listBefore(reconciliation: CreateReconciliation): Promise<Listing | undefined> {
	const listed = await reconciliation.list().then(
		(objects) => ({ objects }),
		(error: unknown) => ({ error }),
	);
	if ('error' in listed) {
		if (listed.error instanceof ExecutionCancelledError) throw listed.error;
		// The creates still go out; only an uncertain one can then not be looked up.
		return undefined;
	}
	return {
		names: new Set(listed.objects.map((object) => String(object.name))),
		ids: new Set(listed.objects.map((object) => String(object.id))),
	};
}

/**
 * Whether `found` shows every field of `sent`. Finout may add fields (IDs, display names), so
 * extra keys are fine; with `arraysMerged`, an array sent may be part of a longer one.
 */
export function contains(found: unknown, sent: unknown, arraysMerged: boolean): boolean {
	if (Array.isArray(sent)) {
		if (!Array.isArray(found)) return false;
		if (arraysMerged)
			return sent.every((entry) => found.some((candidate) => contains(candidate, entry, true)));
		return (
			found.length === sent.length &&
			sent.every((entry, index) => contains(found[index], entry, false))
		);
	}
	if (typeof sent === 'object' && sent !== null) {
		if (typeof found !== 'object' || found === null || Array.isArray(found)) return false;
		const record = found as IDataObject;
		return Object.entries(sent).every(
			([key, value]) => value === undefined || contains(record[key], value, arraysMerged),
		);
	}
	return found === sent;
}
