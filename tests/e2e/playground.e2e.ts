/**
 * The kernel playground in Chromium, in both languages: learned kernels against the build's onnxruntime
 * feature maps, designed filters against the build's filter2d, hand arithmetic at a pixel, a local image
 * file, the lazy script and its size, accessibility at 1280 and 375 px in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, siteUrl, watchErrors } from './browser.ts';
import { buildFeatureMaps, featuredPhoto, model, publishedLuma, relativeDifference } from './playground-reference.ts';
import { filter2d } from '../../src/render/photo.ts';
import en from '../../content/i18n/en.json' with { type: 'json' };
import ja from '../../content/i18n/ja.json' with { type: 'json' };

const PAGE = 'tutorial/classical-kernels/';
let browser: Browser;
let reference: Awaited<ReturnType<typeof buildFeatureMaps>>;
let grey: Awaited<ReturnType<typeof publishedLuma>>;
const tmp = mkdtempSync(join(tmpdir(), 'playground-e2e-'));

beforeAll(async () => {
	browser = await launchBrowser();
	reference = await buildFeatureMaps();
	grey = await publishedLuma(featuredPhoto().id);
});
afterAll(async () => {
	await browser?.close();
	rmSync(tmp, { recursive: true, force: true });
});

/** Opens the page, scrolls to the playground and waits until it has drawn its first output. */
async function openPlayground(path: string, width = 1280): Promise<Page> {
	// A page of its own context: axe needs one.
	const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
	await page.goto(siteUrl(path), { waitUntil: 'networkidle' });
	await page.locator('#playground').scrollIntoViewIfNeeded();
	await page.waitForSelector('[data-playground][data-ready]');
	return page;
}

/** Runs `action` and waits for the playground's next recompute. */
async function recomputed(page: Page, action: () => Promise<unknown>): Promise<void> {
	const before = Number(await page.getAttribute('[data-playground]', 'data-revision'));
	await action();
	await page.waitForFunction((n) => Number(document.querySelector('[data-playground]')?.getAttribute('data-revision')) > n, before);
}

/** The output as shown, as numbers (float32 bytes through base64, to keep the transfer small). */
async function output(page: Page): Promise<{ data: Float32Array; height: number; width: number }> {
	const { bytes, height, width } = await page.locator('[data-playground]').evaluate((root) => {
		const out = (root as HTMLElement & { playground: { output(): { data: Float32Array; height: number; width: number } } }).playground.output();
		const bytes = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
		let text = '';
		for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
		return { bytes: btoa(text), height: out.height, width: out.width };
	});
	const raw = Buffer.from(bytes, 'base64');
	return { data: new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4), height, width };
}

const number = (text: string | null) => Number((text ?? '').replace('−', '-'));

