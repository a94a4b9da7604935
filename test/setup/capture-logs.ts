import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS, SANDBOX_CREDENTIALS_2 } from '../fake-finout/seed';
import { observeRuns } from '../harness/run-observers';

/**
 * Routes everything n8n's engine logs (its DI Logger, which the error reporter uses, and
 * LoggerProxy) plus console output into memory for the test file, then checks that no secret
 * key ever reached a log line. Also keeps the test output readable.
 */
const lines: string[] = [];

function record(level: string) {
	return (message: unknown, metadata?: unknown) => {
		lines.push(`${level} ${String(message)} ${safeStringify(metadata)}`);
	};
}

function safeStringify(value: unknown): string {
	if (value === undefined) return '';
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, entry: unknown) => {
			if (entry instanceof Error) {
				return { ...entry, name: entry.name, message: entry.message, stack: entry.stack };
			}
			if (typeof entry === 'object' && entry !== null) {
				if (seen.has(entry)) return '[circular]';
				seen.add(entry);
			}
			return entry;
		});
	} catch {
		return String(value);
	}
}

const capturingLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped: () => capturingLogger,
};

Container.set(Logger, capturingLogger as unknown as Logger);
LoggerProxy.init(capturingLogger);
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
		lines.push(`console.${method} ${args.map((arg) => (typeof arg === 'string' ? arg : safeStringify(arg))).join(' ')}`);
	});
}

export function capturedLogLines(): readonly string[] {
	return lines;
}

/** Workflow runs (outputs, errors, run data) are scanned for secrets with the log lines. */
export function recordForSecretScan(label: string, value: unknown): void {
	lines.push(`${label} ${safeStringify(value)}`);
}

observeRuns((run) => recordForSecretScan('run', run));

afterAll(() => {
	const everything = lines.join('\n');
	for (const secret of [SANDBOX_CREDENTIALS.secretKey, SANDBOX_CREDENTIALS_2.secretKey]) {
		expect(everything).not.toContain(secret);
	}
});
