import type { OperationList } from '../common/operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

/** In dropdown order: alphabetical by name. */
export const virtualTagVersion: OperationList = {
	operations: [get, getAll],
	default: getAll,
};
