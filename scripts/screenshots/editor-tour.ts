/**
 * Walks through the n8n editor the way a user meets the Finout node, checking what matters and
 * saving screenshots on the way:
 *   1. nodes panel, search "Finout"          → nodes-panel.png (icon must be the SVG, not a letter)
 *   2. the node's action list (operations)   → checked, then "Get many views" is added
 *   3. node parameters with the credential   → parameters.png
 *   4. "Execute step" → output table          → output.png
 *   5. the credential dialog                  → credential.png (labels + setup notice + a tooltip)
 *
 * Selectors are n8n's data-test-id attributes (stable across 2.x, used by n8n's own e2e tests).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

import { launchChromium } from './browser';

const UI_TIMEOUT_MS = 60_000;
/** data-test-id of each credential field's container in the credential dialog (= property name). */
const CREDENTIAL_FIELDS = ['clientId', 'secretKey', 'baseUrl', 'maxConcurrentRequests'];
const FINOUT_ICON_PATH = /\/icons\/n8n-nodes-finout\/.*finout(\.dark)?\.svg$/;

export interface TourOptions {
	/** n8n base URL reachable from the browser, e.g. http://127.0.0.1:5678. */
	baseUrl: string;
	email: string;
	password: string;
	/** A workflow holding only a Manual Trigger (the Finout node is added during the tour). */
	workflowId: string;
	/** Name of the Finout credential n8n should pick for the new node. */
	credentialName: string;
	outDir: string;
	/** Where to save what the browser showed if the tour fails (default: in the OS temp dir). */
	failureScreenshot?: string;
}

export interface TourFindings {
	screenshots: { nodesPanel: string; parameters: string; output: string; credential: string };
	/** Node names listed after searching "Finout". */
	searchResults: string[];
	iconSrc: string;
	/** Action (operation) names the node offers in the nodes panel. */
	actions: string[];
	outputText: string;
	credentialLabels: string[];
	credentialNotice: string;
	tooltip: string;
}

