import type { IExecuteFunctions } from 'n8n-workflow';

import { checkNumberAtLeast, unlessEmpty } from '../common/fields';
import { parametersOf } from '../common/parameters';
import { MAX_PAGE_SIZE } from './constants';

/** An optional number of seconds of at least `min` (empty means `fallback`), in milliseconds. */
export function readSeconds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	fallback: number,
	label: string,
	min: number,
): number {
	return Math.round(
		checkNumberAtLeast(ctx, itemIndex, unlessEmpty(raw, fallback), label, min) * 1000,
	);
}

export function readPageSize(ctx: IExecuteFunctions, itemIndex: number, raw: unknown): number {
	const given = unlessEmpty(raw, MAX_PAGE_SIZE);
	const pageSize = typeof given === 'number' || typeof given === 'string' ? Number(given) : NaN;
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		throw parametersOf(ctx, itemIndex).fail(
			`Page Size must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
		);
	}
	return pageSize;
}
