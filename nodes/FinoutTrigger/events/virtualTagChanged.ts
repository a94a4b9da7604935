import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ListedVirtualTag } from '../../Finout/actions/virtualTag/api';
import { getVirtualTag, listVirtualTags } from '../../Finout/actions/virtualTag/api';
import { MAX_PAGE_SIZE, versionPages } from '../../Finout/actions/virtualTagVersion/api';
import type { FinoutAnswer, FinoutPage } from '../../Finout/transport/responses';
import {
	isPlainObject,
	parseFinoutDate,
	readFinoutDate,
	readText,
} from '../../Finout/transport/responses';
import type { EventOutcome, PollRun } from '../context';
import type { StoredState } from '../state';
import { fingerprint, isInstant, isStringList, STATE_VERSION } from '../state';
import { listingAt } from '../unlisted';
import { defineEvent } from './event';
import type { WatchScope } from './watchScope';
import { readWatchedId, watchScopeProperties } from './watchScope';

const MAX_SAMPLE_ITEMS = 5;
const SAMPLE_TAGS = 3;
/** How far ahead of n8n's clock Finout's createdAt may be (the two clocks differ a little). */
const CLOCK_SKEW_MS = 5 * 60_000;

const TAG_SCOPE: WatchScope = {
	displayName: 'Virtual Tags',
	name: 'tagScope',
	all: {
		name: 'All Virtual Tags',
		description: 'Every tag, including tags created later. Each tag costs one request per poll.',
	},
	oneName: 'One Virtual Tag',
	locator: {
		displayName: 'Virtual Tag',
		name: 'virtualTagId',
		searchListMethod: 'searchVirtualTags',
		placeholder: 'e.g. f84c9ab0-dab2-4cf1-b7aa-f4a767d9724b',
	},
};

export const virtualTagChanged = defineEvent({
	value: 'virtualTagChanged',
	name: 'Virtual Tag Changed',
	description: 'A new version of a virtual tag was saved (live or staged)',
	subtitle: 'Virtual tag changed',
	properties: watchScopeProperties(TAG_SCOPE),
	readSettings: readVirtualTagSettings,
	isIntactState: isIntactVirtualTagState,
	poll: pollVirtualTagChanged,
});

interface TagCursor {
	/** createdAt (Unix ms) of the newest version already reported. */
	at: number;
	/** IDs of the versions created exactly at `at` (the API's `from` is inclusive). */
	ids: string[];
	/**
	 * Set only while a poll had to stop before checking every tag (poll budget): when this tag
	 * was last checked (Unix ms). Unchecked tags go first next time, so none is starved.
	 */
	checked?: number;
	/** Set only while "all tags" lists no such tag: see listingAt. */
	unlistedSince?: number;
}

export interface VirtualTagState extends StoredState {
	/** When the trigger started watching: versions created before it are history, not events. */
	since: number;
	/** Per tag; a tag without an entry is read from `since`. */
	tags: Record<string, TagCursor>;
}

/** Whether a stored entry has the shape this file writes (see VirtualTagState). */
function isIntactVirtualTagState(entry: IDataObject): boolean {
	return (
		isInstant(entry.since) &&
		isPlainObject(entry.tags) &&
		Object.values(entry.tags).every(isTagCursor)
	);
}

function isTagCursor(value: unknown): boolean {
	return (
		isPlainObject(value) &&
		isInstant(value.at) &&
		isStringList(value.ids) &&
		(value.checked === undefined || isInstant(value.checked)) &&
		(value.unlistedSince === undefined || isInstant(value.unlistedSince))
	);
}

interface VirtualTagSettings {
	virtualTagId?: string;
	watch: string;
}

interface Version {
	id?: string;
	createdBy?: string;
	createdAt?: string;
	isLive?: boolean;
	changeDescription?: string | null;
}

interface Tag {
	id: string;
	name?: string;
	updatedAt?: number;
}

function readVirtualTagSettings(ctx: IPollFunctions): VirtualTagSettings {
	const virtualTagId = readWatchedId(ctx, TAG_SCOPE);
	return { virtualTagId, watch: fingerprint({ virtualTagId: virtualTagId ?? 'all' }) };
}

