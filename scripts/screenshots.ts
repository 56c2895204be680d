/**
 * Screenshots of the built site, as a reader sees it: each page given (default: one of every kind) in
 * both languages at 1280 and 375 px wide, into bench/out/screenshots/. Needs `npm run build` first.
 *   node scripts/screenshots.ts [PATH ...]     e.g. tutorial/learned-kernels/ models/squeezenet1-1/
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { serveStatic } from '../tests/e2e/static-server.ts';

const PAGES = process.argv.slice(2).length
	? process.argv.slice(2)
	: ['', 'tutorial/learned-kernels/', 'tutorial/classical-kernels/', 'models/squeezenet1-1/', 'models/squeezenet1-1/layer-0/kernel-0/', 'models/squeezenet1-1/layers/', 'compare/', 'credits/'];
const out = join('bench', 'out', 'screenshots');
mkdirSync(out, { recursive: true });
const { server, url } = await serveStatic('dist', '/');
const browser = await launchBrowser();
try {
	for (const path of PAGES) {
		for (const lang of ['ja', 'en'] as const) {
			for (const width of [1280, 375]) {
				const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
				await page.goto(`${url}${lang === 'en' ? 'en/' : ''}${path}`, { waitUntil: 'networkidle' });
				// Scroll through once so lazy images load, as they would for a reader.
				await page.evaluate(async () => {
					for (let y = 0; y < document.body.scrollHeight; y += 600) {
						window.scrollTo(0, y);
						await new Promise((r) => setTimeout(r, 40));
					}
					window.scrollTo(0, 0);
				});
				await page.waitForLoadState('networkidle');
				const file = join(out, `${(path || 'home').replace(/\/$/, '').replaceAll('/', '_')}-${lang}-${width}.png`);
				await page.screenshot({ path: file, fullPage: true });
				await page.close();
				process.stdout.write(`${file}\n`);
			}
		}
	}
} finally {
	await browser.close();
	server.close();
}
