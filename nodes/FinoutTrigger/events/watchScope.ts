import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import { locatorProperty, readLocator } from '../../Finout/actions/common/fields';

/** An event that watches every resource of a kind, or the one chosen in a locator. */
export interface WatchScope {
	/** The dropdown, e.g. "Scans" / scanScope (its name is saved in workflows). */
	displayName: string;
	name: string;
	all: { name: string; description: string };
	oneName: string;
	locator: Parameters<typeof locatorProperty>[0];
}

export function watchScopeProperties(scope: WatchScope): INodeProperties[] {
	return [
		{
			displayName: scope.displayName,
			name: scope.name,
			type: 'options',
			options: [
				{ name: scope.all.name, value: 'all', description: scope.all.description },
				{ name: scope.oneName, value: 'one' },
			],
			default: 'one',
		},
		{
			...locatorProperty(scope.locator),
			displayOptions: { show: { [scope.name]: ['one'] } },
		},
	];
}

/** The watched resource's ID, or undefined when the event watches all of them. */
export function readWatchedId(ctx: IPollFunctions, scope: WatchScope): string | undefined {
	if (ctx.getNodeParameter(scope.name, 'one') === 'all') return undefined;
	return readLocator(ctx, undefined, scope.locator.name, scope.locator.displayName);
}
