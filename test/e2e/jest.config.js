/**
 * End-to-end tests against real n8n (`npm run test:e2e`). Separate from the unit tests (the root
 * config ignores test/e2e): they install n8n into a machine cache on first run, spawn n8n
 * processes and a browser, and take minutes, not seconds.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Builds the package and installs Node 24 + both n8n versions (minutes when the cache is cold).
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	// n8n processes are heavy (~0.5 GB each) and the machine has 2 cores: one file at a time.
	maxWorkers: 1,
	testTimeout: 5 * 60_000,
	verbose: true,
};
