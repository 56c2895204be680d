#!/usr/bin/env node
// Thin launcher: the CLI is erasable TypeScript that Node 24 runs directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
	process.stderr.write(
		`kernel-atlas: needs Node 24 or newer (this is ${process.version}); run it through npm (npx kernel-atlas, npm run …), which uses the Node 24 from the project's devDependencies.\n`,
	);
	process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
