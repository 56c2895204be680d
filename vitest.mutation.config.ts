import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (stryker.config.json). Left out: tests that only drive a
 * child process (the CLI, `npm run build`), because a mutant is switched on inside the test process and
 * is off in a spawned one, so those tests cannot kill it; they only cost minutes per run.
 */
export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		exclude: [
			'tests/e2e/**',
			'node_modules/**',
			'tests/pipeline/build.test.ts',
			'tests/pipeline/hub-build.test.ts',
			'tests/reader/cli.test.ts',
			'tests/reader/checkpoint/cli.test.ts',
			'tests/analysis/analyse-cli.test.ts',
			'tests/render/render-cli.test.ts',
			'tests/fetch/add-hub.test.ts',
		],
		// Builds the memoised tables outside any test, so per-test coverage does not hide their mutants.
		setupFiles: ['tests/mutation-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});
