/**
 * Issue 13's five flows, walked in the n8n editor the way a first-time FinOps user meets the node,
 * from a brand-new workflow:
 *   1. nodes panel: "finops" and "virtual tag" find Finout, with the action node's description
 *   2. the first Finout node's cost center and key pickers load (no "Error fetching options")
 *   3. an empty filter in JSON mode shows no error marker
 *   4. a filter built with the condition builder returns only the matching rows
 *   5. the Yesterday preset returns exactly one day
 * plus the Finout Trigger form (Cost and Usage source). Screenshots go to `outDir`.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

import { launchChromium } from './browser';

const UI_TIMEOUT_MS = 60_000;

export interface FirstUseOptions {
	baseUrl: string;
	email: string;
	password: string;
	outDir: string;
	failureScreenshot?: string;
}

export interface FirstUseFindings {
	screenshots: Record<'panel' | 'pickers' | 'builder' | 'emptyFilter' | 'output' | 'trigger', string>;
	search: Record<'finops' | 'virtual tag', { names: string[]; descriptions: string[] }>;
	costCenters: string[];
	keys: string[];
	/** Texts of error markers shown near the pickers and the filter fields. */
	pickerErrors: string[];
	emptyFilterErrors: string[];
	outputItems: number;
	outputText: string;
	triggerNotice: string;
}

export async function runFirstUseTour(options: FirstUseOptions): Promise<FirstUseFindings> {
	mkdirSync(options.outDir, { recursive: true });
	const shot = (name: string) => join(options.outDir, name);
	const browser = await launchChromium();
	let page: Page | undefined;
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, baseURL: options.baseUrl });
		context.setDefaultTimeout(UI_TIMEOUT_MS);
		page = await context.newPage();
		const login = await page.request.post('/rest/login', {
			data: { email: options.email, emailOrLdapLoginId: options.email, password: options.password },
		});
		if (!login.ok()) throw new Error(`Login as ${options.email} failed: HTTP ${login.status()}`);

		// A brand-new workflow with a Manual Trigger.
		await page.goto('/workflow/new');
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await searchPanel(page, 'manual', /^Manual Trigger$/);
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Manual Trigger$/ }).first().click();
		await closeNdvIfOpen(page);

		// 1. Nodes panel
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const search: FirstUseFindings['search'] = {
			finops: await searchPanel(page, 'finops'),
			'virtual tag': await searchPanel(page, 'virtual tag'),
		};
		await searchPanel(page, 'finops');
		await page.screenshot({ path: shot('nodes-panel-finops.png') });
		await searchPanel(page, 'Finout');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Finout$/ }).first().click();
		await page.getByText('Query costs and usage by any dimension', { exact: true }).click();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.locator('[data-test-id="parameter-input-dateRange"]').waitFor();

		// 5 (set up). Date Range → Yesterday
		await chooseOption(page, ndv.locator('[data-test-id="parameter-input-dateRange"]'), 'Yesterday');

		// 2. Pickers, in a dimension row
		await ndv.getByText('Add Dimension', { exact: true }).click();
		const dimensions = ndv.locator('[data-test-id="fixed-collection-dimensions"]');
		const costCenters = await pick(page, dimensions.locator('[data-test-id="resource-locator-costCenter"]'), 'AWS');
		const keys = await pick(page, dimensions.locator('[data-test-id="resource-locator-key"]'), '(region)', shot('pickers.png'));
		const pickerErrors = await errorTexts(ndv);

		// 3. Empty filter in JSON mode: no error marker
		await chooseOption(page, ndv.locator('[data-test-id="parameter-input-filterMode"]'), 'JSON (Advanced)');
		const jsonField = ndv.locator('[data-test-id="parameter-input-filterJson"]');
		await jsonField.waitFor();
		await jsonField.scrollIntoViewIfNeeded();
		await page.waitForTimeout(1_000); // the JSON editor lints after a short pause
		const emptyFilterErrors = await errorTexts(ndv);
		await page.screenshot({ path: shot('empty-filter.png') });
		await chooseOption(page, ndv.locator('[data-test-id="parameter-input-filterMode"]'), 'Conditions');

		// 4. Builder: AWS / region / Is One Of / us-east-1
		await ndv.getByText('Add Condition', { exact: true }).click();
		const conditions = ndv.locator('[data-test-id="fixed-collection-filterConditions"]');
		await pick(page, conditions.locator('[data-test-id="resource-locator-costCenter"]'), 'AWS');
		await pick(page, conditions.locator('[data-test-id="resource-locator-key"]'), '(region)');
		const values = conditions.locator('[data-test-id="parameter-input-values"]').locator('input, textarea').first();
		await values.fill('us-east-1');
		await values.press('Tab');
		await conditions.scrollIntoViewIfNeeded();
		await page.screenshot({ path: shot('filter-builder.png') });

		// 4 + 5. Execute step
		await ndv.locator('[data-test-id="node-execute-button"]').click();
		await page.getByText('Node executed successfully').first().waitFor();
		const outputPanel = ndv.locator('[data-test-id="output-panel"]');
		await outputPanel.locator('table').first().waitFor();
		const outputText = await outputPanel.innerText();
		const count = /(\d+) items?/.exec(outputText);
		await page.screenshot({ path: shot('first-use-output.png') });
		await page.keyboard.press('Escape');
		await closeNdvIfOpen(page);

		// The trigger form (a workflow's first step), Cost and Usage source split by a dimension
		await page.goto('/workflow/new');
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await searchPanel(page, 'Finout');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Finout$/ }).first().click();
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /cost threshold/i }).first().click();
		await ndv.locator('[data-test-id="parameter-input-costSource"]').waitFor();
		const triggerNotice = await ndv.getByText('set Poll Times to Every Hour', { exact: false }).first().innerText();
		await chooseOption(page, ndv.locator('[data-test-id="parameter-input-costSource"]'), 'Cost and Usage Query (V2)');
		await chooseOption(page, ndv.locator('[data-test-id="parameter-input-costAndUsageScope"]'), 'Each Dimension Value');
		await pick(page, ndv.locator('[data-test-id="resource-locator-dimensionCostCenter"]'), 'AWS');
		await pick(page, ndv.locator('[data-test-id="resource-locator-dimensionKey"]'), '(service)');
		await page.screenshot({ path: shot('trigger-form.png') });

		return {
			screenshots: {
				panel: shot('nodes-panel-finops.png'),
				pickers: shot('pickers.png'),
				builder: shot('filter-builder.png'),
				emptyFilter: shot('empty-filter.png'),
				output: shot('first-use-output.png'),
				trigger: shot('trigger-form.png'),
			},
			search,
			costCenters,
			keys,
			pickerErrors,
			emptyFilterErrors,
			outputItems: count ? Number(count[1]) : -1,
			outputText,
			triggerNotice,
		};
	} catch (error) {
		const failureShot = options.failureScreenshot ?? join(tmpdir(), 'n8n-nodes-finout-first-use-failure.png');
		await page?.screenshot({ path: failureShot }).catch(() => undefined);
		throw new Error(`${(error as Error).message}\n(browser screenshot: ${failureShot})`);
	} finally {
		await browser.close();
	}
}

