/**
 * A cross-process lock on a cache entry, so two scripts (demo + e2e, or two CI jobs on this
 * machine) never install into the same folder at once. mkdir is atomic; the owner's pid is
 * stored inside so a lock left behind by a killed process is taken over instead of waited on.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { say } from './log';

const POLL_MS = 2_000;
/** Longer than the slowest n8n install seen (~6 min cold) plus a margin. */
const WAIT_LIMIT_MS = 20 * 60_000;

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function ownerPid(lockDir: string): number | undefined {
	try {
		const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

export async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = ownerPid(lockDir);
			// No pid yet means the owner is between mkdir and writeFile: give it a moment.
			if (pid !== undefined && !isAlive(pid)) {
				say('lock', `taking over stale lock ${lockDir} (pid ${pid} is gone)`);
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() - started > WAIT_LIMIT_MS) {
				throw new Error(`Timed out waiting for ${lockDir} (held by pid ${pid ?? '?'})`);
			}
			if (!announced) {
				say('lock', `waiting for pid ${pid ?? '?'} to finish with ${lockDir}`);
				announced = true;
			}
			await sleep(POLL_MS);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}
