import type { INodeProperties } from 'n8n-workflow';

import { retryOptionsProperty } from '../Finout/actions/common/retryOptions';
import { triggerEvents } from './events';

export const triggerProperties: INodeProperties[] = [
	{
		// n8n adds Poll Times (default Every Minute) to every polling node and a node cannot change it.
		displayName:
			"Finout's costs are daily: set Poll Times to Every Hour, or less often. Fetch Test Event shows the latest complete day; when nothing crossed the condition, its items say fired: false.",
		name: 'pollTimesNotice',
		type: 'notice',
		default: '',
	},
	triggerEvents.eventProperty,
	...triggerEvents.properties,
	retryOptionsProperty,
];
