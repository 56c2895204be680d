/**
 * `npm run build`: the whole site from the models in `models/`. Model work first (downloads and
 * renders, cached), then the Astro build into a temporary folder that replaces `dist/` only when
 * everything succeeded, so a failed build leaves the previous site as it was.
 * `--models-only` stops after the model work (generated/ and public/atlas/), e.g. before `npm run dev`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isUserError, userErrorLines } from '../src/cli/errors.ts';
import { type BuildPaths, buildModels, defaultPaths } from '../src/pipeline/build-models.ts';
import { siteFromEnv } from '../src/publish/site-url.ts';

export interface BuildOptions {
	/** Stop after the model work. */
	modelsOnly?: boolean;
	/** Default: the project in the current folder. */
	paths?: BuildPaths;
	/** Builds the site into `outDir` (a path under the root) and returns the exit status; default: Astro itself. */
	site?: (outDir: string) => number | null;
	/** Where the progress lines go; default stderr. */
	log?: (line: string) => void;
	/** What the reported times count from, on `performance.now()`'s clock; default 0, the process's start. */
	since?: number;
}

/** Runs Astro's build, as `npm run build:site` would, into `outDir`. */
function astroBuild(root: string, outDir: string): number | null {
	return spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], { cwd: root, stdio: 'inherit' }).status;
}

/**
 * Builds models and site; returns the exit status (0, or 1 after one line per problem naming what to
 * do). `dist/` is replaced only once the site built, and a failed build leaves no temporary site behind.
 */
export async function build(options: BuildOptions = {}): Promise<number> {
	const paths = options.paths ?? defaultPaths();
	const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	const seconds = () => (performance.now() - (options.since ?? 0)) / 1000;
	const fail = (...lines: string[]) => {
		for (const line of lines) log(`build: ${line}`);
		return 1;
	};
	try {
		const { summary } = await buildModels(paths);
		const built = summary.filter((row) => !row.skipped);
		const rendered = built.filter((row) => !row.cached).length;
		const skipped = summary.length - built.length;
		const counts = `${rendered} rendered, ${built.length - rendered} cached${skipped ? `, ${skipped} skipped` : ''}`;
		// Counted from the process's start by default: the model phase includes start-up, imports, hashing,
		// cache reads and publishing, not just rendering.
		const modelPhase = seconds();
		if (options.modelsOnly) {
			log(`build: models done in ${modelPhase.toFixed(1)} s (${counts}) → generated/; the site was not built (--models-only)`);
			return 0;
		}
		if (!siteFromEnv()) log('build: no SITE_URL, so the pages carry no canonical or hreflang links and there is no sitemap; set SITE_URL (e.g. https://OWNER.github.io) for a site you publish');
		const tmp = join(paths.root, `dist-tmp-${process.pid}`);
		const status = (options.site ?? ((out) => astroBuild(paths.root, out)))(tmp);
		if (status !== 0) {
			rmSync(tmp, { recursive: true, force: true });
			return fail('the Astro build failed (see above); dist/ was left as it was.');
		}
		const dist = join(paths.root, 'dist');
		const old = join(paths.root, `dist-old-${process.pid}`);
		if (existsSync(dist)) renameSync(dist, old);
		renameSync(tmp, dist);
		rmSync(old, { recursive: true, force: true });
		const total = seconds();
		log(`build: done in ${total.toFixed(1)} s (models ${modelPhase.toFixed(1)} s: ${counts}; site ${(total - modelPhase).toFixed(1)} s) → dist/`);
		return 0;
	} catch (error) {
		if (isUserError(error)) return fail(...userErrorLines(error));
		throw error;
	}
}

if (import.meta.main) {
	process.env.ASTRO_TELEMETRY_DISABLED = '1';
	process.exit(await build({ modelsOnly: process.argv.includes('--models-only') }));
}
