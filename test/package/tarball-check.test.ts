/** The tarball checker itself: each kind of defect in an unpacked package is reported. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { tarballProblems } from '../../scripts/n8n/tarball';

const MANIFEST = {
	name: 'n8n-nodes-x',
	main: 'index.js',
	n8n: { nodes: ['dist/nodes/X/X.node.js'], credentials: ['dist/credentials/XApi.credentials.js'] },
};
const GOOD: Record<string, string> = {
	'package.json': JSON.stringify(MANIFEST),
	'index.js': 'module.exports = {};',
	'dist/nodes/X/X.node.js': `const h = require("./helper"); exports.icon = { light: 'file:../../icons/x.svg' };`,
	'dist/nodes/X/helper.js': '',
	'dist/nodes/X/X.node.json': '{}',
	'dist/credentials/XApi.credentials.js': '',
	'dist/icons/x.svg': '<svg/>',
};

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'tarball-check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function unpacked(files: Record<string, string>): string {
	for (const [path, content] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), content);
	}
	return dir;
}

const without = (path: string) => Object.fromEntries(Object.entries(GOOD).filter(([name]) => name !== path));

test('a complete package has no problems', () => {
	expect(tarballProblems(unpacked(GOOD))).toEqual([]);
});

test.each([
	['a test file', { ...GOOD, 'dist/test/x.test.js': '' }, /test\/source\/tooling file: dist\/test\/x\.test\.js/],
	['a TypeScript source', { ...GOOD, 'nodes/X/X.node.ts': '' }, /nodes\/X\/X\.node\.ts/],
	['a source map pointing outside', { ...GOOD, 'dist/nodes/X/X.node.js.map': JSON.stringify({ sources: ['../../../nodes/X/X.node.ts'] }) }, /source "\.\.\/\.\.\/\.\.\/nodes\/X\/X\.node\.ts" is not in the package/],
	['a missing registered node', without('dist/nodes/X/X.node.js'), /registers dist\/nodes\/X\/X\.node\.js, which is missing/],
	['a missing codex file', without('dist/nodes/X/X.node.json'), /has no codex file/],
	['a missing icon', without('dist/icons/x.svg'), /icon file:\.\.\/\.\.\/icons\/x\.svg/],
	['a missing required module', without('dist/nodes/X/helper.js'), /require\("\.\/helper"\) has no target/],
	['a missing main', without('index.js'), /"main" \(index\.js\) is missing/],
])('reports %s', (_label, files, problem) => {
	expect(tarballProblems(unpacked(files))).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
});
