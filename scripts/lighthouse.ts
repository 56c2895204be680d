/**
 * `npm run lighthouse [PATH ...]`: serves dist/ on 127.0.0.1 and runs Lighthouse (mobile, the default)
 * on one page of each kind (or the paths given) in both languages, printing every category's score.
 * Exits 1 when a score is below the site's bar of 95. Needs Chromium (CHROME_PATH, default /usr/bin/chromium).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '../tests/e2e/static-server.ts';

const BAR = 95;
const run = promisify(execFile);
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const { featured } = JSON.parse(readFileSync('generated/atlas.json', 'utf8')) as { featured: string };
const kinds = ['tutorial/learned-kernels/', 'tutorial/classical-kernels/', `models/${featured}/`, `models/${featured}/layers/`, `models/${featured}/layer-0/kernel-0/`, 'compare/'];
const pages = process.argv.slice(2).length ? process.argv.slice(2) : kinds;
const { server, url } = await serveStatic(join(process.cwd(), 'dist'), process.env.BASE_PATH || '/');
// Reports are kept (bench/out is ignored by git) so a low score can be looked into.
const out = join('bench', 'out', 'lighthouse');
mkdirSync(out, { recursive: true });
let failed = false;
try {
	for (const lang of ['', 'en/']) {
		for (const page of pages) {
			const report = join(out, `${(lang + page).replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}.json`);
			// Asynchronous: the static server lives in this process and must keep answering.
			await run(
				process.execPath,
				[
					'node_modules/lighthouse/cli/index.js',
					url + lang + page,
					'--quiet',
					'--output=json',
					`--output-path=${report}`,
					`--chrome-path=${chrome}`,
					'--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync',
				],
				{ env: { ...process.env, CHROME_PATH: chrome }, maxBuffer: 1 << 26 },
			).catch((error: { stderr?: string }) => {
				throw new Error(`lighthouse failed on ${lang}${page}: ${String(error.stderr ?? error).split('\n').slice(-5).join(' ')}`);
			});
			const result = JSON.parse(readFileSync(report, 'utf8')) as {
				categories: Record<string, { title: string; score: number }>;
				audits: Record<string, { numericValue?: number }>;
			};
			const scores = Object.values(result.categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`);
			const low = Object.values(result.categories).filter((c) => c.score * 100 < BAR);
			if (low.length) failed = true;
			const kb = Math.round((result.audits['total-byte-weight']?.numericValue ?? 0) / 1024);
			const metric = (id: string) => Math.round(result.audits[id]?.numericValue ?? 0);
			const timings = `FCP ${metric('first-contentful-paint')} ms, LCP ${metric('largest-contentful-paint')} ms, TBT ${metric('total-blocking-time')} ms`;
			console.log(`${low.length ? 'LOW ' : 'ok  '} /${lang}${page}: ${scores.join(', ')}; ${timings}; transfer ${kb} KB`);
		}
	}
} finally {
	server.close();
}
process.exit(failed ? 1 : 0);
