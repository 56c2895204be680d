/**
 * `npm run build`: the whole site from the models in `models/`. Model work first (downloads and
 * renders, cached), then the Astro build into a temporary folder that replaces `dist/` only when
 * everything succeeded, so a failed build leaves the previous site as it was.
 * `--models-only` stops after the model work (generated/ and public/atlas/), e.g. before `npm run dev`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { isUserError, userErrorLines } from '../src/cli/errors.ts';
import { buildModels } from '../src/pipeline/build-models.ts';
import { siteFromEnv } from '../src/publish/site-url.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';

const modelsOnly = process.argv.includes('--models-only');

try {
	const { summary } = await buildModels();
	const built = summary.filter((row) => !row.skipped);
	const rendered = built.filter((row) => !row.cached).length;
	const skipped = summary.length - built.length;
	const counts = `${rendered} rendered, ${built.length - rendered} cached${skipped ? `, ${skipped} skipped` : ''}`;
	if (modelsOnly) {
		console.error(`build: models done in ${(performance.now() / 1000).toFixed(1)} s (${counts}) → generated/; the site was not built (--models-only)`);
		process.exit(0);
	}
	// performance.now() counts from process start: the model phase includes start-up, imports,
	// hashing, cache reads and publishing, not just rendering.
	const modelPhase = performance.now() / 1000;
	if (!siteFromEnv()) console.error('build: no SITE_URL, so the pages carry no canonical or hreflang links and there is no sitemap; set SITE_URL (e.g. https://OWNER.github.io) for a site you publish');
	const tmp = `dist-tmp-${process.pid}`;
	const astro = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', tmp], { stdio: 'inherit' });
	if (astro.status !== 0) {
		rmSync(tmp, { recursive: true, force: true });
		fail('the Astro build failed (see above); dist/ was left as it was.');
	}
	const old = `dist-old-${process.pid}`;
	if (existsSync('dist')) renameSync('dist', old);
	renameSync(tmp, 'dist');
	rmSync(old, { recursive: true, force: true });
	const total = performance.now() / 1000;
	console.error(`build: done in ${total.toFixed(1)} s (models ${modelPhase.toFixed(1)} s: ${counts}; site ${(total - modelPhase).toFixed(1)} s) → dist/`);
} catch (error) {
	if (isUserError(error)) fail(...userErrorLines(error));
	throw error;
}

function fail(...lines: string[]): never {
	for (const line of lines) console.error(`build: ${line}`);
	process.exit(1);
}
