/**
 * The npm tarball users install (Settings → Community Nodes runs `npm pack` + untar + `npm install`),
 * built from the current dist/, and the checks that it is complete and carries nothing it should not.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';

import { runOrThrow } from '../lib/process';

export interface PackedFile {
	path: string;
	size: number;
}

export interface Tarball {
	/** Absolute path of the .tgz. */
	file: string;
	/** Compressed size in bytes. */
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

interface NpmPackEntry {
	filename: string;
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

/** `npm pack` of `packageRoot` into `outDir`; dist/ must be built. */
export async function packTarball(packageRoot: string, outDir: string): Promise<Tarball> {
	mkdirSync(outDir, { recursive: true });
	const { stdout } = await runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: packageRoot,
	});
	// npm prints notices before the JSON on some versions; the JSON array is the last thing out.
	const [entry] = JSON.parse(stdout.slice(stdout.indexOf('['))) as NpmPackEntry[];
	return {
		file: join(outDir, entry.filename),
		size: entry.size,
		unpackedSize: entry.unpackedSize,
		files: entry.files.map(({ path, size }) => ({ path, size })).sort((a, b) => a.path.localeCompare(b.path)),
	};
}

/** Unpacks a tarball the way n8n does (`tar -xzf … --strip-components=1`). */
export async function extractTarball(tarball: string, targetDir: string): Promise<void> {
	mkdirSync(targetDir, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', targetDir, '--strip-components=1']);
}

/**
 * Installs the tarball into an n8n user folder's `nodes/` exactly as n8n 2.41's
 * CommunityPackagesService.downloadPackage does: untar into nodes/node_modules/<name>, drop the
 * dev/peer/optional dependencies from its package.json, `npm install` its own dependencies with
 * n8n's flags, and record it in nodes/package.json.
 */
export async function installTarballLikeN8n(
	tarball: string,
	nodesDir: string,
	packageName: string,
	env?: NodeJS.ProcessEnv,
): Promise<string> {
	const packageDir = join(nodesDir, 'node_modules', packageName);
	rmSync(packageDir, { recursive: true, force: true });
	await extractTarball(tarball, packageDir);
	const manifestPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown> & { version: string };
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');
	await runOrThrow(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, env },
	);
	const nodesManifestPath = join(nodesDir, 'package.json');
	let nodesManifest: { dependencies?: Record<string, string> } = { dependencies: {} };
	try {
		nodesManifest = JSON.parse(readFileSync(nodesManifestPath, 'utf8')) as typeof nodesManifest;
	} catch {
		// n8n creates it on first install
	}
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [packageName]: manifest.version };
	writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2), 'utf8');
	return packageDir;
}

/** What a published tarball must never contain: tests, sources, fixtures, tooling. */
const FORBIDDEN_PATH = /(^|\/)(test|tests|__tests__|bench|scripts|examples|coverage|\.github|\.ci)\/|\.test\.|\.spec\.|\.ts$(?<!\.d\.ts)|\.tsbuildinfo$/;

/**
 * Problems with an unpacked tarball in `dir` (empty = publishable):
 * - files that are tests, TypeScript sources or tooling;
 * - source maps whose sources resolve outside the package;
 * - a node or credential registered in package.json, its codex JSON, a `file:` icon, or a relative
 *   `require()` target that is not in the tarball.
 */
export function tarballProblems(dir: string): string[] {
	const files = listFiles(dir);
	const present = new Set(files);
	const problems: string[] = [];
	for (const file of files) {
		if (FORBIDDEN_PATH.test(file)) problems.push(`ships a test/source/tooling file: ${file}`);
	}
	for (const map of files.filter((file) => file.endsWith('.map'))) {
		const { sources = [] } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as { sources?: string[] };
		for (const source of sources) {
			const resolved = posix.normalize(posix.join(posix.dirname(map), source));
			if (resolved.startsWith('..') || !present.has(resolved)) {
				problems.push(`${map}: source "${source}" is not in the package`);
			}
		}
	}
	const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
		main?: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const registered = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (registered.length === 0) problems.push('package.json registers no nodes or credentials');
	for (const entry of registered) {
		if (!present.has(entry)) problems.push(`package.json registers ${entry}, which is missing`);
	}
	for (const node of manifest.n8n?.nodes ?? []) {
		const codex = node.replace(/\.js$/, '.json');
		if (!present.has(codex)) problems.push(`${node} has no codex file ${codex}`);
	}
	if (manifest.main && !present.has(posix.normalize(manifest.main))) {
		problems.push(`package.json "main" (${manifest.main}) is missing`);
	}
	for (const js of files.filter((file) => file.endsWith('.js'))) {
		const code = readFileSync(join(dir, js), 'utf8');
		for (const [, icon] of code.matchAll(/["']file:([^"']+)["']/g)) {
			const target = posix.normalize(posix.join(posix.dirname(js), icon));
			if (!present.has(target)) problems.push(`${js}: icon file:${icon} (${target}) is missing`);
		}
		for (const [, request] of code.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
			const base = posix.normalize(posix.join(posix.dirname(js), request));
			const candidates = [base, `${base}.js`, `${base}.json`, `${base}/index.js`];
			if (!candidates.some((candidate) => present.has(candidate))) {
				problems.push(`${js}: require("${request}") has no target in the package`);
			}
		}
	}
	return problems;
}

/** Packs, unpacks into a temp folder and returns the tarball with its problems. */
export async function packAndCheck(packageRoot: string): Promise<Tarball & { problems: string[] }> {
	const work = mkdtempSync(join(tmpdir(), 'n8n-finout-pack-'));
	try {
		const tarball = await packTarball(packageRoot, work);
		const unpacked = join(work, 'package');
		await extractTarball(tarball.file, unpacked);
		// The unpacked folder is the truth: npm's --json list omits files it adds itself (e.g. "main").
		const files = listFiles(unpacked).map((path) => ({ path, size: statSync(join(unpacked, path)).size }));
		return { ...tarball, files: files.sort((a, b) => a.path.localeCompare(b.path)), problems: tarballProblems(unpacked) };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

function listFiles(root: string, dir: string = root): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path).split(/[\\/]/).join('/')];
	});
}
