/**
 * An n8n user folder ("home"): where n8n keeps its database, config and community packages
 * (`<root>/.n8n/`), plus the environment every n8n process for that folder runs with.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cleanEnv, freePort } from '../lib/process';
import type { N8nRuntime } from '../runtime';
import { node24Env } from '../runtime';

export const PACKAGE_NAME = 'n8n-nodes-finout';
/** Our own notes about the folder (n8n ignores it); keeps the encryption key stable across runs. */
const SETTINGS_FILE = 'n8n-nodes-finout.home.json';

/**
 * How the package gets into n8n:
 * - 'symlink' (demo): `npm run build` + restarting n8n picks up changes, nothing to copy.
 * - 'copy' (e2e): package.json + dist copied, like an npm-installed package. With a symlink, Node
 *   resolves `require('n8n-workflow')` from the real path, i.e. the clone's own dev dependency
 *   (2.41.0), instead of the n8n-workflow of the n8n under test (1.120.x for n8n 1.123). A copy
 *   has no node_modules above it, so n8n's own copy is used (n8n puts it on NODE_PATH), which is
 *   what happens for users.
 * - 'tarball' (e2e): `npm pack`, then installed the way Settings → Community Nodes installs it
 *   (see tarball.ts), so the tests run what users download, not the working folder.
 */
export type PackageLinkMode = 'symlink' | 'copy' | 'tarball';

export interface N8nHome {
	root: string;
	/** `<root>/.n8n`: n8n's data folder. */
	dataDir: string;
	encryptionKey: string;
	runtime: N8nRuntime;
}

export interface HomeOptions {
	root: string;
	/** Delete whatever is there first. */
	fresh: boolean;
}

export function createHome(runtime: N8nRuntime, options: HomeOptions): N8nHome {
	if (options.fresh) rmSync(options.root, { recursive: true, force: true });
	const dataDir = join(options.root, '.n8n');
	mkdirSync(join(dataDir, 'nodes', 'node_modules'), { recursive: true });
	return { root: options.root, dataDir, encryptionKey: loadOrCreateEncryptionKey(options.root), runtime };
}

function loadOrCreateEncryptionKey(root: string): string {
	const file = join(root, SETTINGS_FILE);
	if (existsSync(file)) {
		const settings = JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey?: string };
		if (settings.encryptionKey) return settings.encryptionKey;
	}
	const encryptionKey = randomBytes(24).toString('base64url');
	writeFileSync(file, JSON.stringify({ encryptionKey }, null, 2), { mode: 0o600 });
	return encryptionKey;
}

/** Puts the built package at `<root>/.n8n/nodes/node_modules/n8n-nodes-finout`, where n8n scans. */
export function installPackage(home: N8nHome, packageRoot: string, mode: Exclude<PackageLinkMode, 'tarball'>): string {
	if (!existsSync(join(packageRoot, 'dist', 'nodes'))) {
		throw new Error(`${packageRoot}/dist is missing: run \`npm run build\` first`);
	}
	const target = join(home.dataDir, 'nodes', 'node_modules', PACKAGE_NAME);
	if (existsSync(target) || isDanglingLink(target)) rmSync(target, { recursive: true, force: true });
	if (mode === 'symlink') {
		symlinkSync(packageRoot, target, 'dir');
	} else {
		mkdirSync(target, { recursive: true });
		cpSync(join(packageRoot, 'package.json'), join(target, 'package.json'));
		cpSync(join(packageRoot, 'dist'), join(target, 'dist'), { recursive: true });
	}
	return target;
}

function isDanglingLink(path: string): boolean {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}

/**
 * Environment for one n8n process of this home. Every process gets its own free task-broker
 * port: n8n always starts a task broker (default 127.0.0.1:5679), so a second n8n process
 * (execute while start runs, or parallel executes) would otherwise fail with "port in use".
 */
export async function n8nEnv(home: N8nHome, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
	return {
		...node24Env(home.runtime.node, cleanEnv()),
		N8N_USER_FOLDER: home.root,
		N8N_ENCRYPTION_KEY: home.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		// Offline and quiet: no telemetry, version checks, templates or onboarding surveys.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// The editor is served over plain http on localhost; a secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		...extra,
	};
}
