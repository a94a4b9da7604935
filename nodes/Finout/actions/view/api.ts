import type { FinoutContext } from '../../transport/credentials';
import type { RequestContext } from '../../transport/request';
import { finoutRequestWithStatus } from '../../transport/request';
import { readObjectList, readText } from '../../transport/responses';

export interface View {
	id: string;
	name: string;
}

/** Every saved MegaBill view: `{data: [{id, name}]}`. */
export async function fetchViews(
	ctx: FinoutContext,
	request: RequestContext = {},
): Promise<View[]> {
	const answer = await finoutRequestWithStatus(ctx, 'listViews', request);
	return readObjectList(answer, 'data').map((view, index) => ({
		id: readText(answer, view.id, `data[${index}].id`),
		name: readText(answer, view.name, `data[${index}].name`),
	}));
}
