import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, siteUrl, watchErrors } from './browser.ts';

// The pages to check come from the data the build produced, so the tests follow the models.
const atlas = JSON.parse(readFileSync('generated/atlas.json', 'utf8')) as { featured: string; models: { id: string }[] };
const featured = atlas.featured;

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Makes every lazy image load, then returns the ones that failed. */
async function brokenImages(page: Page): Promise<string[]> {
	await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((img) => img.setAttribute('loading', 'eager')));
	await page.waitForLoadState('networkidle');
	return page.evaluate(async () => {
		const imgs = [...document.querySelectorAll('img')];
		await Promise.all(
			imgs.map((img) =>
				img.complete
					? null
					: new Promise((done) => {
							img.addEventListener('load', done);
							img.addEventListener('error', done);
						}),
			),
		);
		return imgs.filter((img) => img.naturalWidth === 0).map((img) => img.src);
	});
}

const pageKinds = [
	{ kind: 'tutorial', path: 'tutorial/learned-kernels/', katex: true },
	{ kind: 'classical kernels', path: 'tutorial/classical-kernels/', katex: true },
	{ kind: 'models index', path: 'models/', katex: false },
	{ kind: 'gallery', path: `models/${featured}/`, katex: false },
	{ kind: 'kernel detail', path: `models/${featured}/layer-0/kernel-0/`, katex: true },
	{ kind: 'layer browser', path: `models/${featured}/layers/`, katex: false },
	{ kind: 'classical vs learned', path: 'compare/', katex: false },
	{ kind: 'filter glossary', path: 'glossary/', katex: true },
	{ kind: 'credits', path: 'credits/', katex: false },
	{ kind: 'authors guide', path: 'guides/add-a-model/', katex: false },
];
// Every other tutorial and guide page too: prose pages broke axe in ways the page kinds above did not
// (scrolling code blocks, KaTeX in table headers).
for (const section of ['tutorial', 'guides']) {
	for (const file of readdirSync(join('content', 'docs', section)).filter((f) => /\.mdx?$/.test(f)).sort()) {
		const path = `${section}/${file.replace(/\.mdx?$/, '')}/`;
		if (!pageKinds.some((k) => k.path === path)) pageKinds.push({ kind: `${section} page ${path}`, path, katex: false });
	}
}

