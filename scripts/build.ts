/**
 * `npm run build`: the whole site from the models in `models/`. Model work first (cached), then the
 * Astro build into a temporary folder that replaces `dist/` only when everything succeeded, so a
 * failed build leaves the previous site as it was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { isUserError } from '../src/cli/errors.ts';
import { buildModels } from '../src/pipeline/build-models.ts';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
const started = performance.now();

try {
	const { modelSeconds } = await buildModels();
	const astroStarted = performance.now();
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
	const total = (performance.now() - started) / 1000;
	const site = (performance.now() - astroStarted) / 1000;
	console.error(`build: done in ${total.toFixed(1)} s (model work ${modelSeconds.toFixed(1)} s, site ${site.toFixed(1)} s) → dist/`);
} catch (error) {
	if (isUserError(error)) fail(error.message.replace(/\s*\n\s*/g, ' '));
	throw error;
}

function fail(message: string): never {
	console.error(`build: ${message}`);
	process.exit(1);
}
