/**
 * Runs once before the e2e tests: builds dist/ (what n8n loads), checks the npm tarball, and makes sure Node 24 and every
 * n8n version under test are installed in the machine cache, so the tests' own timeouts only
 * cover test work, not a 5-minute install.
 */
import { PACKAGE_ROOT } from '../../scripts/examples';
import { say, timed } from '../../scripts/lib/log';
import { packAndCheck } from '../../scripts/n8n/tarball';
import { runOrThrow } from '../../scripts/lib/process';
import { ensureN8n } from '../../scripts/runtime';
import { versionsUnderTest } from './support/versions';

export default async function globalSetup(): Promise<void> {
	process.stderr.write('\n');
	await timed('e2e', 'npm run build', () => runOrThrow('npm', ['run', 'build'], { cwd: PACKAGE_ROOT }));
	// The tests install the packed tarball; a tarball that ships tests or misses a file fails here.
	const tarball = await packAndCheck(PACKAGE_ROOT);
	say('e2e', `tarball: ${tarball.size} bytes packed, ${tarball.unpackedSize} unpacked, ${tarball.files.length} files`);
	if (tarball.problems.length > 0) throw new Error(`The npm tarball is not publishable:\n${tarball.problems.join('\n')}`);
	// One after the other: an n8n install peaks at ~4 GB RAM and keeps both cores busy.
	for (const version of versionsUnderTest()) await ensureN8n(version);
}
