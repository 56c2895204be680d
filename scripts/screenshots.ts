/**
 * Screenshots of the built site, as a reader sees it: each page given (default: every page kind, every
 * tutorial and guide page, as the layout tests check them) in each of its languages at 1280 and 375 px
 * wide, into bench/out/screenshots/. Needs `npm run build` first.
 *   node scripts/screenshots.ts [PATH ...]     e.g. tutorial/learned-kernels/ models/squeezenet1-1/
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { everyPageKind, pathIn, type PageKind } from '../tests/e2e/page-kinds.ts';
import { serveStatic } from '../tests/e2e/static-server.ts';

const given = process.argv.slice(2);
const PAGES: PageKind[] = given.length ? given.map((path) => ({ kind: path, path, langs: ['ja', 'en'] })) : everyPageKind();
const out = join('bench', 'out', 'screenshots');
mkdirSync(out, { recursive: true });
const { server, url } = await serveStatic('dist', '/');
const browser = await launchBrowser();
try {
	for (const pageKind of PAGES) {
		for (const lang of pageKind.langs) {
			for (const width of [1280, 375]) {
				const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
				await page.goto(url + pathIn(lang, pageKind), { waitUntil: 'networkidle' });
				// Scroll through once so lazy images load, as they would for a reader.
				await page.evaluate(async () => {
					for (let y = 0; y < document.body.scrollHeight; y += 600) {
						window.scrollTo(0, y);
						await new Promise((r) => setTimeout(r, 40));
					}
					window.scrollTo(0, 0);
				});
				await page.waitForLoadState('networkidle');
				const name = (pageKind.path || 'home').replace(/\/$/, '').replace(/\.html$/, '').replaceAll('/', '_');
				const file = join(out, `${name}-${lang}-${width}.png`);
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
