import type { OperationList } from '../common/operation';
import { get } from './get.operation';
import { update } from './update.operation';

/** In dropdown order: alphabetical by name. */
export const virtualTagMetadata: OperationList = {
	operations: [get, update],
	default: get,
};
