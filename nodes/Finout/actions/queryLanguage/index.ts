import type { OperationList } from '../common/operation';
import { getKeys } from './getKeys.operation';
import { getValues } from './getValues.operation';

/** In dropdown order: alphabetical by name. */
export const queryLanguage: OperationList = {
	operations: [getKeys, getValues],
	default: getKeys,
};
