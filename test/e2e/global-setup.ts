/**
 * Runs once before the e2e tests: builds dist/ (what n8n loads) and makes sure Node 24 and every
 * n8n version under test are installed in the machine cache, so the tests' own timeouts only
 * cover test work, not a 5-minute install.
 */
import { PACKAGE_ROOT } from '../../scripts/examples';
import { timed } from '../../scripts/lib/log';
import { runOrThrow } from '../../scripts/lib/process';
import { ensureN8n } from '../../scripts/runtime';
import { versionsUnderTest } from './support/versions';

export default async function globalSetup(): Promise<void> {
	process.stderr.write('\n');
	await timed('e2e', 'npm run build', () => runOrThrow('npm', ['run', 'build'], { cwd: PACKAGE_ROOT }));
	// One after the other: an n8n install peaks at ~4 GB RAM and keeps both cores busy.
	for (const version of versionsUnderTest()) await ensureN8n(version);
}
