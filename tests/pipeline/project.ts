/** A throw-away copy of the project (node_modules linked) so build tests never touch the real dist/. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
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
	/**
	 * Runs a Node script without blocking this process (so a stand-in server in the test can answer),
	 * with extra environment variables (`undefined` removes one).
	 */
	node(args: string[], env?: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }>;
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
	// realpath: in a git worktree node_modules may itself be a symlink to the main checkout's.
	const link = spawnSync('cp', ['-al', realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules')]);
	if (link.status !== 0) throw new Error(`cannot hard-link node_modules into ${dir}: ${link.stderr}`);
	// Offline, as CI builds: a Hub-hosted default model (resnet18d) is skipped, never fetched.
	const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: '', SITE_URL: '', HF_HUB_OFFLINE: '1' };
	// Vitest puts its own import.meta.env into process.env (NODE_ENV=test, BASE_URL=/, MODE, DEV, PROD,
	// SSR); inherited, they made the builds non-production and pinned Starlight's base to "/".
	for (const key of ['NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[key];
	const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
	const node = (args: string[], extra: Record<string, string | undefined> = {}) =>
		new Promise<{ status: number | null; stdout: string; stderr: string }>((resolvePromise, reject) => {
			const childEnv = { ...env, ...extra };
			for (const [k, v] of Object.entries(extra)) if (v === undefined) delete childEnv[k];
			const child = spawn(process.execPath, args, { cwd: dir, env: childEnv });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			child.on('error', reject);
			child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
		});
	return {
		dir,
		path: (...parts) => join(dir, ...parts),
		build: () => run(['scripts/build.ts']),
		cli: (...args) => run(['bin/kernel-atlas.mjs', ...args]),
		node,
		read: (...parts) => readFileSync(join(dir, ...parts), 'utf8'),
		exists: (...parts) => existsSync(join(dir, ...parts)),
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
