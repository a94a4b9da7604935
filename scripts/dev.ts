/**
 * `npm run dev`: the demo (`npm start`: n8n 2.41.1 + the Finout sandbox, examples imported) with
 * the package in watch mode. `tsc --watch` recompiles dist/ on every save and n8n's dev reload
 * (N8N_DEV_RELOAD) reloads the package's nodes from dist/, so an edit shows up after a refresh of
 * the editor, without a rebuild or a restart. Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';

import { PACKAGE_ROOT } from './examples';
import { say } from './lib/log';

// n8n resolves the demo's symlink to this folder, watches it and, on a change, drops the cached
// modules under it and loads the package again ("Hot reload triggered for n8n-nodes-finout").
process.env.N8N_DEV_RELOAD = 'true';

const watcher = spawn('npx', ['tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
	cwd: PACKAGE_ROOT,
	stdio: ['ignore', 'inherit', 'inherit'],
});
say('dev', `tsc --watch (pid ${watcher.pid}) recompiles dist/ on save; n8n reloads the nodes from it`);
const stopWatcher = () => watcher.kill('SIGTERM');
process.on('exit', stopWatcher);

require('./demo');
