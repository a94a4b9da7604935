/** Issue 13: the nodes are findable and named like n8n's own nodes. */
import type { INodeProperties } from 'n8n-workflow';

import finoutCodex from '../../nodes/Finout/Finout.node.json';
import { Finout } from '../../nodes/Finout/Finout.node';
import triggerCodex from '../../nodes/FinoutTrigger/FinoutTrigger.node.json';
import { FinoutTrigger } from '../../nodes/FinoutTrigger/FinoutTrigger.node';

const action = new Finout().description;
const trigger = new FinoutTrigger().description;

/** Evaluates a `={{ … }}` subtitle the way the canvas does, for one set of parameters. */
function subtitleFor(subtitle: string, parameters: Record<string, string>): unknown {
	const body = subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$parameter', `return (${body});`)(parameters);
}

describe('nodes panel', () => {
	test.each(['virtual tag', 'finops', 'aws cost', 'cloud cost', 'costguard'])('searching "%s" finds the Finout node', (term) => {
		const aliases = ((finoutCodex as { alias?: string[] }).alias ?? []).map((alias) => alias.toLowerCase());
		expect(aliases.some((alias) => alias.includes(term))).toBe(true);
	});

	test('the trigger is found by the same FinOps words', () => {
		const aliases = ((triggerCodex as { alias?: string[] }).alias ?? []).map((alias) => alias.toLowerCase());
		expect(aliases).toEqual(expect.arrayContaining(['finops', 'cloud cost']));
	});

	// n8n's nodes panel merges an app's action and trigger nodes into one entry and shows the
	// trigger's description for it (useActionsGeneration: "default to trigger description").
	test('the merged panel entry describes the action node too, not only the trigger', () => {
		expect(trigger.description).not.toMatch(/^Starts the workflow/);
		expect(trigger.description).toMatch(/query cloud costs/i);
		expect(action.description).toMatch(/query cloud costs/i);
	});
});

describe('canvas subtitle', () => {
	test.each([
		['costAndUsage', 'query', 'Query: Cost and Usage'],
		['cost', 'queryByView', 'Query by View: Cost'],
		['costGuard', 'getRecommendations', 'Get Recommendations: CostGuard'],
		['virtualTag', 'create', 'Create: Virtual Tag'],
	])('%s / %s shows "%s"', (resource, operation, expected) => {
		expect(subtitleFor(action.subtitle!, { resource, operation })).toBe(expected);
	});
});

describe('one spelling of CostGuard', () => {
	// n8n's lint keeps actions in sentence case, so they name the savings rather than the brand.
	test('no action says "cost guard"', () => {
		const actions = action.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options ?? []) as Array<{ action?: string }>)
			.map((option) => option.action ?? '');
		expect(actions.filter((text) => /cost guard/i.test(text))).toEqual([]);
		expect(actions).toContain('Get savings recommendations');
	});
});

describe('Finout Trigger form', () => {
	test('a notice says that daily data needs no more than an hourly poll', () => {
		const notice = trigger.properties.find((property: INodeProperties) => property.name === 'pollTimesNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/Every Hour/);
	});
});
