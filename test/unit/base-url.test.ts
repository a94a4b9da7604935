import { Workflow } from 'n8n-workflow';

import { FinoutApi } from '../../credentials/FinoutApi.credentials';
import { checkBaseUrl, queueKeyFor } from '../../nodes/Finout/transport/credentials';
import { TestNodeTypes } from '../harness/engine';

describe('checkBaseUrl', () => {
	test.each([
		['https://app.finout.io', 'https://app.finout.io'],
		['  HTTPS://App.Finout.IO/  ', 'https://app.finout.io'],
		['https://app.finout.io:443/', 'https://app.finout.io'],
		['https://gateway.example.com//finout//', 'https://gateway.example.com/finout'],
		['http://localhost:8080', 'http://localhost:8080'],
		['HTTP://127.0.0.1:80/', 'http://127.0.0.1'],
		['http://127.4.5.6:9000', 'http://127.4.5.6:9000'],
		['http://[::1]:3000/', 'http://[::1]:3000'],
		['', 'https://app.finout.io'],
	])('%j is accepted as %s', (raw, expected) => {
		expect(checkBaseUrl(raw)).toEqual({ ok: true, baseUrl: expected });
	});

	test.each([
		['http://app.finout.io', /https:\/\//],
		['http://128.0.0.1', /https:\/\//],
		['http://localhost.evil.com', /https:\/\//],
		['https://user:secret@app.finout.io', /user name or password/],
		['https://app.finout.io/?x=1', /query/],
		['https://app.finout.io?', /query/],
		['https://app.finout.io/#x', /fragment/],
		['ftp://app.finout.io', /https:\/\//],
		['app.finout.io', /not a URL|https:\/\//],
		['https://', /not a URL/],
	])('%j is refused', (raw, reason) => {
		const check = checkBaseUrl(raw);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.problem).toMatch(reason);
	});

	test('a refused Base URL never repeats its password', () => {
		const check = checkBaseUrl('https://user:hunter2-password@app.finout.io');
		expect(JSON.stringify(check)).not.toContain('hunter2-password');
	});
});

describe('queueKeyFor', () => {
	test('spellings of one origin share a key; another client ID or origin does not', () => {
		const canonical = (raw: string) => {
			const check = checkBaseUrl(raw);
			if (!check.ok) throw new Error(check.problem);
			return check.baseUrl;
		};
		const key = queueKeyFor(canonical('HTTP://127.0.0.1:4000/'), 'client');
		expect(queueKeyFor(canonical('http://127.0.0.1:4000'), 'client')).toBe(key);
		expect(queueKeyFor(canonical('http://127.0.0.1:4000'), ' client ')).toBe(key);
		expect(queueKeyFor(canonical('http://127.0.0.1:4001'), 'client')).not.toBe(key);
		expect(queueKeyFor(canonical('http://127.0.0.1:4000'), 'other')).not.toBe(key);
	});
});

describe('the credential test applies the same rule in an n8n expression', () => {
	const workflow = new Workflow({
		nodes: [{ id: '1', name: 'Test', type: 'n8n-nodes-finout.finout', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes(),
	});
	const testBaseUrl = (baseUrl: string) =>
		workflow.expression.getSimpleParameterValue(
			workflow.getNode('Test')!,
			new FinoutApi().test.request.baseURL as string,
			'internal',
			{ $credentials: { baseUrl } },
			undefined,
			'',
		);

	test.each([
		'https://app.finout.io/',
		'http://127.0.0.1:4000',
		'http://[::1]:3000/',
		'http://finout.example.com',
		'https://user:secret@app.finout.io',
		'https://app.finout.io/?x=1',
		'https://app.finout.io/#x',
		'ftp://app.finout.io',
		'http://localhost.evil.com',
	])('%j: sent to only when the nodes accept it too', (baseUrl) => {
		const accepted = checkBaseUrl(baseUrl).ok;
		const target = String(testBaseUrl(baseUrl));
		expect(target.startsWith('refused-base-url')).toBe(!accepted);
	});
});
