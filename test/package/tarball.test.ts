/**
 * The npm tarball, as users get it: `npm pack` of the built package. Prints its size and file
 * list, and fails when it carries tests or sources, source maps that point outside it, or misses
 * a file the nodes load. Needs dist/ (`npm test` builds first).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Tarball } from '../../scripts/n8n/tarball';
import { packAndCheck } from '../../scripts/n8n/tarball';

const ROOT = resolve(__dirname, '../..');
/** Today ~95 KB packed, ~380 KB unpacked; a jump past these means something unintended got in. */
const MAX_PACKED_BYTES = 150_000;
const MAX_UNPACKED_BYTES = 600_000;

let tarball: Tarball & { problems: string[] };

beforeAll(async () => {
	if (!existsSync(join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	tarball = await packAndCheck(ROOT);
	const lines = tarball.files.map((file) => `  ${String(file.size).padStart(7)}  ${file.path}`);
	process.stdout.write(
		`[package] ${tarball.file.split('/').pop()}: ${tarball.size} bytes packed, ${tarball.unpackedSize} unpacked, ${tarball.files.length} files\n${lines.join('\n')}\n`,
	);
}, 60_000);

test('carries no tests or sources, no source map pointing outside it, and every file the nodes load', () => {
	expect(tarball.problems).toEqual([]);
});

test('holds exactly the package files: compiled nodes, credential, codex, icons, typings, README, LICENSE', () => {
	const unexpected = tarball.files
		.map((file) => file.path)
		.filter(
			(path) =>
				!/^dist\/(nodes|credentials)\/.+\.(js|d\.ts)$/.test(path) &&
				!/^dist\/nodes\/[^/]+\/[^/]+\.node\.json$/.test(path) &&
				!/^dist\/icons\/[^/]+\.svg$/.test(path) &&
				!['package.json', 'README.md', 'LICENSE', 'index.js'].includes(path),
		);
	expect(unexpected).toEqual([]);
	const paths = tarball.files.map((file) => file.path);
	expect(paths).toEqual(
		expect.arrayContaining([
			'dist/nodes/Finout/Finout.node.js',
			'dist/nodes/Finout/Finout.node.json',
			'dist/nodes/FinoutTrigger/FinoutTrigger.node.js',
			'dist/nodes/FinoutTrigger/FinoutTrigger.node.json',
			'dist/credentials/FinoutApi.credentials.js',
			'dist/icons/finout.svg',
			'dist/icons/finout.dark.svg',
		]),
	);
});

test('stays small', () => {
	expect(tarball.size).toBeLessThan(MAX_PACKED_BYTES);
	expect(tarball.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
});
