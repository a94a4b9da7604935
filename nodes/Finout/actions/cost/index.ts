import type { OperationList } from '../common/operation';
import { queryByView } from './queryByView.operation';

/** In dropdown order: alphabetical by name. */
export const cost: OperationList = {
	operations: [queryByView],
	default: queryByView,
};