async function pollVirtualTagChanged(
	run: PollRun,
	settings: VirtualTagSettings,
	previous: VirtualTagState | undefined,
): Promise<EventOutcome<VirtualTagState>> {
	const { ctx, retry, signal } = run;
	const tags: Tag[] = settings.virtualTagId
		? [{ id: settings.virtualTagId }]
		: uniqueById((await listVirtualTags(ctx, 'v2', { retry, signal })).map(toTag));

	if (run.manual)
		return {
			items: await sample(run, tags, settings),
			state: previous ?? firstState(run, settings),
		};

	if (!previous) {
		// First poll: start watching now. A single tag is read once so a wrong ID fails at activation.
		if (settings.virtualTagId)
			await getVirtualTag(ctx, 'v2', settings.virtualTagId, { retry, signal });
		return { items: [], state: firstState(run, settings) };
	}

	// A tag missing from a list answer keeps its cursor (a few bytes) for up to 30 days: when it is
	// listed again it continues from there instead of reporting every version since activation.
	const next: VirtualTagState = {
		v: STATE_VERSION,
		watch: settings.watch,
		since: previous.since,
		tags: keptCursors(previous.tags, new Set(tags.map((tag) => tag.id)), run.now),
	};
	// Least recently checked first, so a budget cut-off never starves the same tags.
	const order = [...tags].sort(
		(a, b) =>
			(previous.tags[a.id]?.checked ?? 0) - (previous.tags[b.id]?.checked ?? 0) ||
			a.id.localeCompare(b.id),
	);

	// `rank`: position in Finout's newest-first answer, which orders versions saved in the same millisecond.
	const found: Array<{ tag: Tag; version: Version; createdMs: number; rank: number }> = [];
	let checkedCount = 0;
	for (const tag of order) {
		if (checkedCount > 0 && Date.now() > run.deadline) break; // the rest keeps its cursor
		const cursor: TagCursor = previous.tags[tag.id] ?? { at: previous.since, ids: [] };
		const versions = await versionsSince(run, tag.id, cursor.at);
		const known = new Set(cursor.ids);
		const fresh = versions.filter(
			({ version, createdMs }) =>
				createdMs > cursor.at || (createdMs === cursor.at && !known.has(String(version.id))),
		);
		let at = cursor.at;
		let ids = cursor.ids;
		for (const { version, createdMs } of fresh) {
			if (createdMs > at) {
				at = createdMs;
				ids = [];
			}
			if (createdMs === at) ids = [...ids, String(version.id)];
		}
		next.tags[tag.id] = { at, ids: [...new Set(ids)].sort(), checked: run.now };
		fresh.forEach((entry, rank) => found.push({ tag, ...entry, rank }));
		checkedCount++;
	}
	if (checkedCount === order.length) {
		// Every tag was checked: no order to remember (and nothing to save when nothing changed).
		for (const cursor of Object.values(next.tags)) delete cursor.checked;
	}

	if (found.length > 0 && settings.virtualTagId) {
		const tag = await getVirtualTag(ctx, 'v2', settings.virtualTagId, { retry, signal });
		for (const entry of found)
			entry.tag = { ...entry.tag, name: typeof tag.name === 'string' ? tag.name : undefined };
	}
	found.sort(
		(a, b) => a.createdMs - b.createdMs || a.tag.id.localeCompare(b.tag.id) || b.rank - a.rank,
	);
	return { items: found.map(({ tag, version }) => toItem(tag, version)), state: next };
}

/** The cursors to carry over: those of unlisted tags marked, or dropped after 30 days. */
function keptCursors(
	cursors: Record<string, TagCursor>,
	listed: ReadonlySet<string>,
	now: number,
): Record<string, TagCursor> {
	const kept: Record<string, TagCursor> = {};
	for (const [id, { unlistedSince, ...cursor }] of Object.entries(cursors)) {
		const listing = listingAt(listed.has(id), unlistedSince, now);
		if (listing.forget) continue;
		kept[id] =
			listing.unlistedSince === undefined
				? cursor
				: { ...cursor, unlistedSince: listing.unlistedSince };
	}
	return kept;
}

function firstState(run: PollRun, settings: VirtualTagSettings): VirtualTagState {
	return { v: STATE_VERSION, watch: settings.watch, since: run.now, tags: {} };
}

