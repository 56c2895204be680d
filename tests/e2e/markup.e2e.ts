/**
 * Models whose strings are markup build pages with no executable markup from them. A temporary project
 * is built (the whole site) from two models only: an ONNX model whose node names, weight names, graph
 * input, doc string and producer are `<script>`, `<img onerror>`, quotes and `../` sequences, and a
 * safetensors checkpoint whose tensor names and metadata are; their configs put markup in every text.
 * Every page that shows those strings is loaded in Chromium: no dialog may open, no injected element
 * or script may exist, and the strings must be there as text. The build must write nothing outside
 * dist/, generated/, public/atlas/<id>/ and its caches, and no file name may come from a model string.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { safetensorsBytes } from '../fixtures/checkpoint-writer.ts';
import { config } from '../fixtures/corpus/build-cases.ts';
import { MARKUP } from '../fixtures/corpus/bytes.ts';
import { buildModel } from '../fixtures/onnx-builder.ts';
import { tempProject, type TempProject } from '../pipeline/project.ts';
import { launchBrowser } from './browser.ts';
import { serveStatic } from './static-server.ts';

/** Payloads that would show a dialog, or leave an element or attribute behind, if they became markup. */
const XSS = {
	script: '<script>alert(1)</script>',
	img: '"><img src=x onerror=alert(2)>',
	svg: "'><svg onload=alert(3)>",
	attr: '" autofocus onfocus="alert(4)',
	close: '</title></textarea></style><script>alert(5)</script>',
};

/** A two-layer CNN reading an RGB image, every name of it hostile. */
function hostileOnnx(): Uint8Array {
	const weight = (name: string, dims: number[]) => ({ name, dtype: DTYPE.float, dims, data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i) / 3) });
	return buildModel({
		producer: XSS.script,
		producerVersion: `${XSS.attr}${MARKUP.path}`,
		docString: `${XSS.close}${XSS.img}`,
		inputs: [{ name: XSS.svg, dtype: DTYPE.float, dims: [1, 3, 32, 32] }],
		outputs: [{ name: XSS.close, dtype: DTYPE.float }],
		initializers: [weight(XSS.img, [4, 3, 3, 3]), weight(`${MARKUP.path}.weight`, [4, 4, 3, 3])],
		nodes: [
			{ op: 'Conv', name: XSS.script, docString: XSS.attr, inputs: [XSS.svg, XSS.img], outputs: ['../../a'], attrs: { pads: [1, 1, 1, 1] } },
			{ op: 'Relu', name: XSS.close, inputs: ['../../a'], outputs: ['../../b'] },
			{ op: 'Conv', name: `/${XSS.attr}/../../Conv`, inputs: ['../../b', `${MARKUP.path}.weight`], outputs: [XSS.close], attrs: { pads: [1, 1, 1, 1] } },
		],
	}).bytes;
}

/** A checkpoint whose module names and metadata are hostile. */
function hostileCheckpoint(): Uint8Array {
	const tensor = (name: string, shape: number[]) => ({ name, dtype: 'float32' as const, shape, data: new Uint8Array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(i) / 4).buffer) });
	return safetensorsBytes([tensor(`${XSS.img}.weight`, [4, 3, 3, 3]), tensor(`${XSS.svg}.weight`, [4, 4, 3, 3]), tensor(`${XSS.svg}.bias`, [4])], { format: XSS.script, note: XSS.close });
}

/** Config texts: each field its own payload, so a page that fails shows which field leaked. */
const texts = (n: number) => ({
	title: { ja: `${XSS.script} 日本語 ${n}`, en: `${XSS.img} model ${n}` },
	description: { ja: XSS.svg, en: `${XSS.attr} ${MARKUP.quotes}` },
	author: XSS.close,
	task: XSS.img,
	license: XSS.script,
	sourceUrl: `https://example.org/${n}?q="><script>alert(6)</script>`,
	credits: { ja: XSS.svg, en: XSS.close },
	paper: { citation: XSS.img, url: `https://example.org/paper"onmouseover="alert(7)` },
	preprocess: { size: [32, 32] },
});

const IDS = ['xss-onnx', 'xss-checkpoint'];
let project: TempProject;
let browser: Browser;
let server: Server;
let base = '';
let before = new Map<string, string>();
let after = new Map<string, string>();
let buildLog = '';

/** Every file of the project except node_modules, with a digest of its content. */
function snapshot(root: string): Map<string, string> {
	const files = new Map<string, string>();
	for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
		const path = join(entry.parentPath, entry.name);
		const rel = relative(root, path);
		if (rel.split(sep)[0] === 'node_modules' || !entry.isFile()) continue;
		files.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
	}
	return files;
}

