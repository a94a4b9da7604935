import type { OperationList } from '../common/operation';
import { getAll } from './getAll.operation';

/** In dropdown order: alphabetical by name. */
export const view: OperationList = {
	operations: [getAll],
	default: getAll,
};
