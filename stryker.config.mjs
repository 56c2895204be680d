// @ts-check
/**
 * Mutation testing: `npm run mutation` (everything below, incremental), `npm run mutation:changed` (only the
 * files changed since main). Not in CI: a full run takes hours on two cores. Scores of the last runs and
 * the mutants accepted as equivalent are in stryker-equivalent.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
	testRunner: 'vitest',
	// Only the tests that can kill a mutant: see vitest.mutation.config.ts.
	vitest: { configFile: 'vitest.mutation.config.ts', related: true },
	coverageAnalysis: 'perTest',
	mutate: ['src/reader/**/*.ts', 'src/analysis/**/*.ts', 'src/render/**/*.ts', 'src/pipeline/**/*.ts', 'src/config/**/*.ts', 'scripts/**/*.ts'],
	// Build outputs and caches are neither code nor fixtures: keep them out of the sandbox copy.
	ignorePatterns: ['dist', 'dist-*', '.astro', '.atlas-cache', 'generated', 'public/atlas', 'tests/fixtures/generated', 'bench/out', 'reports'],
	// Results are kept, so a rerun tests only the mutants whose code or covering tests changed.
	incremental: true,
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	reporters: ['html', 'json', 'clear-text', 'progress'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	thresholds: { high: 90, low: 80, break: null },
	concurrency: 2,
	// Some tests run onnxruntime on real models: a mutant that makes them loop must still time out.
	timeoutMS: 20_000,
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
};