describe.each(['', 'en/'])('language prefix "%s"', (prefix) => {
	it.each(pageKinds)('$kind loads cleanly, with every image and no axe violations', async ({ path, katex }) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const errors = watchErrors(page);
		const response = await page.goto(siteUrl(prefix + path), { waitUntil: 'networkidle' });
		expect(response?.status()).toBe(200);
		expect(await page.getAttribute('html', 'lang')).toBe(prefix ? 'en' : 'ja');
		if (katex) expect(await page.locator('.katex').count()).toBeGreaterThan(0);
		expect(await brokenImages(page)).toEqual([]);
		for (const alt of await page.locator('main img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))) {
			expect(alt, 'every image has a text alternative').toBeTruthy();
			// Japanese pages describe their images in Japanese (kana or kanji), not in the renderer's English.
			if (!prefix) expect(alt).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
		}
		// Starlight's own search button has a known label mismatch; everything we render must be clean.
		const axe = await new AxeBuilder({ page }).exclude('site-search').analyze();
		expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe.each([
	{ js: true, label: 'with JavaScript' },
	{ js: false, label: 'without JavaScript' },
])('gallery view switching $label', ({ js }) => {
	it('shows one variant at a time and switches colormap, normalisation and view', async () => {
		const context = await browser.newContext({ javaScriptEnabled: js });
		const page = await context.newPage();
		await page.goto(siteUrl(`models/${featured}/`), { waitUntil: 'networkidle' });
		const gallery = page.locator('.kernel-gallery').first();
		const visible = (selector: string) => gallery.locator(`${selector}:visible`).count();
		const kernels = await gallery.locator('.gallery-view[data-view="summed"] li').count();
		expect(kernels).toBeGreaterThan(0);
		expect(await visible('.gallery-view[data-view="summed"] .atlas-image[data-variant="diverging-layer"]')).toBe(kernels);
		expect(await visible('.gallery-view[data-view="summed"] .atlas-image[data-variant="viridis-layer"]')).toBe(0);

		await gallery.getByRole('radio', { name: /viridis/ }).check();
		expect(await visible('.gallery-view[data-view="summed"] .atlas-image[data-variant="viridis-layer"]')).toBe(kernels);
		expect(await visible('.gallery-view[data-view="summed"] .atlas-image[data-variant="diverging-layer"]')).toBe(0);

		await gallery.locator('input[value="kernel"]').check();
		expect(await visible('.gallery-view[data-view="summed"] .atlas-image[data-variant="viridis-kernel"]')).toBe(kernels);

		await gallery.locator('input[value="channels"]').check();
		expect(await visible('.gallery-view[data-view="summed"]')).toBe(0);
		expect(await visible('.gallery-view[data-view="channels"] .atlas-image[data-variant="viridis-kernel"]')).toBeGreaterThanOrEqual(kernels);

		// Keyboard: the radios are reachable and switch with arrow keys.
		await gallery.locator('input[value="summed"]').focus();
		await page.keyboard.press('ArrowRight');
		expect(await gallery.locator('input[value="rgb"]').isChecked()).toBe(true);
		await context.close();
	});
});

describe('gallery sheets', () => {
	it('each kernel shows exactly its own cell of the view\'s sheet, pixel for pixel, beside its neighbours\', in every view', async () => {
		const page = await browser.newPage({ deviceScaleFactor: 1 });
		await page.goto(siteUrl(`models/${featured}/`), { waitUntil: 'networkidle' });
		const gallery = page.locator('.kernel-gallery').first();
		for (const view of ['summed', 'rgb', 'channels']) {
			await gallery.locator(`input[value="${view}"]`).check();
			const boxes = gallery.locator(`.gallery-view[data-view="${view}"] .atlas-cell:visible`);
			expect(await boxes.count(), view).toBeGreaterThan(6);
			for (const k of [0, 5]) {
				const box = boxes.nth(k);
				await box.scrollIntoViewIfNeeded();
				await box.locator('img').evaluate((img: HTMLImageElement) => img.decode());
				const style = await box.getAttribute('style');
				const v = Object.fromEntries([...style!.matchAll(/--(\w+):(\d+)/g)].map((m) => [m[1], Number(m[2])]));
				const src = await box.locator('img').getAttribute('src');
				const sheet = sharp(await (await page.request.get(new URL(src!, page.url()).href)).body());
				// The cell cut from the sheet file by the numbers the page states, scaled as the page shows it.
				const shown = (await box.boundingBox())!;
				const clip = { x: Math.round(shown.x), y: Math.round(shown.y), width: Math.round(shown.width), height: Math.round(shown.height) };
				const expected = await sheet.extract({ left: v.x!, top: v.y!, width: v.w!, height: v.h! }).resize(clip.width, clip.height, { kernel: 'nearest' }).removeAlpha().raw().toBuffer();
				// The box's own pixels (its edges can fall between device pixels: the screenshot is of the pixels it covers).
				const actual = await sharp(await page.screenshot({ clip })).removeAlpha().raw().toBuffer();
				expect(actual.length).toBe(expected.length);
				let diff = 0;
				for (let i = 0; i < actual.length; i++) diff += Math.abs(actual[i]! - expected[i]!);
				expect(diff / actual.length, `${view} kernel ${k}`).toBeLessThan(2);
			}
			// Neighbours differ: two kernels' boxes do not show the same pixels (a box showing the sheet's corner would).
			const [a, b] = await Promise.all([boxes.nth(0).screenshot(), boxes.nth(5).screenshot()]);
			expect(a.equals(b), view).toBe(false);
		}
		await page.close();
	});
});

describe('kernel permalinks', () => {
	it('every gallery kernel links to a detail page that shows its values', async () => {
		const page = await browser.newPage();
		await page.goto(siteUrl(`models/${featured}/`), { waitUntil: 'networkidle' });
		const hrefs = await page.locator('.gallery-view[data-view="summed"] li a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
		expect(hrefs.length).toBeGreaterThan(0);
		expect(hrefs[3]).toMatch(new RegExp(`/models/${featured}/layer-0/kernel-3/$`));
		await page.goto(hrefs[3]!, { waitUntil: 'networkidle' });
		expect(await page.locator('.kernel-matrix .katex').count()).toBeGreaterThan(1);
		await page.close();
	});
});
