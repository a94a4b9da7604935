// The config `@n8n/node-cli` 0.48 ships as its strict default (and n8n's verification scan runs):
// @eslint/js and typescript-eslint recommended, n8n's community-node rules (Cloud-compatible set),
// eslint-plugin-n8n-nodes-base on package.json, credentials/ and nodes/, with only the rules off
// that the CLI's own default switches off. Its import-x rules are not included (one more plugin
// for nothing tsc does not already catch). The difference: it lints only what ships; the CLI's
// `eslint .` would also apply the node sandbox rules (no process, setTimeout, console) to tests,
// benchmarks and scripts, which are Node programs type-checked by `tsc -p tsconfig.test.json`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as communityNodes } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '.runtime/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodes.recommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase, ...communityNodes.recommended.plugins },
		rules: {
			...n8nNodesBase.configs.community.rules,
			...Object.fromEntries(
				Object.entries(communityNodes.recommended.rules).filter(([name]) =>
					/no-runtime-dependencies|valid-peer-dependencies|n8n-object-validation|package-name-convention|no-forbidden-lifecycle-scripts|no-overrides-field|require-version|valid-author|valid-description/.test(name),
				),
			),
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
