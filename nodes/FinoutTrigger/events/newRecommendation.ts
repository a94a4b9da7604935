import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { checkNumberAtLeast, unlessEmpty } from '../../Finout/actions/common/fields';
import { fetchRecommendations, fetchScans } from '../../Finout/actions/costGuard/api';
import { flattenRecommendations } from '../../Finout/actions/costGuard/simplify';
import { isPlainObject } from '../../Finout/transport/responses';
import type { EventOutcome, PollRun } from '../context';
import type { StoredState } from '../state';
import { fingerprint, isInstant, isStringList, shortHash, STATE_VERSION } from '../state';
import { listingAt } from '../unlisted';
import { defineEvent } from './event';
import type { WatchScope } from './watchScope';
import { readWatchedId, watchScopeProperties } from './watchScope';

/** Resources remembered per scan; beyond it only the largest savings are watched. */
const MAX_TRACKED_PER_SCAN = 5_000;
const MAX_SAMPLE_ITEMS = 5;

const SCAN_SCOPE: WatchScope = {
	displayName: 'Scans',
	name: 'scanScope',
	all: { name: 'All Scans', description: 'Every CostGuard scan of the account' },
	oneName: 'One Scan',
	locator: {
		displayName: 'Scan',
		name: 'scanId',
		searchListMethod: 'searchScans',
		placeholder: 'e.g. 5dc3714f-e9dc-4a44-9ee0-dd422405af9d',
		description: 'The CostGuard scan to watch',
	},
};

const properties: INodeProperties[] = [
	...watchScopeProperties(SCAN_SCOPE),
	{
		displayName: 'Options',
		name: 'recommendationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Existing on First Poll',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll fires for every resource already recommended. Off: the first poll only remembers them.',
			},
			{
				displayName: 'Min Yearly Savings',
				name: 'minYearlySavings',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only resources whose yearly potential savings are at least this amount',
			},
		],
	},
];

export const newRecommendation = defineEvent({
	value: 'newRecommendation',
	name: 'New CostGuard Recommendation',
	description: 'A CostGuard scan recommends a resource it did not recommend at the last poll',
	subtitle: 'New CostGuard recommendation',
	// Stored under its first name: renaming it would make every saved trigger start over.
	properties,
	readSettings: readRecommendationSettings,
	isIntactState: isIntactRecommendationState,
	poll: pollNewRecommendation,
});

export interface RecommendationState extends StoredState {
	/**
	 * Per scan: short hashes of the resource IDs that were recommended (and met Min Yearly
	 * Savings) at the last poll. A resource fires when it is not in its scan's set. The set is
	 * replaced at every poll, so it never grows beyond what the scan currently recommends, and a
	 * resource that left the list and comes back fires again. A scan missing from a scans answer
	 * keeps its set for up to 30 days (see listingAt): absent from one answer is not gone, and an
	 * empty set would fire it all again.
	 */
	scans: Record<string, string[]>;
	/** Per scan missing from the last scans answer: since when. Absent when every scan was listed. */
	unlistedSince?: Record<string, number>;
}

/** Whether a stored entry has the shape this file writes (see RecommendationState). */
function isIntactRecommendationState(entry: IDataObject): boolean {
	return (
		isPlainObject(entry.scans) &&
		Object.values(entry.scans).every(isStringList) &&
		(entry.unlistedSince === undefined ||
			(isPlainObject(entry.unlistedSince) && Object.values(entry.unlistedSince).every(isInstant)))
	);
}

interface RecommendationSettings {
	scanIds?: string[];
	minYearlySavings: number;
	emitExisting: boolean;
	watch: string;
}

function readRecommendationSettings(ctx: IPollFunctions): RecommendationSettings {
	const scanId = readWatchedId(ctx, SCAN_SCOPE);
	const scanIds = scanId === undefined ? undefined : [scanId];
	const options = ctx.getNodeParameter('recommendationOptions', {}) as IDataObject;
	const minYearlySavings = checkNumberAtLeast(
		ctx,
		undefined,
		unlessEmpty(options.minYearlySavings, 0),
		'Min Yearly Savings',
		0,
	);
	return {
		scanIds,
		minYearlySavings,
		emitExisting: options.emitExisting === true,
		// A lower minimum would make every resource in between "new": start over instead.
		watch: fingerprint({ scanIds: scanIds ?? 'all', minYearlySavings }),
	};
}

async function pollNewRecommendation(
	run: PollRun,
	settings: RecommendationSettings,
	previous: RecommendationState | undefined,
): Promise<EventOutcome<RecommendationState>> {
	const { ctx, retry, signal } = run;
	const scanIds =
		settings.scanIds ?? (await fetchScans(ctx, { retry, signal })).map((scan) => scan.scanId);
	// All scans at once: the transport's per-key queue decides how many really run in parallel.
	const responses = await Promise.all(
		scanIds.map(async (scanId) => ({
			scanId,
			response: await fetchRecommendations(ctx, { scanId }, { retry, signal }),
		})),
	);

	const next: RecommendationState = {
		v: STATE_VERSION,
		watch: settings.watch,
		scans: { ...previous?.scans },
	};
	const fresh: IDataObject[] = [];
	const current: IDataObject[] = [];
	for (const { scanId, response } of responses) {
		const qualifying = flattenRecommendations(response, scanId)
			.filter((record) => savingsOf(record) >= settings.minYearlySavings)
			.sort((a, b) => bySavings(a, b) || String(a.resourceId).localeCompare(String(b.resourceId)));
		const seenBefore = previous ? new Set(previous.scans[scanId] ?? []) : undefined;
		const hashes = new Set<string>();
		for (const record of qualifying) {
			if (hashes.size >= MAX_TRACKED_PER_SCAN) break;
			const hash = shortHash(`${String(record.resourceId)}`);
			if (hashes.has(hash)) continue; // the same resource listed in two groups
			hashes.add(hash);
			const item = { event: 'newRecommendation', ...record };
			current.push(item);
			// First poll ever: remember what is there (or emit it, if asked). Later: what is new,
			// including every resource of a scan created since the last poll.
			const isNew = seenBefore ? !seenBefore.has(hash) : settings.emitExisting;
			if (isNew) fresh.push(item);
		}
		next.scans[scanId] = [...hashes].sort();
	}
	markUnlisted(next, new Set(scanIds), previous?.unlistedSince ?? {}, run.now);

	if (run.manual) {
		// A sample: what the next poll would fire, or else the biggest current savings.
		const sample = fresh.length > 0 ? fresh : [...current].sort(bySavings);
		return { items: sample.slice(0, MAX_SAMPLE_ITEMS), state: previous ?? next };
	}
	return { items: fresh, state: next };
}

/** Scans kept but not listed get their time, or are dropped after 30 days. */
function markUnlisted(
	next: RecommendationState,
	listed: ReadonlySet<string>,
	previousUnlisted: Record<string, number>,
	now: number,
): void {
	const unlistedSince: Record<string, number> = {};
	for (const scanId of Object.keys(next.scans)) {
		const listing = listingAt(listed.has(scanId), previousUnlisted[scanId], now);
		if (listing.forget) delete next.scans[scanId];
		else if (listing.unlistedSince !== undefined) unlistedSince[scanId] = listing.unlistedSince;
	}
	if (Object.keys(unlistedSince).length > 0) next.unlistedSince = unlistedSince;
}

const savingsOf = (record: IDataObject) => Number(record.yearlyPotentialSavings ?? 0);

function bySavings(a: IDataObject, b: IDataObject): number {
	return savingsOf(b) - savingsOf(a);
}
