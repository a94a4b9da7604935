import type { OperationList } from '../common/operation';
import { getResults } from './getResults.operation';
import { getStatus } from './getStatus.operation';
import { query } from './query.operation';
import { submitQuery } from './submitQuery.operation';

/** In dropdown order: alphabetical by name. */
export const costAndUsage: OperationList = {
	operations: [getResults, getStatus, query, submitQuery],
	default: query,
};
