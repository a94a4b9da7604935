/**
 * Reads the result of `n8n execute` from its stdout.
 *
 * n8n prints the run as pretty JSON through its logger, i.e. mixed with log lines (task broker,
 * license, deprecation notes) before and after it, and `--rawOutput` does not remove those. The
 * pretty JSON starts with a line that is exactly "{" and ends with a line that is exactly "}",
 * while log lines never are, so the run is the text between the first such "{" and the last "}".
 */

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	data?: {
		resultData?: {
			error?: { message?: string; description?: string };
			runData?: Record<string, NodeRun[]>;
		};
	};
}

export function parseExecuteOutput(stdout: string): ExecutionRun | undefined {
	const lines = stdout.split(/\r?\n/);
	const first = lines.findIndex((line) => line === '{');
	const last = lines.lastIndexOf('}');
	if (first === -1 || last < first) return undefined;
	try {
		return JSON.parse(lines.slice(first, last + 1).join('\n')) as ExecutionRun;
	} catch {
		return undefined;
	}
}

/** The items a node emitted on its first output in its last run. */
export function nodeOutputItems(run: ExecutionRun, nodeName: string): Array<Record<string, unknown>> {
	const runs = run.data?.resultData?.runData?.[nodeName] ?? [];
	const main = runs[runs.length - 1]?.data?.main?.[0] ?? [];
	return main.map((item) => item.json);
}

export function runError(run: ExecutionRun): string | undefined {
	const error = run.data?.resultData?.error;
	return error ? [error.message, error.description].filter(Boolean).join(' – ') : undefined;
}
