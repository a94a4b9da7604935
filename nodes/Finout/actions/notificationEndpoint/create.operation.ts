import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { finoutRequestWithStatus } from '../../transport/request';
import { isPlainObject, readObject, readString } from '../../transport/responses';
import { readRequiredString } from '../common/fields';
import { defineOperation } from '../common/operation';
import { listEndpoints } from './api';

type EndpointType = 'email' | 'slack';

interface Input {
	body: IDataObject;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const create = defineOperation<Input>({
	value: 'create',
	name: 'Create',
	action: 'Create a notification endpoint',
	description: 'Add an email address or Slack channel that Finout alerts can be sent to',
	properties: [
		{
			displayName: 'Type',
			name: 'endpointType',
			type: 'options',
			options: [
				{ name: 'Email', value: 'email' },
				{ name: 'Slack', value: 'slack' },
			],
			default: 'email',
			description:
				'Finout creates email and Slack endpoints through the API; Microsoft Teams channels appear automatically once Teams is connected',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. FinOps team',
			description: 'How the endpoint is shown in Finout when choosing where alerts go',
		},
		{
			displayName: 'Email Address',
			name: 'to',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. finops@example.com',
			displayOptions: { show: { endpointType: ['email'] } },
		},
		{
			displayName: 'Slack Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://hooks.slack.com/services/T000/B000/XXXX',
			displayOptions: { show: { endpointType: ['slack'] } },
			description: 'Incoming-webhook URL of the Slack channel',
		},
	],

	read(itemIndex) {
		const type = this.getNodeParameter('endpointType', itemIndex) as EndpointType;
		const name = readRequiredString(this, itemIndex, 'name', 'Name');
		const to =
			type === 'email'
				? readRequiredString(this, itemIndex, 'to', 'Email Address')
				: readRequiredString(this, itemIndex, 'webhookUrl', 'Slack Webhook URL');
		if (type === 'email' && !EMAIL.test(to)) {
			throw new NodeOperationError(
				this.getNode(),
				`Email Address "${to}" is not an email address (item ${itemIndex})`,
				{
					itemIndex,
				},
			);
		}
		if (type === 'slack' && !/^https:\/\/\S+$/.test(to)) {
			throw new NodeOperationError(
				this.getNode(),
				`Slack Webhook URL must start with https:// (item ${itemIndex})`,
				{
					itemIndex,
					description:
						'Copy the incoming-webhook URL from the Slack app settings, e.g. https://hooks.slack.com/services/…',
				},
			);
		}
		return {
			body: { type, name, configuration: { to } },
		};
	},

	reconcile(input, { retry }) {
		return {
			kind: 'create',
			family: 'notification endpoints',
			name: String(input.body.name),
			sent: input.body,
			list: async () => await listEndpoints(this, { retry }),
			output: (found) => [found],
		};
	},

	async run(input, { itemIndex, retry }) {
		const answer = await finoutRequestWithStatus(this, 'createEndpoint', {
			body: input.body,
			itemIndex,
			retry,
		});
		// Docs list the endpoint's fields at the top level; an older description wraps them in "endpoint".
		// Either way the new endpoint's ID (what alerts are pointed at) must be there.
		const wrapped = isPlainObject(readObject(answer).endpoint);
		readString(answer, wrapped ? 'endpoint.id' : 'id');
		const fields = { ...readObject(answer, wrapped ? 'endpoint' : '') };
		delete fields.requestId;
		return [fields];
	},
});