export async function runEditorTour(options: TourOptions): Promise<TourFindings> {
	mkdirSync(options.outDir, { recursive: true });
	const shot = (name: string) => join(options.outDir, name);
	const browser = await launchChromium();
	let page: Page | undefined;
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: options.baseUrl });
		context.setDefaultTimeout(UI_TIMEOUT_MS);
		page = await context.newPage();
		await login(page, options);
		await page.goto(`/workflow/${options.workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();

		// 1. Nodes panel
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.locator('input[data-test-id="node-creator-search-bar"]').fill('Finout');
		const finoutItem = page.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]')
			.filter({ has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Finout$/ }) })
			.first();
		await finoutItem.waitFor();
		const searchResults = await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
		const iconSrc = await renderedIconSrc(finoutItem);
		await page.screenshot({ path: shot('nodes-panel.png') });

		// 2. Actions (operations)
		await finoutItem.click();
		const actionList = page.locator('[data-test-id="node-creator"]');
		await actionList.getByText('Get many views', { exact: true }).waitFor();
		// The panel's header repeats the node name; the rest are its actions.
		const actions = (await actionList.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).filter(
			(name) => name.trim() !== 'Finout',
		);
		await actionList.getByText('Get many views', { exact: true }).click();

		// 3. Parameters
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor();
		await expectText(ndv.locator('[data-test-id="node-credentials-select"]'), options.credentialName, 'credential select');
		await expectValue(ndv.locator('[data-test-id="parameter-input-resource"] input'), 'View', 'Resource');
		await expectValue(ndv.locator('[data-test-id="parameter-input-operation"] input'), 'Get Many', 'Operation');
		await page.screenshot({ path: shot('parameters.png') });

		// 4. Execute step → output
		await ndv.locator('[data-test-id="node-execute-button"]').click();
		const outputPanel = ndv.locator('[data-test-id="output-panel"]');
		await outputPanel.locator('table').first().waitFor();
		// Let the run finish visually (the button spinner and the success toast) before the shot.
		await page.getByText('Node executed successfully').first().waitFor();
		await ndv.locator('[data-test-id="node-execute-button"]').getByText('Execute step').waitFor();
		const outputText = await outputPanel.innerText();
		await page.screenshot({ path: shot('output.png') });

		// 5. Credential dialog
		await ndv.locator('[data-test-id="credential-edit-button"]').click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor();
		const credentialLabels: string[] = [];
		for (const field of CREDENTIAL_FIELDS) {
			const label = modal.locator(`[data-test-id="${field}"] label`).first();
			await label.waitFor();
			// The label also holds the Fixed/Expression toggle; the field name is its first line.
			const [title] = (await label.innerText()).split('\n');
			credentialLabels.push(title.replace(/\s*\*\s*$/, '').trim());
		}
		const credentialNotice = await modal.getByText('API Tokens', { exact: false }).first().innerText();
		const tooltip = await showFieldTooltip(page, modal.locator('[data-test-id="maxConcurrentRequests"]'));
		await page.screenshot({ path: shot('credential.png') });

		return {
			screenshots: {
				nodesPanel: shot('nodes-panel.png'),
				parameters: shot('parameters.png'),
				output: shot('output.png'),
				credential: shot('credential.png'),
			},
			searchResults,
			iconSrc,
			actions,
			outputText,
			credentialLabels,
			credentialNotice,
			tooltip,
		};
	} catch (error) {
		// What the browser showed when it went wrong is the fastest way to see why.
		const failureShot = options.failureScreenshot ?? join(tmpdir(), 'n8n-nodes-finout-editor-failure.png');
		await page?.screenshot({ path: failureShot }).catch(() => undefined);
		throw new Error(`${(error as Error).message}\n(browser screenshot: ${failureShot})`);
	} finally {
		await browser.close();
	}
}

async function login(page: Page, options: TourOptions): Promise<void> {
	// Logging in over the API shares the auth cookie with the page and skips the sign-in form.
	const response = await page.request.post('/rest/login', {
		data: { email: options.email, emailOrLdapLoginId: options.email, password: options.password },
	});
	if (!response.ok()) throw new Error(`Login as ${options.email} failed: HTTP ${response.status()}`);
}

/**
 * n8n shows a node's file icon as an <img>; when the icon is missing it falls back to the first
 * letter of the node name. Require a loaded <img> pointing at our SVG.
 */
async function renderedIconSrc(item: Locator): Promise<string> {
	const img = item.locator('img').first();
	if ((await img.count()) === 0) {
		throw new Error(`Finout has no icon image in the nodes panel (letter fallback?): ${await item.innerText()}`);
	}
	const { src, loaded } = await img.evaluate((element) => {
		const image = element as HTMLImageElement;
		return { src: image.getAttribute('src') ?? '', loaded: image.complete && image.naturalWidth > 0 };
	});
	if (!FINOUT_ICON_PATH.test(src) || !loaded) {
		throw new Error(`Finout icon did not render: src=${src} loaded=${loaded}`);
	}
	return src;
}

async function expectText(locator: Locator, expected: string, what: string): Promise<void> {
	const text = (await locator.innerText().catch(() => '')) || (await locator.locator('input').inputValue().catch(() => ''));
	if (!text.includes(expected)) throw new Error(`${what}: expected "${expected}", got "${text}"`);
}

async function expectValue(locator: Locator, expected: string, what: string): Promise<void> {
	const value = await locator.first().inputValue();
	if (value !== expected) throw new Error(`${what}: expected "${expected}", got "${value}"`);
}

/**
 * Field descriptions are tooltips on a help icon that appears when the label is hovered;
 * hover both so the description is in the screenshot, and return its text. Retried because the
 * dialog may still shift (the connection test banner appears) while the mouse moves.
 */
async function showFieldTooltip(page: Page, field: Locator): Promise<string> {
	const tooltip = page.locator('[data-test-id="tooltip-content"]:visible').filter({ hasText: /\S/ }).last();
	for (let attempt = 1; ; attempt++) {
		await page.mouse.move(0, 0);
		await field.locator('label').first().hover();
		await field.locator('[data-icon="circle-help"]').first().hover({ force: true });
		try {
			await tooltip.waitFor({ timeout: 3_000 });
			return await tooltip.innerText();
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}
