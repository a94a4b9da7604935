import type { OperationList } from '../common/operation';
import { getRecommendations } from './getRecommendations.operation';
import { getScans } from './getScans.operation';

/** In dropdown order: alphabetical by name. */
export const costGuard: OperationList = {
	operations: [getRecommendations, getScans],
	default: getRecommendations,
};
