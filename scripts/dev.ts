/**
 * `npm run dev`: the demo (`npm start`: n8n 2.41.1 + the Finout sandbox, examples imported) with
 * the package in watch mode. `tsc --watch` recompiles dist/ on every save and n8n's dev reload
 * (N8N_DEV_RELOAD) reloads the package's nodes from dist/, so an edit shows up after a refresh of
 * the editor, without a rebuild or a restart. Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';

import { PACKAGE_ROOT } from './examples';
import { say } from './lib/log';

process.env.N8N_DEV_RELOAD = 'true';
// n8n loads the package through a symlink; without this, Node caches the modules under their real
// paths and n8n's reload (which clears the cache under the symlinked path) would serve stale code.
process.env.NODE_PRESERVE_SYMLINKS = '1';

const watcher = spawn('npx', ['tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
	cwd: PACKAGE_ROOT,
	stdio: ['ignore', 'inherit', 'inherit'],
});
say('dev', `tsc --watch (pid ${watcher.pid}) recompiles dist/ on save; n8n reloads the nodes from it`);
const stopWatcher = () => watcher.kill('SIGTERM');
process.on('exit', stopWatcher);

require('./demo');
