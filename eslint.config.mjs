// Mirrors the config `@n8n/node-cli` ships (and n8n's verification scan runs): typescript-eslint,
// n8n's community-node rules (Cloud-compatible set), and eslint-plugin-n8n-nodes-base on
// package.json, credentials/ and nodes/. Tests, benchmarks and scripts are type-checked by
// `tsc -p tsconfig.test.json` instead; they never ship.
import tseslint from 'typescript-eslint';
import { configs as communityNodes } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '.runtime/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended, communityNodes.recommended],
		rules: {
			'no-console': 'error',
			'@typescript-eslint/no-explicit-any': 'off',
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
