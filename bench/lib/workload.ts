/** The workload shared by the sections: Cost → Query by View over the seeded views. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { VIEW_IDS } from '../../test/fake-finout/seed';

/** Requests per measured run (issue: N = 500). */
export const N_REQUESTS = 500;

const locatorExpression = (expression: string) => ({ __rl: true, mode: 'id', value: expression });

/** View from the item (`{{ $json.viewId }}`), the last 7 full UTC days, one item per series. */
export const COST_BY_VIEW: INodeParameters = {
	resource: 'cost',
	operation: 'queryByView',
	viewId: locatorExpression('={{ $json.viewId }}'),
	dateRange: 'last7Days',
	output: 'series',
};

/** Item i asks for view i mod 6: the workflow a user builds to pull several views' costs. */
export function viewItems(count: number): IDataObject[] {
	const views = Object.values(VIEW_IDS);
	return Array.from({ length: count }, (_, index) => ({ index, viewId: views[index % views.length] }));
}
