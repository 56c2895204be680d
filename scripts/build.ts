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

try {
	const { summary } = await buildModels();
	// performance.now() counts from process start: the model phase includes start-up, imports,
	// hashing, cache reads and publishing, not just rendering.
	const modelPhase = performance.now() / 1000;
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
	const rendered = summary.filter((row) => !row.cached).length;
	console.error(
		`build: done in ${total.toFixed(1)} s (models ${modelPhase.toFixed(1)} s: ${rendered} rendered, ${summary.length - rendered} cached; site ${(total - modelPhase).toFixed(1)} s) → dist/`,
	);
} catch (error) {
	if (isUserError(error)) fail(error.message.replace(/\s*\n\s*/g, ' '));
	throw error;
}

function fail(message: string): never {
	console.error(`build: ${message}`);
	process.exit(1);
}
