/** The n8n command line for one home: import credentials/workflows and execute workflows. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { scrubSecrets } from '../lib/log';
import type { RunResult } from '../lib/process';
import { run } from '../lib/process';
import type { CredentialJson, WorkflowJson } from '../examples';
import type { ExecutionRun } from './execution-output';
import { parseExecuteOutput } from './execution-output';
import type { N8nHome } from './home';
import { n8nEnv } from './home';

const IMPORT_TIMEOUT_MS = 120_000;
const EXECUTE_TIMEOUT_MS = 180_000;

export interface ExecuteOutcome {
	exitCode: number;
	/** undefined when the output held no run JSON (n8n failed before running). */
	run?: ExecutionRun;
	/** stdout+stderr with secrets masked, for failure messages. */
	output: string;
	durationMs: number;
}

export class N8nCli {
	constructor(
		private readonly home: N8nHome,
		/** Masked in every output this class returns or throws. */
		private readonly secrets: string[] = [],
	) {}

	async run(args: string[], timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<RunResult> {
		const env = await n8nEnv(this.home, extraEnv);
		return await run(this.home.runtime.node.nodeBin, [this.home.runtime.n8nBin, ...args], { env, timeoutMs });
	}

	async importCredentials(credentials: CredentialJson[]): Promise<void> {
		await this.importJson('import:credentials', credentials);
	}

	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		// One file with an array imports all workflows in a single n8n start-up (~5 s each saved).
		await this.importJson('import:workflow', workflows);
	}

	async execute(workflowId: string): Promise<ExecuteOutcome> {
		const start = Date.now();
		const result = await this.run(['execute', `--id=${workflowId}`], EXECUTE_TIMEOUT_MS);
		return {
			exitCode: result.code,
			run: parseExecuteOutput(result.stdout),
			output: this.mask(result.stdout + result.stderr),
			durationMs: Date.now() - start,
		};
	}

	private async importJson(command: string, content: unknown): Promise<void> {
		// The file may hold a secret (credential data), so it lives in a private temp dir only
		// for the duration of the import.
		const dir = mkdtempSync(join(tmpdir(), 'n8n-finout-import-'));
		const file = join(dir, 'import.json');
		try {
			writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
			const result = await this.run([command, `--input=${file}`], IMPORT_TIMEOUT_MS);
			if (result.code !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
				throw new Error(`n8n ${command} failed (exit ${result.code}):\n${this.mask(result.stdout + result.stderr)}`);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}

	private mask(text: string): string {
		return scrubSecrets(text, this.secrets);
	}
}
