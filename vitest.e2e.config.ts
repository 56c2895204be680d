import { defineConfig } from 'vitest/config';

// Browser tests: the built site in dist/ is served on 127.0.0.1 and driven with the system Chromium.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		globalSetup: ['tests/e2e/global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: false,
	},
});
