/**
 * `npm run test:live`: read-only smoke tests against the real Finout API. Kept out of the default
 * suite (the root config only roots at test/ and ignores this folder): it needs real keys.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/live'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup/env.ts'],
	testTimeout: 5 * 60_000,
	verbose: true,
};
