import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from './constants';

export function readSeconds(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	fallback: number,
	label: string,
	min: number,
): number {
	const seconds = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!Number.isFinite(seconds) || seconds < min) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a number of at least ${min} (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return Math.round(seconds * 1000);
}

export function readPageSize(ctx: IExecuteFunctions, itemIndex: number, raw: unknown): number {
	const pageSize = raw === undefined || raw === '' ? MAX_PAGE_SIZE : Number(raw);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Page Size must be a whole number from 1 to ${MAX_PAGE_SIZE} (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return pageSize;
}
