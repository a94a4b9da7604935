/**
 * Live data stores of the fake Finout account.
 *
 * One store serves V1 and V2 (§8: "Store V1 and V2 virtual tags in one store"), so a tag
 * created through V1 is visible through V2 with its version history, and vice versa.
 * The object identity never changes: resetData() refills the same maps, so a test that
 * grabbed `sim.state` keeps a valid reference.
 */
import { randomUUID } from 'node:crypto';
import {
	SANDBOX_ACCOUNT_ID,
	SANDBOX_API_USER,
	STATIC_KEYS,
	VIEWS,
	makeResource,
	seedEndpoints,
	seedMetadata,
	seedRecommendations,
	seedScans,
	seedVirtualTags,
	withSaltedIds,
} from './seed';
import type {
	EndpointRecord,
	KeyDef,
	QueryRecord,
	RecommendationGroup,
	ResourceRecommendation,
	ScanRecord,
	TagMetadata,
	TagTarget,
	VersionRecord,
	ViewDef,
	VirtualTagRecord,
	VirtualTagRule,
} from './types';

/** [GF]: at most 100 versions are kept; the oldest non-live one is dropped at the limit. */
export const MAX_VERSIONS_PER_TAG = 100;

export interface TagInput {
	name: string;
	rules: VirtualTagRule[];
	defaultValue: TagTarget;
}

export interface SaveOptions {
	now: number;
	setAsLive: boolean;
	changeDescription: string | null;
}

export class SimState {
	readonly views = new Map<string, ViewDef>();
	readonly virtualTags = new Map<string, VirtualTagRecord>();
	readonly metadata = new Map<string, TagMetadata>();
	readonly endpoints = new Map<string, EndpointRecord>();
	readonly scans = new Map<string, ScanRecord>();
	readonly recommendations = new Map<string, RecommendationGroup[]>();
	readonly queries = new Map<string, QueryRecord>();
	private seq = 0;
	/** Set by reseed(): the seeded ids are swapped for salted ones (see withSaltedIds). */
	private idSalt: string | undefined;

	constructor() {
		this.reset();
	}

	/** From now on (and at every reset) the account holds the seed under other ids. */
	reseed(idSalt: string): void {
		this.idSalt = idSalt;
		this.reset();
	}

	/** Restore the seeded data (drops everything created by tests, including queries). */
	reset(): void {
		this.seq = 0;
		for (const m of [this.views, this.virtualTags, this.metadata, this.endpoints, this.scans, this.recommendations, this.queries]) {
			m.clear();
		}
		const salted = <T>(data: T): T => (this.idSalt ? withSaltedIds(data, this.idSalt) : data);
		for (const v of salted(VIEWS)) this.views.set(v.id, v);
		for (const t of salted(seedVirtualTags(() => this.nextSeq()))) this.virtualTags.set(t.id, t);
		for (const [id, md] of salted(seedMetadata())) this.metadata.set(id, md);
		for (const e of salted(seedEndpoints())) this.endpoints.set(e.id, e);
		const scans = salted(seedScans());
		for (const s of scans) this.scans.set(s.scanId, s);
		for (const [id, groups] of seedRecommendations(scans)) this.recommendations.set(id, groups);
	}

	nextSeq(): number {
		return ++this.seq;
	}

	// -- MegaBill keys -------------------------------------------------------

	/** Static keys plus one `Virtual Tags` key per live tag (id as key, like Finout's VT keys). */
	allKeys(): KeyDef[] {
		const vtKeys = [...this.virtualTags.values()].map((t) => ({
			costCenter: 'Virtual Tags',
			key: t.id,
			displayName: t.name,
			types: ['virtual_tag'],
			values: this.tagValues(t),
		}));
		return [...STATIC_KEYS, ...vtKeys];
	}

	/**
	 * Find a key. Cost centers compare case-insensitively; an empty cost center (as sent by
	 * some clients for dimensions, §4.2 example) matches by key alone.
	 */
	findKey(costCenter: string, key: string): KeyDef | undefined {
		const cc = costCenter.toLowerCase();
		return this.allKeys().find((k) => k.key === key && (cc === '' || k.costCenter.toLowerCase() === cc));
	}

	/** Values a virtual tag can take: static rule targets, key-target values and the default. */
	tagValues(tag: VirtualTagRecord): string[] {
		const out = new Set<string>();
		const addTarget = (t: TagTarget) => {
			if (typeof t === 'string') out.add(t);
			else {
				const ref = STATIC_KEYS.find((k) => k.key === t.key && k.costCenter.toLowerCase() === t.costCenter.toLowerCase());
				for (const v of ref?.values ?? []) out.add(v);
			}
		};
		for (const r of tag.rules) addTarget(r.to);
		addTarget(tag.defaultValue);
		return [...out];
	}

