/** A throw-away copy of the project (node_modules linked) so build tests never touch the real dist/. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const COPY = ['package.json', 'astro.config.mjs', 'tsconfig.json', 'src', 'content', 'models', 'public', 'scripts', 'bin'];

export interface TempProject {
	dir: string;
	path(...parts: string[]): string;
	/** Runs `npm run build` the way npm would (Node 24, project root as cwd). */
	build(): SpawnSyncReturns<string>;
	/** Runs the kernel-atlas CLI. */
	cli(...args: string[]): SpawnSyncReturns<string>;
	read(...parts: string[]): string;
	exists(...parts: string[]): boolean;
	remove(): void;
}

export function tempProject(): TempProject {
	const dir = mkdtempSync(join(tmpdir(), 'atlas-project-'));
	for (const entry of COPY) {
		cpSync(join(ROOT, entry), join(dir, entry), { recursive: true, filter: (src) => !src.includes(`${join('public', 'atlas')}`) });
	}
	// Hard links, not a symlink: Vite resolves a symlinked node_modules to outside the project and
	// Astro's build then cannot find its own compiled modules. Linking 18k files takes half a second.
	const link = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
	if (link.status !== 0) throw new Error(`cannot hard-link node_modules into ${dir}: ${link.stderr}`);
	const env = { ...process.env, CI: '1', ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: '', SITE_URL: '' };
	const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
	return {
		dir,
		path: (...parts) => join(dir, ...parts),
		build: () => run(['scripts/build.ts']),
		cli: (...args) => run(['bin/kernel-atlas.mjs', ...args]),
		read: (...parts) => readFileSync(join(dir, ...parts), 'utf8'),
		exists: (...parts) => existsSync(join(dir, ...parts)),
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
