/**
 * Layout at a desktop width (1280 px) and a phone's (375 px), in both languages, on every page kind:
 * nothing spills out of its box or is clipped, text that belongs together stays on one line, facts and
 * bars do not overlap. The checks measure the laid-out page (tests/e2e/layout-checks.ts).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser.ts';
import { barsOverText, brokenInlineText, horizontalOverflow, overlappingFacts } from './layout-checks.ts';
import { everyPageKind, pathIn, type Lang } from './page-kinds.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

// Pages whose tables must fit at desktop width: their columns are short facts (names, numbers, addresses).
const TABLES_FIT = new Set(['models index', 'credits', 'compare', 'kernel page']);
const pages = everyPageKind().flatMap((page) => page.langs.map((lang: Lang) => ({ ...page, lang, url: pathIn(lang, page) })));

describe.each([1280, 375])('at %i px', (width) => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await browser.newContext({ viewport: { width, height: 900 } });
	});
	afterAll(async () => {
		await context?.close();
	});

	it.each(pages)('$url ($kind, $lang)', async ({ url, kind }) => {
		const page = await context.newPage();
		await page.goto(siteUrl(url), { waitUntil: 'networkidle' });
		// Images take their laid-out size before they load (width and height attributes); load them anyway,
		// so a late image cannot change what was measured.
		await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((img) => img.setAttribute('loading', 'eager')));
		await page.waitForLoadState('networkidle');
		const problems = [
			...(await page.evaluate(horizontalOverflow, { scrolling: width < 700 ? 'any' : TABLES_FIT.has(kind) ? 'none' : 'tables' } as const)),
			...(await page.evaluate(brokenInlineText)),
			...(await page.evaluate(overlappingFacts)),
			...(await page.evaluate(barsOverText)),
		];
		expect(problems).toEqual([]);
		await page.close();
	});
});
