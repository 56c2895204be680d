// @ts-check
/**
 * Mutation testing. `npm run mutation` runs every folder below in turn (scripts/mutation.ts) and prints
 * the scores; `npm run mutation -- reader` one folder; `npm run mutation:changed` only the files changed
 * since main. `MUTATION_FOLDER=reader npx stryker run` is what the first runs per folder.
 * Not in CI: a full run takes hours on two cores. Scores and run times are in README.md ("Mutation
 * testing"); the mutants accepted as equivalent, and how to read the scores, in stryker-equivalent.md.
 *
 * Each folder keeps its own incremental file, committed in mutation/, because Stryker rewrites that file
 * with the results of the files it mutated in that run only: one shared file would forget every other
 * folder. With it, a rerun (on a fresh clone too) tests only the mutants whose code or covering tests changed.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */

/**
 * The mutated folders, by the name `npm run mutation -- NAME` takes. The reader is run in three parts
 * (its own files, ONNX, the checkpoint formats): a part is an hour or more on two cores, and Stryker
 * saves results only when a run ends, so a stopped run loses at most one part.
 */
export const folders = {
	'reader-core': 'src/reader/*.ts',
	'reader-onnx': 'src/reader/onnx/**/*.ts',
	'reader-checkpoint': 'src/reader/{checkpoint,pytorch,safetensors}/**/*.ts',
	analysis: 'src/analysis/**/*.ts',
	render: 'src/render/**/*.ts',
	pipeline: 'src/pipeline/**/*.ts',
	config: 'src/config/**/*.ts',
	// The scripts of the build and their helpers. Left out (stryker-equivalent.md): the ones that drive
	// other tools (Chromium for lighthouse and screenshots, the fuzz engine's runner, Stryker itself for
	// mutation and mutation-changed), and the fixture writers, whose code runs while test files load
	// (static mutants) and whose output the reader tests check file by file.
	scripts: 'scripts/{build,schema,generated}.ts',
};

// A folder name; `changed` (scripts/mutation-changed.ts, which gives --mutate); unset: everything at once.
const folder = process.env.MUTATION_FOLDER ?? 'all';
const known = folder in folders;
if (!known && folder !== 'all' && folder !== 'changed') throw new Error(`MUTATION_FOLDER=${folder}: expected one of ${Object.keys(folders).join(', ')}`);

export default {
	testRunner: 'vitest',
	// Only the tests that can kill a mutant: see vitest.mutation.config.ts.
	vitest: { configFile: 'vitest.mutation.config.ts', related: true },
	coverageAnalysis: 'perTest',
	mutate: known ? [folders[/** @type {keyof typeof folders} */ (folder)]] : Object.values(folders),
	// Build outputs and caches are neither code nor fixtures: keep them out of the sandbox copy.
	ignorePatterns: ['dist', 'dist-*', '.astro', '.astro-cache', '.atlas-cache', 'generated', 'public/atlas', 'tests/fixtures/generated', 'tests/fixtures/generated-corpus', 'bench/out', 'reports', '/mutation', '.stryker-tmp*'],
	incremental: true,
	// Static mutants (module-level code: tables, constants) run every test, not only the covering ones:
	// in the reader, 5 % of the mutants took half the time. They are reported as Ignored and left out
	// of the score; `npm run mutation -- FOLDER --static` tests them too (stryker-equivalent.md).
	ignoreStatic: process.env.MUTATION_STATIC !== '1',
	// Only the per-folder files are kept in the repository; the others are scratch.
	incrementalFile: known ? `mutation/${folder}.incremental.json` : `reports/mutation/${folder}/incremental.json`,
	reporters: ['html', 'json', 'clear-text', 'progress'],
	htmlReporter: { fileName: `reports/mutation/${folder}/index.html` },
	jsonReporter: { fileName: `reports/mutation/${folder}/mutation.json` },
	thresholds: { high: 90, low: 80, break: null },
	// Two cores shared with everything else: one test process at a time unless told otherwise (--concurrency 2).
	concurrency: 1,
	// Added to 1.5 × a mutant's tests' own time: enough for a busy machine's jitter. A mutant that makes
	// a parser loop then costs seconds, not the 20 s it did (a third of the reader-core run was timeouts).
	timeoutMS: 5_000,
	// The first run of every related test, with coverage per test: minutes on a busy machine (the reader's
	// related tests include the corpus and the onnxruntime cross-check).
	dryRunTimeoutMinutes: 30,
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
};
