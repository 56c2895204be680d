import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, siteUrl } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('Starlight features on our pages', () => {
	it('switches language from a gallery page to the same page in English', async () => {
		const page = await browser.newPage();
		await page.goto(siteUrl('models/'), { waitUntil: 'networkidle' });
		await Promise.all([page.waitForURL(/\/en\/models\/$/), page.locator('starlight-lang-select select').first().selectOption({ label: 'English' })]);
		expect(await page.locator('h1').first().textContent()).toBe('Models');
		await page.close();
	});

	it('switches to dark mode and keeps it across pages', async () => {
		const page = await browser.newPage();
		await page.goto(siteUrl('en/compare/'), { waitUntil: 'networkidle' });
		await page.locator('starlight-theme-select select').first().selectOption('dark');
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
		await page.goto(siteUrl('en/credits/'), { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
		await page.close();
	});

	it('finds a tutorial page with the built-in search', async () => {
		const page = await browser.newPage();
		await page.goto(siteUrl('en/'), { waitUntil: 'networkidle' });
		await page.locator('site-search button[data-open-modal]').first().click();
		await page.locator('site-search input').first().fill('Laplacian');
		const result = page.locator('site-search .pagefind-ui__result-link').first();
		await result.waitFor({ timeout: 15_000 });
		expect(await result.getAttribute('href')).toContain('/en/');
		await page.close();
	});

	it('lists our generated pages in the sidebar, with the current one marked', async () => {
		const page = await browser.newPage();
		await page.goto(siteUrl('compare/'), { waitUntil: 'networkidle' });
		const current = page.locator('nav[aria-label] a[aria-current="page"]').first();
		expect(await current.textContent()).toContain('古典的フィルタと学習済みフィルタ');
		await page.close();
	});
});
