/**
 * Imported first by bench/run.ts: n8n-core writes $N8N_USER_FOLDER/.n8n/config on first use, so
 * the in-process engine gets a throw-away folder (removed on exit) instead of the developer's home.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-finout-bench-'));
	process.env.N8N_USER_FOLDER = folder;
	// A config with a key up front, so n8n-core does not announce that it generated one.
	mkdirSync(join(folder, '.n8n'), { recursive: true });
	writeFileSync(join(folder, '.n8n', 'config'), JSON.stringify({ encryptionKey: randomBytes(24).toString('base64') }), { mode: 0o600 });
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
