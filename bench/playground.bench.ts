/**
 * `npm run bench playground`: the kernel playground in Chromium on this machine (needs `npm run build`).
 * Times a full recompute (convolution, colour mapping, canvas, statistics, the arithmetic panel) of a
 * 224 × 224 photo with a 3 × 3 and a 7 × 7 kernel, and a learned kernel as the model runs it; median of
 * 25 runs after 5 warm-up runs. Reports the gzipped size of the playground's scripts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { serveStatic } from '../tests/e2e/static-server.ts';

const base = process.env.BASE_PATH || '/';
const { server, url } = await serveStatic('dist', base);
const browser = await launchBrowser();

/** Median milliseconds of `runs` recomputes, timed inside the page. */
async function timeRecompute(page: Page, what: string, runs = 25, warmup = 5): Promise<void> {
	const t = await page.locator('[data-playground]').evaluate((root, [n, w]) => {
		const pg = (root as HTMLElement & { playground: { recompute(): { convolve: number; total: number } } }).playground;
		for (let i = 0; i < w; i++) pg.recompute();
		const runs = Array.from({ length: n }, () => pg.recompute());
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
		return { total: median(runs.map((r) => r.total)), convolve: median(runs.map((r) => r.convolve)), fastest: Math.min(...runs.map((r) => r.total)) };
	}, [runs, warmup] as const);
	console.log(`${what}: median ${t.total.toFixed(1)} ms per recompute (convolution alone ${t.convolve.toFixed(1)} ms), fastest ${t.fastest.toFixed(1)} ms`);
}

try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	const scripts: string[] = [];
	page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
	await page.goto(`${url}tutorial/classical-kernels/`, { waitUntil: 'networkidle' });
	const before = new Set(scripts);
	await page.locator('#playground').scrollIntoViewIfNeeded();
	await page.waitForSelector('[data-playground][data-ready]');
	const own = [...new Set([...scripts.filter((p) => !before.has(p)), ...[...before].filter((p) => /KernelPlayground|preload-helper/.test(p))])];
	const sizes = own.map((p) => {
		const bytes = readFileSync(join('dist', p.slice(base.length)));
		return { file: p.split('/').at(-1)!, raw: bytes.length, gzip: gzipSync(bytes).length };
	});
	for (const s of sizes) console.log(`${s.file.padEnd(64)} ${String(s.raw).padStart(7)} B  ${String(s.gzip).padStart(6)} B gzipped`);
	console.log(`playground scripts: ${(sizes.reduce((n, s) => n + s.gzip, 0) / 1024).toFixed(1)} KB gzipped in total`);

	const photo = await page.locator('[data-pg="input"]').evaluate((c) => `${(c as HTMLCanvasElement).width} × ${(c as HTMLCanvasElement).height}`);
	for (const size of [3, 7]) {
		await page.selectOption('[data-pg="size"]', String(size));
		await page.click('button[data-preset="gaussian-blur"]');
		await timeRecompute(page, `${size} × ${size} kernel on the ${photo} greyscale photo (stride 1)`);
	}
	await page.selectOption('[data-pg="learned"]', '0');
	const out = await page.locator('[data-pg="output"]').evaluate((c) => `${(c as HTMLCanvasElement).width} × ${(c as HTMLCanvasElement).height}`);
	await timeRecompute(page, `learned kernel 0 on the ${photo} colour input as the model runs it (output ${out})`);
	console.log(`(Chromium ${browser.version()}, headless, software rendering; a recompute includes colour mapping, the canvas, statistics and the arithmetic panel)`);
} finally {
	await browser.close();
	server.close();
}