describe.each([
	{ prefix: '', lang: 'ja' as const },
	{ prefix: 'en/', lang: 'en' as const },
])('the playground ($lang)', ({ prefix, lang }) => {
	const s = { cell: { ja, en }[lang]['playground.cell'] };
	let page: Page;
	let errors: string[];
	beforeAll(async () => {
		page = await openPlayground(prefix + PAGE);
		errors = watchErrors(page);
	});
	afterAll(async () => {
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it('gives the build’s onnxruntime feature map for every learned kernel, in colour as the model computes it', async () => {
		expect(model.playground).not.toBeNull();
		const n = reference.height * reference.width;
		let worst = 0;
		for (let k = 0; k < reference.channels; k++) {
			await recomputed(page, () => page.selectOption('[data-pg="learned"]', String(k)));
			if (k === 0) expect(await page.isChecked('input[name="pg-apply"][value="colour"]')).toBe(true);
			const out = await output(page);
			expect([out.height, out.width]).toEqual([reference.height, reference.width]);
			worst = Math.max(worst, relativeDifference(out.data, reference.data.subarray(k * n, (k + 1) * n)));
		}
		console.log(`playground vs onnxruntime, ${reference.channels} kernels of ${model.id}: max relative difference ${worst.toExponential(2)}`);
		expect(worst).toBeLessThan(1e-4);
	});

	it('applies a learned kernel’s channel sum to the greyscale photo', async () => {
		await recomputed(page, () => page.check('input[name="pg-apply"][value="grey"]'));
		const [, c, kh, kw] = model.layers[0]!.weightShape as [number, number, number, number];
		const k = reference.channels - 1; // the last one chosen above
		const summed = Array.from({ length: kh }, (_, r) => Array.from({ length: kw }, (_, x) => {
			let sum = 0;
			for (let ch = 0; ch < c; ch++) sum += reference.kernel[((k * c + ch) * kh + r) * kw + x]!;
			return sum;
		}));
		const expected = filter2d(Float32Array.from(grey.luma), grey.height, grey.width, summed);
		expect(relativeDifference((await output(page)).data, expected)).toBeLessThan(1e-5);
		expect(await page.locator('[data-pg="editor"] input').count()).toBe(kh * kw);
	});

	it('runs a preset as the site’s designed-filter images do, and negates it', async () => {
		await recomputed(page, () => page.click('button[data-preset="sobel-vertical"]'));
		const fields = await page.locator('[data-pg="editor"] input').evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)));
		expect(fields).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
		expect(await page.inputValue('[data-pg="learned"]')).toBe('');
		const sobel = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
		const expected = filter2d(Float32Array.from(grey.luma), grey.height, grey.width, sobel);
		expect(relativeDifference((await output(page)).data, expected)).toBeLessThan(1e-6);
		await recomputed(page, () => page.click('[data-pg="negate"]'));
		expect(relativeDifference((await output(page)).data, expected.map((v) => -v))).toBeLessThan(1e-6);
	});

	it('recomputes when a cell is edited', async () => {
		await recomputed(page, () => page.click('button[data-preset="identity"]'));
		const centre = page.getByLabel(s.cell.replace('{r}', '2').replace('{c}', '2'), { exact: true });
		await recomputed(page, () => centre.fill('2'));
		const out = await output(page);
		for (const i of [0, 1234, 30_000, out.data.length - 1]) expect(out.data[i]).toBe(Math.fround(2 * Math.fround(grey.luma[i]!)));
		expect(await page.textContent('[data-pg="kernel-sum"]')).toContain('2');
	});

	it('shows the arithmetic at a tapped pixel, and moves it with the arrow keys', async () => {
		await recomputed(page, () => page.click('button[data-preset="laplacian-4"]'));
		const canvas = page.locator('[data-pg="output"]');
		const box = (await canvas.boundingBox())!;
		const [x, y] = [150, 60];
		await canvas.click({ position: { x: ((x + 0.5) / grey.width) * box.width, y: ((y + 0.5) / grey.height) * box.height } });
		const arith = page.locator('[data-pg="arith"]');
		expect(await arith.locator('.pg-arith-title').textContent()).toContain(`(${x}, ${y})`);
		const cells = (kind: string) => arith.locator(`.pg-terms-${kind} td`).allTextContents();
		const patch = (await cells('patch')).map(number);
		const kernel = (await cells('kernel')).map(number);
		const products = (await cells('products')).map(number);
		expect(kernel).toEqual([0, 1, 0, 1, -4, 1, 0, 1, 0]);
		// The patch is the photo around (x, y), as decoded here; each product is patch × kernel.
		const at = (dy: number, dx: number) => grey.luma[(y + dy) * grey.width + x + dx]!;
		const expectedPatch = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => at(dy, dx)));
		patch.forEach((v, i) => expect(v).toBeCloseTo(expectedPatch[i]!, 2));
		products.forEach((v, i) => expect(v).toBeCloseTo(expectedPatch[i]! * kernel[i]!, 2));
		// By hand: up + left + right + down − 4 × centre.
		const byHand = at(-1, 0) + at(0, -1) + at(0, 1) + at(1, 0) - 4 * at(0, 0);
		expect(number(await arith.locator('.pg-arith-value').textContent())).toBeCloseTo(byHand, 4);

		await canvas.focus();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('Shift+ArrowDown');
		expect(await arith.locator('.pg-arith-title').textContent()).toContain(`(${x + 1}, ${y + 10})`);
		expect(await page.textContent('[data-pg="live"]')).toContain(`(${x + 1}, ${y + 10})`);
	});

	it('applies ReLU and reports the output’s minimum, maximum and mean', async () => {
		const min = () => page.textContent('[data-pg="stat-min"]').then(number);
		expect(await min()).toBeLessThan(0);
		await recomputed(page, () => page.check('[data-pg="relu"]'));
		expect(await min()).toBe(0);
		expect(await page.textContent('[data-pg="legend-min"]')).toBe('0');
		const out = await output(page);
		const mean = out.data.reduce((a, b) => a + b, 0) / out.data.length;
		expect(number(await page.textContent('[data-pg="stat-mean"]'))).toBeCloseTo(mean, 3);
		await recomputed(page, () => page.uncheck('[data-pg="relu"]'));
	});

	it('reads a local image file in the browser, without sending it anywhere', async () => {
		// A step from black to white in the middle of a 448 × 224 image: cropped to the centre square,
		// the step lands between columns 111 and 112 of a 224-pixel model input.
		const file = join(tmp, `step-${lang}.png`);
		const raw = Buffer.alloc(448 * 224 * 3);
		for (let i = 0; i < 448 * 224; i++) if (i % 448 >= 224) raw.fill(255, i * 3, i * 3 + 3);
		await sharp(raw, { raw: { width: 448, height: 224, channels: 3 } }).png().toFile(file);
		const sent: string[] = [];
		page.on('request', (r) => (r.method() !== 'GET' || r.url().includes('step-')) && sent.push(`${r.method()} ${r.url()}`));
		await recomputed(page, () => page.click('button[data-preset="sobel-vertical"]'));
		await recomputed(page, () => page.setInputFiles('[data-pg="file"]', file));
		expect(await page.isChecked('input[name="pg-photo"][value="own"]')).toBe(true);
		const out = await output(page);
		if (model.config.preprocess.size[1] === 224 && (model.config.preprocess.cropPct ?? 1) === 1) {
			const row = Array.from(out.data.subarray(100 * out.width, 101 * out.width));
			expect(row[111]).toBeCloseTo(4, 1);
			expect(row[112]).toBeCloseTo(4, 1);
			expect(Math.max(...row.slice(0, 105).map(Math.abs), ...row.slice(118).map(Math.abs))).toBeLessThan(1e-6);
		}
		expect(sent).toEqual([]);
		await recomputed(page, () => page.check(`input[name="pg-photo"][value="${featuredPhoto().id}"]`));
	});

	it('labels every matrix cell by row and column, and passes axe in light and dark', async () => {
		await recomputed(page, () => page.selectOption('[data-pg="learned"]', '1'));
		const labels = await page.locator('[data-pg="editor"] input').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
		const [, c, kh, kw] = model.layers[0]!.weightShape as [number, number, number, number];
		expect(labels).toHaveLength(c * kh * kw);
		expect(new Set(labels).size).toBe(labels.length);
		const row = lang === 'ja' ? /^\S+ チャンネル \d+ 行 \d+ 列$/ : /^channel \S+, row \d+, column \d+$/;
		for (const label of labels) expect(label).toMatch(row);
		for (const theme of ['light', 'dark']) {
			await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
			const axe = await new AxeBuilder({ page }).include('#playground').analyze();
			expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		}
	});
});

