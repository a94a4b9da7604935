/**
 * Runs the Finout node through n8n-core's real WorkflowExecute (the test harness's Items → Finout
 * workflow, with the real node and credential classes and the credential's generic auth applied
 * by n8n's expression engine) and reads the node's own timing from the run data, as n8n records it.
 */
import { performance } from 'node:perf_hooks';
import type { IDataObject, INodeExecutionData, INodeParameters, IRun } from 'n8n-workflow';

import { FairGate } from '../../nodes/Finout/transport/gate';
import type { FinoutCredentialData } from '../../test/harness/engine';
import { startFinoutWorkflow } from '../../test/harness/engine';

export type { FinoutCredentialData };

const NODE_UNDER_TEST = 'Finout';

export interface RunOptions {
	continueOnFail?: boolean;
}

/** Items → Finout through WorkflowExecute; resolves with n8n's IRun. */
export function executeFinout(
	parameters: INodeParameters,
	credentials: FinoutCredentialData,
	items: IDataObject[],
	options: RunOptions = {},
): Promise<IRun> {
	return startFinoutWorkflow({ parameters, credentials, items, continueOnFail: options.continueOnFail });
}

export interface NodeRunTiming {
	status: string;
	error?: string;
	/** runData.Finout[0].executionTime: what n8n shows as the node's execution time. */
	nodeMs: number;
	/** Epoch ms when the node started (runData.Finout[0].startTime). */
	nodeStart: number;
	/** From calling WorkflowExecute.run to its promise settling (includes the Items node). */
	wallMs: number;
	outputItems: number;
	errorItems: number;
	/** The node's output items (first output). */
	items: INodeExecutionData[];
}

export function credentials(baseUrl: string, pair: { clientId: string; secretKey: string }): FinoutCredentialData {
	return { clientId: pair.clientId, secretKey: pair.secretKey, baseUrl, maxConcurrentRequests: 5 };
}

export async function runFinout(
	parameters: INodeParameters,
	creds: FinoutCredentialData,
	items: IDataObject[],
	options: RunOptions = {},
): Promise<NodeRunTiming> {
	const started = performance.now();
	const run = await executeFinout(parameters, creds, items, options);
	const wallMs = performance.now() - started;
	const task = run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const output = task?.data?.main?.[0] ?? [];
	const error = run.data.resultData.error ?? task?.error;
	return {
		status: run.status,
		error: error ? `${error.message} ${(error as { description?: string }).description ?? ''}`.trim() : undefined,
		nodeMs: task?.executionTime ?? NaN,
		nodeStart: task?.startTime ?? NaN,
		wallMs,
		outputItems: output.length,
		errorItems: output.filter((item) => item.json.error !== undefined).length,
		items: output,
	};
}

export function assertSuccess(label: string, timing: NodeRunTiming): void {
	if (timing.status !== 'success') throw new Error(`${label}: workflow ${timing.status}: ${timing.error ?? ''}`);
}

export interface PermitRecord {
	/** performance.now() when acquire() was called, when the permit was granted, and released. */
	askedAt: number;
	grantedAt: number;
	releasedAt: number;
}

/**
 * Measurement probe, used only in the diagnostic runs: wraps FairGate.prototype.acquire in this
 * process to time each permit (queue wait, and how long the request holds it). The node's code
 * is unchanged; the wrapper adds two performance.now() calls per request.
 */
export function probeGates(): { records: PermitRecord[]; restore: () => void } {
	const records: PermitRecord[] = [];
	const original = FairGate.prototype.acquire;
	FairGate.prototype.acquire = function (this: FairGate, ...args: Parameters<FairGate['acquire']>) {
		const askedAt = performance.now();
		return original.apply(this, args).then((release) => {
			const record: PermitRecord = { askedAt, grantedAt: performance.now(), releasedAt: NaN };
			records.push(record);
			return () => {
				if (Number.isNaN(record.releasedAt)) record.releasedAt = performance.now();
				release();
			};
		});
	};
	return { records, restore: () => (FairGate.prototype.acquire = original) };
}
