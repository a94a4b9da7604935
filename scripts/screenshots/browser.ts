/** Headless Debian Chromium through playwright-core (no browser download: the registry is all we reach). */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags that keep Chromium quiet and working as root in a container without a GPU or /dev/shm. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}. Install it with: ` +
				'sudo apt-get update && sudo apt-get install -y chromium fonts-liberation (or set CHROMIUM_PATH)',
		);
	}
	return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
