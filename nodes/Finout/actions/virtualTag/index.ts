import type { OperationList } from '../common/operation';
import { create } from './create.operation';
import { deleteOperation } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

/** In dropdown order: alphabetical by name. */
export const virtualTag: OperationList = {
	operations: [create, deleteOperation, get, getAll, update],
	default: getAll,
};
