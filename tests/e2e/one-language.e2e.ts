/**
 * One language per page: every built page, in both languages, is scanned for text in the other
 * language outside elements whose `lang` marks it (see language-scan.ts). Japanese pages may use Latin
 * script only for identifiers (anything with a digit, dot, slash, colon or @), code, maths, and the
 * proper names and terms listed below; English pages may hold no kana, kanji or full-width forms.
 * The static pages are read as built (scripts off): what a reader gets before any script runs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser.ts';
import { foreignText } from './language-scan.ts';

/** Latin-script words that Japanese prose uses as they are: names of people, products, formats and units, and code words that headings and descriptions (which hold no markup) cite. */
const JAPANESE_PAGES_ALLOW = new Set(
	`Kernel Atlas R G B RGB BGR px kB MB GB ONNX Conv ConvTranspose BatchNorm BN ReLU LoG SE CNN ImageNet WordNet SqueezeNet
	AlexNet ResNet InceptionV1 mobile Constant IR opset PP-OCR PaddleOCR PaddlePaddle Paddle PyTorch TorchScript TensorFlow Keras
	NHWC Caffe OpenCV NumPy matplotlib torchvision timm safetensors onnxruntime Python npm Git LFS GitHub Pages Actions Hugging
	Face Hub URL ID JSON Schema SPDX MIT Lanczos viridis scikit-image Debian DeepScale UC Berkeley Iandola Krizhevsky Olah Luo He
	Zeiler Fergus Distill Stefan van der Walt A kernel-atlas inspect print model push out in h w op groups bias params layer weight stride
	padding initializer notes cropPct`.split(/\s+/),
);

const identifier = (token: string) => /[0-9._/:@#]/.test(token);

function builtPages(dir = 'dist', found: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			if (!['_astro', 'atlas', 'pagefind'].includes(name)) builtPages(path, found);
		} else if (name === 'index.html') found.push(relative('dist', dir).split('\\').join('/'));
	}
	return found;
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
	browser = await launchBrowser();
	const context = await browser.newContext({ javaScriptEnabled: false });
	page = await context.newPage();
	// Text only: no images, styles or fonts to fetch.
	await page.route(/\.(png|webp|jpe?g|svg|woff2?|css|js|json)$/, (route) => route.abort());
});
afterAll(async () => {
	await browser?.close();
});

const pages = builtPages();

describe('one language per page', () => {
	it('finds every page in both languages', () => {
		expect(pages.filter((p) => p.startsWith('en')).length).toBeGreaterThan(20);
		expect(pages.filter((p) => !p.startsWith('en')).length).toBe(pages.filter((p) => p.startsWith('en')).length);
	});

	it('shows no text in the other language outside an element marked with its lang', { timeout: 600_000 }, async () => {
		const problems: string[] = [];
		for (const path of pages) {
			await page.goto(siteUrl(path ? `${path}/` : ''), { waitUntil: 'domcontentloaded' });
			const english = path === 'en' || path.startsWith('en/');
			for (const { text, context } of await foreignText(page)) {
				if (!english && (identifier(text) || JAPANESE_PAGES_ALLOW.has(text))) continue;
				problems.push(`/${path}/ "${text}" in ${context}`);
			}
		}
		expect([...new Set(problems)]).toEqual([]);
	});
});
