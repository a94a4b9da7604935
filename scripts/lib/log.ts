/**
 * Progress lines for the runtime/demo/e2e scripts: one prefix, elapsed seconds, and a helper that
 * times a step. Everything goes to stderr so stdout stays free for machine-readable output.
 */

export function say(scope: string, message: string): void {
	process.stderr.write(`[${scope}] ${message}\n`);
}

export function seconds(sinceMs: number): string {
	return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/** Runs `work`, printing a start line and a done/failed line with its duration. */
export async function timed<T>(scope: string, label: string, work: () => Promise<T>): Promise<T> {
	const start = Date.now();
	say(scope, `${label} …`);
	try {
		const result = await work();
		say(scope, `${label} done (${seconds(start)})`);
		return result;
	} catch (error) {
		say(scope, `${label} FAILED after ${seconds(start)}`);
		throw error;
	}
}

/** Shows that a secret is set without revealing any of it: only its length. */
export function maskSecret(secret: string | undefined): string {
	return secret ? `*** (${secret.length} characters)` : '(empty)';
}

/** Replaces every occurrence of the given secrets in a text (used before printing n8n output). */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}
