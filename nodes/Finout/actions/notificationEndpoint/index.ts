import type { OperationList } from '../common/operation';
import { create } from './create.operation';
import { getAll } from './getAll.operation';

/** In dropdown order: alphabetical by name. */
export const notificationEndpoint: OperationList = {
	operations: [create, getAll],
	default: getAll,
};
