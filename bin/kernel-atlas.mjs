#!/usr/bin/env node
// Thin launcher: the CLI is erasable TypeScript that Node 24 runs directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
	process.stderr.write(
		`kernel-atlas: needs Node 24 or newer (this is ${process.version}); run it through npm (npx kernel-atlas, npm run …), which uses the Node 24 from the project's devDependencies.\n`,
	);
	process.exit(2);
}
// Node compiles every module (and strips the types of every .ts file) on each start unless it may keep
// the result: the cache, keyed by each file's content, saves most of the start-up time of a command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