describe('at 375 px', () => {
	it.each(['', 'en/'])('fits the screen with a 7 × 7 kernel (%s)', async (prefix) => {
		const page = await openPlayground(prefix + PAGE, 375);
		await recomputed(page, () => page.selectOption('[data-pg="size"]', '7'));
		await recomputed(page, () => page.click('button[data-preset="gaussian-blur"]'));
		expect(await page.locator('[data-pg="editor"] input').count()).toBe(49);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		const axe = await new AxeBuilder({ page }).include('#playground').analyze();
		expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		await page.context().close();
	});
});

describe('loading', () => {
	it('fetches the playground script only when it scrolls into view, at most 20 KB gzipped', async () => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const scripts: string[] = [];
		page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
		await page.goto(siteUrl(PAGE), { waitUntil: 'networkidle' });
		const before = new Set(scripts);
		expect(await page.locator('[data-playground][data-ready]').count()).toBe(0);
		await page.locator('#playground').scrollIntoViewIfNeeded();
		await page.waitForSelector('[data-playground][data-ready]');
		const lazy = scripts.filter((p) => !before.has(p));
		expect(lazy.length).toBeGreaterThan(0);
		// The playground's code: what arrived on scrolling, plus the loader in the component and the helper it imports.
		const own = [...lazy, ...[...before].filter((p) => /KernelPlayground|preload-helper/.test(p))];
		const base = new URL(siteUrl()).pathname;
		const gzipped = own.reduce((n, p) => n + gzipSync(readFileSync(join('dist', p.slice(base.length)))).length, 0);
		console.log(`playground script: ${own.map((p) => p.split('/').at(-1)).join(', ')}: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
		expect(gzipped).toBeLessThan(20 * 1024);
		await page.context().close();
	});

	it('leaves the page as it was without JavaScript: the prebuilt images, a note, no controls', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(siteUrl(PAGE), { waitUntil: 'networkidle' });
		expect(await page.locator('figure.filtered-photo img').count()).toBeGreaterThanOrEqual(4);
		expect(await page.isVisible('#playground .pg-noscript')).toBe(true);
		expect(await page.isVisible('#playground [data-pg="body"]')).toBe(false);
		await context.close();
	});
});

describe('try this kernel', () => {
	it('opens the playground from a kernel’s page with that kernel, as the model computes it', async () => {
		const k = Math.min(7, reference.channels - 1);
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(siteUrl(`en/models/${model.id}/layer-0/kernel-${k}/`), { waitUntil: 'networkidle' });
		await page.getByRole('link', { name: /Try this kernel/ }).click();
		await page.waitForSelector('[data-playground][data-ready]');
		expect(page.url()).toContain(`kernel=${k}`);
		expect(await page.inputValue('[data-pg="learned"]')).toBe(String(k));
		const n = reference.height * reference.width;
		expect(relativeDifference((await output(page)).data, reference.data.subarray(k * n, (k + 1) * n))).toBeLessThan(1e-4);
		await page.context().close();
	});
});
