import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cancellableSleep } from '../../transport/cancellation';
import type { DateRange } from '../common/dateRange';
import {
	limitProperty,
	optionsCollection,
	readLimit,
	returnAllProperty,
	simplifyProperty,
} from '../common/fields';
import type { SummaryGroup } from '../common/summary';
import { SUMMARY_OUTPUT_OPTION, summarizeGroups } from '../common/summary';
import { defineOperation } from '../common/operation';
import { splitRange } from './chunks';
import {
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	MAX_PAGE_SIZE,
	MIN_POLL_INTERVAL_SECONDS,
	RESULTS_HINT,
	RESULTS_KEPT_HOURS,
} from './constants';
import { readResults, submitQuery } from './api';
import { loadKeyNames } from './keyNames';
import { waitForQuery } from './waitForQuery';
import type { QuerySpec } from './querySpec';
import { queryRequestOptions, queryRequestProperties } from './queryDescription';
import { readQuerySpec } from './querySpec';
import { readPageSize, readSeconds } from './readOptions';
import { RowSimplifier } from './simplify';

interface Input {
	spec: QuerySpec;
	pollIntervalMs: number;
	maxWaitMs: number;
	pageSize: number;
	limit?: number;
	simplify: boolean;
	output: 'rows' | 'summary';
}

interface PollingOptions {
	maxWaitSeconds?: number;
	pageSize?: number;
	pollIntervalSeconds?: number;
}

interface Submitted {
	queryId: string;
	range: DateRange;
}

export const query = defineOperation<Input>({
	value: 'query',
	name: 'Query',
	action: 'Query costs and usage by any dimension',
	description:
		'Submit a query, wait until Finout completes it and return its rows (Cost and Usage API V2)',
	properties: [
		...queryRequestProperties({
			dateRangeDescription:
				"Period to query, in UTC. Finout's Cost and Usage API accepts at most 60 days per query, so a longer range is split into consecutive queries of 60 days or less (cut at the start of a day, week or month), whose rows are returned in chronological order of those periods.",
		}),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Rows',
					value: 'rows',
					description: 'One item per row (a time bucket and its dimension values)',
				},
				SUMMARY_OUTPUT_OPTION,
			],
			default: 'rows',
		},
		{ ...returnAllProperty, displayOptions: { show: { output: ['rows'] } } },
		{
			...limitProperty,
			displayOptions: { show: { output: ['rows'], returnAll: [false] } },
			displayName: 'Max Rows',
			description:
				'The top N rows in the sort order (Options → Sort By), e.g. 5 for "top 5 services". Finout computes only these rows.',
		},
		{
			...simplifyProperty,
			displayOptions: { show: { output: ['rows'] } },
			description:
				'Whether to return flat rows: dimension columns named by the key\'s display name, "date" as an ISO date, and "cost" / "usage" as numbers. Turn off for the rows exactly as Finout sends them.',
		},
		optionsCollection([
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_WAIT_SECONDS,
				description: `How long to wait for Finout to finish the query. When it takes longer, the node returns the query ID instead of rows, to read later with Get Results (Finout keeps results ${RESULTS_KEPT_HOURS} hours).`,
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				default: MAX_PAGE_SIZE,
				description: `Advanced: rows per results request (Finout allows up to ${MAX_PAGE_SIZE.toLocaleString('en-US')}). It changes how many requests are made, never which rows are returned.`,
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS, numberPrecision: 1 },
				default: DEFAULT_POLL_INTERVAL_SECONDS,
				description:
					'Time between two checks of the query status. Finout advises 5 seconds; status checks count against its limit of 50 per minute.',
			},
			...queryRequestOptions,
		]),
	],

	read(itemIndex) {
		const options = this.getNodeParameter('options', itemIndex, {}) as PollingOptions;
		const output = this.getNodeParameter('output', itemIndex, 'rows') as Input['output'];
		// A summary adds up every row; Max Rows only caps the rows returned one by one.
		const limit = output === 'summary' ? undefined : readLimit(this, itemIndex);
		return {
			spec: readQuerySpec(this, itemIndex, { maxRows: limit }),
			pollIntervalMs: readSeconds(
				this,
				itemIndex,
				options.pollIntervalSeconds,
				DEFAULT_POLL_INTERVAL_SECONDS,
				'Poll Interval (Seconds)',
				MIN_POLL_INTERVAL_SECONDS,
			),
			maxWaitMs: readSeconds(
				this,
				itemIndex,
				options.maxWaitSeconds,
				DEFAULT_MAX_WAIT_SECONDS,
				'Max Wait (Seconds)',
				1,
			),
			pageSize: readPageSize(this, itemIndex, options.pageSize),
			limit,
			output,
			simplify:
				output === 'summary' || (this.getNodeParameter('simplify', itemIndex, true) as boolean),
		};
	},

	async run(input, { itemIndex, retry, cancelSignal }) {
		const deadline = Date.now() + input.maxWaitMs;
		// Every request and wait of the item, the status polls included, ends when the run stops.
		const request = { itemIndex, retry, signal: cancelSignal };

		// All chunks are submitted first, so Finout computes them side by side.
		const submitted: Submitted[] = [];
		for (const range of splitRange(input.spec.range, input.spec.interval)) {
			const { queryId } = await submitQuery(this, input.spec, range, request);
			submitted.push({ queryId, range });
		}

		const rows: IDataObject[] = [];
		for (const chunk of submitted) {
			const remaining = input.limit === undefined ? undefined : input.limit - rows.length;
			if (remaining !== undefined && remaining <= 0) break;

			const waited = await waitForQuery(this, chunk.queryId, {
				...request,
				pollIntervalMs: input.pollIntervalMs,
				deadline,
			});
			if (waited.timedOut) return [timedOutItem(chunk, waited.status.status, submitted)];
			if (waited.status.status !== 'completed')
				throw notAvailableError(this, itemIndex, chunk.queryId, waited.status.status);

			let timedOut = false;
			const outcome = await readResults(this, chunk.queryId, {
				...request,
				limit: remaining,
				pageSize: input.pageSize,
				// Finout said "completed" but the results are not served yet: wait like for the status.
				onNotReady: async () => {
					const left = deadline - Date.now();
					if (left <= 0) {
						timedOut = true;
						return false;
					}
					await cancellableSleep(Math.min(input.pollIntervalMs, left), cancelSignal);
					return true;
				},
			});
			if ('notAvailable' in outcome) {
				if (timedOut) return [timedOutItem(chunk, 'running', submitted)];
				throw notAvailableError(
					this,
					itemIndex,
					chunk.queryId,
					outcome.notAvailable.status,
					outcome.notAvailable.finoutMessage,
				);
			}
			rows.push(...outcome.rows);
		}

		const simplified =
			input.simplify && rows.length > 0 ? await simplifyRows(this, itemIndex, rows) : rows;
		return input.output === 'summary' ? [summarizeRows(simplified, input.spec)] : simplified;
	},
});

