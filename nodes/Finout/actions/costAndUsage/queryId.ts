import { locatorProperty } from '../common/fields';

export const queryIdProperty = locatorProperty({
	displayName: 'Query ID',
	name: 'queryId',
	searchListMethod: 'searchRecentQueries',
	placeholder: 'e.g. 3f1b6c2e-8d4a-4f5e-9b7c-0a1d2e3f4a5b',
	description:
		'The queryId returned by Submit Query, or by Query when it stopped waiting. From List shows the queries this n8n instance submitted in the last 24 hours.',
});