/** Versions with createdAt ≥ `from`, newest first, paging until older ones would follow. */
async function versionsSince(
	run: PollRun,
	virtualTagId: string,
	from: number,
): Promise<Array<{ version: Version; createdMs: number }>> {
	const out: Array<{ version: Version; createdMs: number }> = [];
	const query = { from, sortDirection: 'desc' as const, pageSize: MAX_PAGE_SIZE };
	const request = { retry: run.retry, signal: run.signal };
	for await (const { answer, page } of versionPages(run.ctx, virtualTagId, query, request)) {
		const versions = readVersions(answer, page);
		const firstOlder = versions.findIndex((entry) => entry.createdMs < from);
		out.push(...(firstOlder < 0 ? versions : versions.slice(0, firstOlder)));
		if (firstOlder >= 0) break;
	}
	return out;
}

/**
 * Each version needs its id and a readable createdAt: a cursor is built from them. A createdAt
 * in the future would move the cursor past every real save until then, deafening the trigger;
 * beyond a few minutes of clock skew it is an unexpected answer.
 */
function readVersions(
	answer: FinoutAnswer,
	page: FinoutPage,
): Array<{ version: Version; createdMs: number }> {
	return page.rows.map((row, index) => {
		readText(answer, row.id, `data[${index}].id`);
		const where = `data[${index}].createdAt`;
		const createdMs = readFinoutDate(answer, row.createdAt, where);
		const now = Date.now();
		if (createdMs > now + CLOCK_SKEW_MS) {
			const error = answer.unexpected(`a "${where}" that is not in the future`, {
				value: row.createdAt,
			});
			// Far more often n8n's clock is behind than Finout dating a save ahead: say which.
			if (error instanceof NodeApiError)
				error.description = `Finout dated this version ${new Date(createdMs).toISOString()}, more than ${CLOCK_SKEW_MS / 60_000} minutes after n8n's clock (${new Date(now).toISOString()}). If n8n's clock is behind, fix the host's time sync; the trigger stores nothing until the answer is readable and then reports these versions.`;
			throw error;
		}
		return { version: row as Version, createdMs };
	});
}

/** The newest versions, for "Fetch Test Event". */
async function sample(
	run: PollRun,
	tags: Tag[],
	settings: VirtualTagSettings,
): Promise<IDataObject[]> {
	let picked = tags;
	if (settings.virtualTagId) {
		const tag = await getVirtualTag(run.ctx, 'v2', settings.virtualTagId, {
			retry: run.retry,
			signal: run.signal,
		});
		picked = [
			{ id: settings.virtualTagId, name: typeof tag.name === 'string' ? tag.name : undefined },
		];
	} else {
		picked = [...tags]
			.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0))
			.slice(0, SAMPLE_TAGS);
	}
	const found: Array<{ tag: Tag; version: Version; createdMs: number }> = [];
	for (const tag of picked) {
		const newest = await versionPages(
			run.ctx,
			tag.id,
			{ sortDirection: 'desc', pageSize: MAX_SAMPLE_ITEMS },
			{ retry: run.retry, signal: run.signal },
		).next();
		if (newest.done) continue;
		const { answer, page } = newest.value;
		for (const entry of readVersions(answer, page)) found.push({ tag, ...entry });
	}
	found.sort((a, b) => b.createdMs - a.createdMs);
	return found.slice(0, MAX_SAMPLE_ITEMS).map(({ tag, version }) => toItem(tag, version));
}

function toTag(raw: ListedVirtualTag): Tag {
	const updatedAt = parseFinoutDate(raw.updatedAt);
	return {
		id: raw.id,
		name: typeof raw.name === 'string' ? raw.name : undefined,
		updatedAt,
	};
}

/** A tag listed twice in one answer is still one tag: read twice, each version would fire twice. */
function uniqueById(tags: Tag[]): Tag[] {
	return [...new Map(tags.map((tag) => [tag.id, tag])).values()];
}

function toItem(tag: Tag, version: Version): IDataObject {
	return {
		event: 'virtualTagChanged',
		virtualTagId: tag.id,
		virtualTagName: tag.name ?? null,
		versionId: version.id,
		createdBy: version.createdBy ?? null,
		createdAt: version.createdAt,
		changeDescription: version.changeDescription ?? null,
		isLive: version.isLive === true,
	};
}