	// -- Virtual tags ----------------------------------------------------------

	createVirtualTag(input: TagInput, opts: Omit<SaveOptions, 'setAsLive'>): VirtualTagRecord {
		const id = randomUUID();
		const version = this.newVersion(input, opts);
		// A new tag has no previous live version, so its first version is always live.
		const tag: VirtualTagRecord = {
			id,
			accountId: SANDBOX_ACCOUNT_ID,
			name: input.name,
			rules: structuredClone(input.rules),
			defaultValue: structuredClone(input.defaultValue),
			createdBy: SANDBOX_API_USER,
			updatedBy: SANDBOX_API_USER,
			createdAt: opts.now,
			updatedAt: opts.now,
			liveVersionId: version.id,
			versions: [version],
		};
		this.virtualTags.set(id, tag);
		return tag;
	}

	/** Append a version; with setAsLive=false it is staged and the live config is unchanged. */
	saveVirtualTag(id: string, input: TagInput, opts: SaveOptions): VirtualTagRecord | undefined {
		const tag = this.virtualTags.get(id);
		if (!tag) return undefined;
		const version = this.newVersion(input, opts);
		tag.versions.push(version);
		if (opts.setAsLive) {
			tag.name = input.name;
			tag.rules = structuredClone(input.rules);
			tag.defaultValue = structuredClone(input.defaultValue);
			tag.liveVersionId = version.id;
			tag.updatedAt = opts.now;
			tag.updatedBy = SANDBOX_API_USER;
		}
		while (tag.versions.length > MAX_VERSIONS_PER_TAG) {
			const oldestNonLive = tag.versions.findIndex((v) => v.id !== tag.liveVersionId);
			tag.versions.splice(oldestNonLive, 1);
		}
		return tag;
	}

	deleteVirtualTag(id: string): VirtualTagRecord | undefined {
		const tag = this.virtualTags.get(id);
		if (!tag) return undefined;
		this.virtualTags.delete(id);
		this.metadata.delete(id); // the whole tag goes, including its value metadata
		return tag;
	}

	private newVersion(input: TagInput, opts: { now: number; changeDescription: string | null }): VersionRecord {
		return {
			id: randomUUID(),
			seq: this.nextSeq(),
			createdBy: SANDBOX_API_USER,
			createdAt: opts.now,
			changeDescription: opts.changeDescription,
			versionData: structuredClone({ rules: input.rules, defaultValue: input.defaultValue }),
		};
	}

	// -- Endpoints -------------------------------------------------------------

	addEndpoint(input: { type: string; name: string; configuration: { to: string } }, now: number): EndpointRecord {
		const ep: EndpointRecord = {
			id: randomUUID(),
			accountId: SANDBOX_ACCOUNT_ID,
			type: input.type,
			name: input.name,
			configuration: { to: input.configuration.to },
			createdBy: SANDBOX_API_USER,
			createdAt: now,
			updatedAt: now,
		};
		this.endpoints.set(ep.id, ep);
		return ep;
	}

	// -- CostGuard -------------------------------------------------------------

	/**
	 * Add a finding to a scan (tests use this to make recommendations change over time,
	 * e.g. for "new recommendation" triggers). Missing fields are filled deterministically.
	 */
	addRecommendation(scanId: string, group: string, resource: Partial<ResourceRecommendation> = {}): ResourceRecommendation {
		const scan = this.scans.get(scanId);
		if (!scan) throw new Error(`addRecommendation: unknown scanId ${scanId}`);
		const groups = this.recommendations.get(scanId) ?? [];
		this.recommendations.set(scanId, groups);
		let g = groups.find((x) => x.group === group);
		if (!g) {
			g = { group, resources: [] };
			groups.push(g);
		}
		const full = { ...makeResource(scan, group, 1000 + this.nextSeq()), ...resource };
		g.resources.push(full);
		return full;
	}

	/** Remove a finding by resource id (e.g. "the instance was rightsized"). */
	removeRecommendation(scanId: string, resourceId: string): boolean {
		const groups = this.recommendations.get(scanId) ?? [];
		for (const g of groups) {
			const i = g.resources.findIndex((r) => r.resourceId === resourceId);
			if (i >= 0) {
				g.resources.splice(i, 1);
				return true;
			}
		}
		return false;
	}

	/** Move a scan's last-run time (pollers often watch scanLastRunTime). */
	setScanLastRunTime(scanId: string, ms: number): void {
		const scan = this.scans.get(scanId);
		if (!scan) throw new Error(`setScanLastRunTime: unknown scanId ${scanId}`);
		scan.scanLastRunTime = ms;
	}
}
