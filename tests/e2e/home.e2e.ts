import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, siteUrl, watchErrors } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe.each([
	{ lang: 'ja', path: '', heading: 'Kernel Atlas' },
	{ lang: 'en', path: 'en/', heading: 'Kernel Atlas' },
])('home page ($lang)', ({ lang, path, heading }) => {
	it('loads with no console errors, renders KaTeX and loads its fonts from the site', async () => {
		const page = await browser.newPage();
		const errors = watchErrors(page);
		const fontUrls: string[] = [];
		page.on('response', (res) => {
			if (/KaTeX_.*\.woff2/.test(res.url())) fontUrls.push(res.url());
		});
		await page.goto(siteUrl(path), { waitUntil: 'networkidle' });
		expect(await page.getAttribute('html', 'lang')).toBe(lang);
		expect(await page.locator('h1').first().textContent()).toContain(heading);
		expect(await page.locator('.katex').count()).toBeGreaterThan(0);
		expect(fontUrls.length).toBeGreaterThan(0);
		for (const url of fontUrls) expect(url.startsWith(siteUrl())).toBe(true);
		expect(errors).toEqual([]);
		await page.close();
	});
});
