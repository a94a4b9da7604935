import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../../transport/responses';

/** Metadata of one virtual tag value. */
interface ValueMetadata extends IDataObject {
	customMetadata?: IDataObject;
	groups?: string[];
	endpoints?: string[];
}

export type TagMetadata = Record<string, ValueMetadata>;

export const METADATA_PLACEHOLDER =
	'e.g. {"App Team": {"customMetadata": {"owner": "Dave"}, "groups": ["d704e672-b33c-4fda-b4fc-bde7a8774de4"], "endpoints": ["770e4021-08f3-48d9-bdc1-ae9a8fd07cea"]}}';

class MetadataShapeError extends Error {}

/**
 * n8n sends request bodies through axios, whose config merge drops these names at every depth
 * (a guard against prototype pollution): a value or custom key so named would silently vanish
 * from the PUT, so it is refused before anything is sent.
 */
const NAMES_THE_HTTP_CLIENT_DROPS = new Set(['__proto__', 'constructor', 'prototype']);

function refuseDroppedName(name: string, what: string): void {
	if (!NAMES_THE_HTTP_CLIENT_DROPS.has(name)) return;
	throw new MetadataShapeError(
		`${what} "${name}" cannot be sent: n8n's HTTP client leaves the names __proto__, constructor and prototype out of every request; rename it`,
	);
}

/**
 * Checks the metadata map `{ "<value>": {customMetadata?, groups?, endpoints?} }` before it is
 * sent. Finout does not allow dots in value names.
 */
export function validateMetadata(value: unknown): TagMetadata {
	if (!isPlainObject(value)) {
		throw new MetadataShapeError(
			'Metadata must be a JSON object that maps tag values to their metadata',
		);
	}
	const entries = Object.entries(value);
	if (entries.length === 0)
		throw new MetadataShapeError('Metadata is empty; add at least one tag value');
	const result: TagMetadata = {};
	for (const [name, entry] of entries) {
		if (name.trim() === '') throw new MetadataShapeError('Metadata has an empty value name');
		if (name.includes('.')) {
			throw new MetadataShapeError(
				`Metadata value "${name}" contains a dot; Finout does not allow dots in value names`,
			);
		}
		refuseDroppedName(name, 'Metadata value');
		result[name] = validateEntry(entry, `Metadata["${name}"]`);
	}
	return result;
}

function validateEntry(entry: unknown, path: string): ValueMetadata {
	if (!isPlainObject(entry)) {
		throw new MetadataShapeError(
			`${path} must be an object {customMetadata?, groups?, endpoints?}`,
		);
	}
	const result: ValueMetadata = {};
	for (const [field, value] of Object.entries(entry)) {
		if (field === 'customMetadata') {
			if (!isPlainObject(value)) {
				throw new MetadataShapeError(
					`${path}.customMetadata must be an object of key/value pairs, e.g. {"owner": "Dave"}`,
				);
			}
			for (const key of Object.keys(value)) refuseDroppedName(key, `${path}.customMetadata key`);
			result.customMetadata = { ...value };
		} else if (field === 'groups' || field === 'endpoints') {
			if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id.trim() === '')) {
				throw new MetadataShapeError(`${path}.${field} must be an array of ID strings`);
			}
			result[field] = [...(value as string[])];
		} else {
			const hint =
				field === 'endpoint'
					? ' (did you mean "endpoints", an array of endpoint IDs?)'
					: field === 'mergeValuesAndMetadata'
						? ' (choose Merge or Replace with the Mode field instead)'
						: '; use customMetadata, groups and endpoints';
			throw new MetadataShapeError(`${path} has unknown field "${field}"${hint}`);
		}
	}
	return result;
}

/**
 * Merge as Finout's V2 `mergeValuesAndMetadata` does: custom keys are merged (new values win),
 * group and endpoint IDs are added to the existing ones.
 */
export function mergeValueMetadata(
	current: ValueMetadata | undefined,
	update: ValueMetadata,
): ValueMetadata {
	if (!current) return update;
	const merged: ValueMetadata = { ...current };
	if (update.customMetadata)
		merged.customMetadata = { ...current.customMetadata, ...update.customMetadata };
	for (const field of ['groups', 'endpoints'] as const) {
		if (update[field]) merged[field] = [...new Set([...(current[field] ?? []), ...update[field]])];
	}
	return merged;
}

/** One output item per tag value. */
export function toItems(
	virtualTagId: string,
	metadata: TagMetadata,
	values = Object.keys(metadata),
): IDataObject[] {
	return values.map((value) => ({ virtualTagId, value, ...metadata[value] }));
}
