/**
 * Prepares an n8n instance for the Finout node: runtime, user folder, package, credential and
 * workflows imported from the CLI. Used by the demo, the screenshot script and the e2e tests.
 */
import { join } from 'node:path';

import type { CredentialJson, WorkflowJson } from '../examples';
import { PACKAGE_ROOT } from '../examples';
import { timed } from '../lib/log';
import { ensureN8n } from '../runtime';
import { N8nCli } from './cli';
import type { N8nHome, PackageLinkMode } from './home';
import { PACKAGE_NAME, createHome, installPackage } from './home';
import { installTarballLikeN8n, packTarball } from './tarball';

export interface InstanceOptions {
	n8nVersion: string;
	/** User folder (N8N_USER_FOLDER). */
	root: string;
	fresh: boolean;
	linkMode: PackageLinkMode;
	credentials: CredentialJson[];
	workflows: WorkflowJson[];
	/** Prefix of progress lines. */
	scope: string;
}

export interface PreparedInstance {
	home: N8nHome;
	cli: N8nCli;
}

export async function prepareInstance(options: InstanceOptions): Promise<PreparedInstance> {
	const runtime = await ensureN8n(options.n8nVersion);
	const home = createHome(runtime, { root: options.root, fresh: options.fresh });
	if (options.linkMode === 'tarball') {
		await timed(options.scope, 'npm pack + install the tarball like Community Nodes', async () => {
			const tarball = await packTarball(PACKAGE_ROOT, join(options.root, 'pack'));
			await installTarballLikeN8n(tarball.file, join(home.dataDir, 'nodes'), PACKAGE_NAME);
		});
	} else {
		installPackage(home, PACKAGE_ROOT, options.linkMode);
	}
	const cli = new N8nCli(home, options.credentials.map((credential) => credential.data.secretKey));
	const credentialNames = options.credentials.map((credential) => `"${credential.name}"`).join(', ');
	await timed(options.scope, `import credential ${credentialNames}`, () => cli.importCredentials(options.credentials));
	if (options.workflows.length > 0) {
		await timed(options.scope, `import ${options.workflows.length} workflows`, () =>
			cli.importWorkflows(options.workflows),
		);
	}
	return { home, cli };
}