async function simplifyRows(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rows: IDataObject[],
): Promise<IDataObject[]> {
	const simplifier = new RowSimplifier(await loadKeyNames(ctx, itemIndex));
	return rows.map((row) => simplifier.simplify(row));
}

/** Groups simplified rows by their dimension values (by date without dimensions). */
function summarizeRows(rows: IDataObject[], spec: QuerySpec): IDataObject {
	const amountNames = [
		...new Set(
			rows.flatMap((row) => Object.keys(row).filter((name) => typeof row[name] === 'number')),
		),
	];
	const groups: SummaryGroup[] = rows.map((row) => {
		const labels: IDataObject = {};
		const amounts: Record<string, number> = {};
		for (const [name, value] of Object.entries(row)) {
			if (typeof value === 'number') amounts[name] = value;
			else if (!name.endsWith('Unit') && (spec.dimensions.length === 0 || name !== 'date'))
				labels[name] = value;
		}
		return { labels, amounts };
	});
	return {
		start: new Date(spec.range.startMs).toISOString(),
		end: new Date(spec.range.endMs).toISOString(),
		interval: spec.interval,
		rows: rows.length,
		...summarizeGroups(groups, amountNames),
	};
}

function timedOutItem(chunk: Submitted, status: string, submitted: Submitted[]): IDataObject {
	const item: IDataObject = { queryId: chunk.queryId, status, timedOut: true, hint: RESULTS_HINT };
	if (submitted.length > 1) {
		item.hint = `${RESULTS_HINT}. The date range was split into ${submitted.length} queries of 60 days or less; read each one listed in "queries".`;
		item.queries = submitted.map((entry) => ({
			queryId: entry.queryId,
			start: new Date(entry.range.startMs).toISOString(),
			end: new Date(entry.range.endMs).toISOString(),
		}));
	}
	return item;
}

function notAvailableError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	queryId: string,
	status: string,
	finoutMessage?: string,
): NodeOperationError {
	const said = finoutMessage ? ` Finout said: "${finoutMessage}".` : '';
	if (status === 'expired') {
		return new NodeOperationError(
			ctx.getNode(),
			`The results of the cost and usage query expired before they were read (item ${itemIndex})`,
			{
				itemIndex,
				description: `Query ${queryId} is no longer available.${said} Finout keeps results ${RESULTS_KEPT_HOURS} hours; run the node again to submit a new query.`,
			},
		);
	}
	return new NodeOperationError(
		ctx.getNode(),
		`Finout could not run the cost and usage query (item ${itemIndex})`,
		{
			itemIndex,
			description: `Finout reports query ${queryId} as ${status}.${said} Check that the dimension and filter keys exist with the given types (Query Language → Get Keys) and that at most 3 virtual tags are used, then run the node again. If it keeps happening, send the query ID to Finout support.`,
		},
	);
}