beforeAll(async () => {
	project = tempProject();
	const models = project.path('hostile-models');
	mkdirSync(models);
	writeFileSync(join(models, 'net.onnx'), hostileOnnx());
	writeFileSync(join(models, 'net.safetensors'), hostileCheckpoint());
	writeFileSync(join(models, `${IDS[0]}.json`), config('net.onnx', { ...texts(1), featured: 1 }));
	writeFileSync(join(models, `${IDS[1]}.json`), config('net.safetensors', texts(2)));
	before = snapshot(project.dir);
	const result = await project.node(['scripts/build.ts'], { ATLAS_MODELS_DIR: models });
	buildLog = result.stderr;
	if (result.status !== 0) throw new Error(`the build of the hostile models failed:\n${result.stderr.slice(-3000)}`);
	after = snapshot(project.dir);
	({ server, url: base } = await serveStatic(project.path('dist'), '/'));
	browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
	await browser?.close();
	await new Promise((done) => (server ? server.close(done) : done(undefined)));
	project?.remove();
});

/** The built pages that show any of the payloads (as escaped text, if all is well). */
function pagesShowingModelStrings(): string[] {
	return [...after.keys()]
		.filter((f) => f.startsWith(`dist${sep}`) && f.endsWith('index.html'))
		.filter((f) => /alert\(\d\)/.test(readFileSync(project.path(f), 'utf8')))
		.map((f) => relative('dist', f).split(sep).slice(0, -1).join('/'))
		.map((p) => (p ? `${p}/` : ''));
}

describe('the build of models whose strings are markup', () => {
	it('writes only into dist/, generated/, public/atlas/<id>/ and its caches', () => {
		expect(buildLog).not.toMatch(/\n\s+at /);
		const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f));
		const allowed = [`dist${sep}`, `generated${sep}`, `.atlas-cache${sep}`, `.astro${sep}`, `.astro-cache${sep}`, ...IDS.map((id) => join('public', 'atlas', id, '')), join('public', 'atlas', 'photos', '')];
		expect(changed.filter((f) => !allowed.some((a) => f.startsWith(a)))).toEqual([]);
		expect(changed.some((f) => f.startsWith(join('public', 'atlas', IDS[0]!, '')))).toBe(true);
	});

	it('names no file after a model string', () => {
		const names = [...after.keys()].filter((f) => f.startsWith(`dist${sep}`) || f.startsWith(`public${sep}`));
		expect(names.filter((f) => /[<>"'`]|alert|passwd|\.\.[/\\]/.test(f))).toEqual([]);
	});
});

describe('pages that show model strings', () => {
	it('are all the model pages, in both languages', () => {
		const pages = pagesShowingModelStrings();
		for (const id of IDS) {
			expect(pages).toContain(`models/${id}/`);
			expect(pages).toContain(`en/models/${id}/`);
			expect(pages).toContain(`models/${id}/layers/`);
		}
		expect(pages).toContain(`models/${IDS[0]}/layer-0/kernel-0/`);
		expect(pages).toContain('credits/');
	});

	it.each([0, 1, 2, 3])('open no dialog, hold no injected element or script, and show the strings as text (batch %i of 4)', async (batch) => {
		const pages = pagesShowingModelStrings().filter((_, i) => i % 4 === batch);
		expect(pages.length).toBeGreaterThan(0);
		for (const path of pages) {
			const page = await browser.newPage();
			const dialogs: string[] = [];
			page.on('dialog', (dialog) => {
				dialogs.push(dialog.message());
				void dialog.dismiss();
			});
			const response = await page.goto(base + path, { waitUntil: 'load' });
			expect(response?.status(), path).toBe(200);
			// Lazy images and focus handlers get their chance: every image loads, the first field gets focus.
			await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((img) => img.setAttribute('loading', 'eager')));
			await page.keyboard.press('Tab');
			await page.waitForTimeout(300);
			const injected = await page.evaluate(() => ({
				elements: [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], [onfocus], [onmouseover], [autofocus]')].map((e) => e.outerHTML.slice(0, 120)),
				// Executable scripts only: a data block (type application/json) may carry the strings, escaped, as data.
				scripts: [...document.scripts].filter((s) => !s.type || /javascript|module/i.test(s.type)).filter((s) => /alert\(\d\)/.test(s.textContent ?? '') || /alert/.test(s.src)).map((s) => s.outerHTML.slice(0, 120)),
				links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)),
				// Text a reader sees, and attribute values (alt texts, titles): where the strings belong.
				data: [document.body.innerText, ...[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value))].join('\n'),
			}));
			expect(dialogs, path).toEqual([]);
			expect(injected.elements, path).toEqual([]);
			expect(injected.scripts, path).toEqual([]);
			expect(injected.links, path).toEqual([]);
			// The payloads are still there, as characters a reader sees.
			expect(Object.values(XSS).some((x) => injected.data.includes(x)), path).toBe(true);
			await page.close();
		}
	});
});
