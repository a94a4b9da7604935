import type { IExecuteFunctions } from 'n8n-workflow';

import { cancelSignalOf, throwIfCancelled } from '../../transport/cancellation';
import type { FinoutKey } from '../queryLanguage/api';
import { loadKeyList } from './keyList';

/** Display name of a key ("Regions" for AWS region, a virtual tag's name for its ID), if known. */
export type KeyNameLookup = (costCenter: string, key: string) => string | undefined;

const noNames: KeyNameLookup = () => undefined;

/**
 * Key display names for Simplify, from the shared Query Language V2 keys list (keyList.ts). When
 * the list cannot be read (e.g. the token's role does not allow it, or an answer that is not
 * Finout's, even in one entry), the columns keep the key names.
 */
export async function loadKeyNames(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<KeyNameLookup> {
	try {
		const { keys } = await loadKeyList(
			ctx,
			{ itemIndex, retry: { maxRetries: 2, maxTotalWaitMs: 10_000 } },
			// Names only decorate the columns: after a failure they wait for the list's next read.
			{ retryFailure: false },
		);
		return lookupOf(keys);
	} catch {
		// A run that was stopped stops here too; any other failure leaves the key names.
		throwIfCancelled(cancelSignalOf(ctx));
		return noNames;
	}
}

function lookupOf(keys: FinoutKey[]): KeyNameLookup {
	const byCostCenterAndKey = new Map<string, string>();
	const byKey = new Map<string, string | null>();
	for (const entry of keys) {
		if (!entry.displayName) continue;
		byCostCenterAndKey.set(`${entry.costCenter.toLowerCase()}\n${entry.key}`, entry.displayName);
		// A key name alone is ambiguous when two cost centers use it with different display names.
		const known = byKey.get(entry.key);
		byKey.set(
			entry.key,
			known === undefined || known === entry.displayName ? entry.displayName : null,
		);
	}
	return (costCenter, key) =>
		byCostCenterAndKey.get(`${costCenter.toLowerCase()}\n${key}`) ??
		(costCenter === '' ? (byKey.get(key) ?? undefined) : undefined);
}