/** Types into the panel's search and waits for `expected` among the results (the panel filters as you type). */
async function searchPanel(page: Page, text: string, expected: RegExp = /^Finout$/): Promise<{ names: string[]; descriptions: string[] }> {
	await page.locator('input[data-test-id="node-creator-search-bar"]').fill(text);
	const panel = page.locator('[data-test-id="node-creator"]');
	await panel.locator('[data-test-id="node-creator-item-name"]', { hasText: expected }).first().waitFor();
	return {
		names: await panel.locator('[data-test-id="node-creator-item-name"]').allInnerTexts(),
		descriptions: await panel.locator('[data-test-id="node-creator-item-description"]').allInnerTexts(),
	};
}

async function closeNdvIfOpen(page: Page): Promise<void> {
	const close = page.locator('[data-test-id="ndv-close-button"]');
	if (await close.isVisible().catch(() => false)) await close.click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** Opens an options field and clicks the option with this label. */
async function chooseOption(page: Page, field: Locator, label: string): Promise<void> {
	await field.scrollIntoViewIfNeeded();
	await field.click();
	await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

/**
 * Opens a resource locator's list, waits until it has loaded, returns what it lists and picks the
 * first entry containing `label` (taking a screenshot while the list is open, when asked).
 */
async function pick(page: Page, locator: Locator, label: string, screenshot?: string): Promise<string[]> {
	await locator.scrollIntoViewIfNeeded();
	await locator.locator('[data-test-id="rlc-input"]').click();
	const items = page.locator('[data-test-id="rlc-item"]:visible');
	const item = items.filter({ hasText: label }).first();
	await item.waitFor();
	const listed = await items.allInnerTexts();
	if (screenshot) await page.screenshot({ path: screenshot });
	await item.click();
	return listed.map((text) => text.trim());
}

/** Error markers n8n shows: parameter issues, lint marks in code editors, load failures. */
async function errorTexts(scope: Locator): Promise<string[]> {
	const markers = scope.locator(
		'[data-test-id="parameter-issues"]:visible, .cm-lintRange-error, .cm-lint-marker-error, [data-test-id="rlc-error-container"]:visible',
	);
	const texts = await markers.allInnerTexts();
	const fetchErrors = await scope.getByText(/Error fetching|Could not load|Unexpected end of JSON/).allInnerTexts();
	return [...texts, ...fetchErrors].map((text) => text.trim() || 'error marker');
}
