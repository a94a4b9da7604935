import type { IRun } from 'n8n-workflow';

/**
 * Lets the test setup see every finished run (it scans them for secrets) without importing the
 * engine harness, which would load the node before a test file's jest.mock() could apply.
 */
const observers = new Set<(run: IRun) => void>();

export function observeRuns(observer: (run: IRun) => void): void {
	observers.add(observer);
}

export function notifyRunObservers(run: IRun): void {
	for (const observe of observers) observe(run);
}
