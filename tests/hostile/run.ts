/** Runs a Node entry point as a child (bin/kernel-atlas.mjs, scripts/build.ts) and measures it. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/kernel-atlas.mjs');
const MEASURE = join(import.meta.dirname, 'measure.ts');

export interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: Buffer;
	stderr: string;
	/** Peak resident memory and CPU time of the child (0 when it did not exit normally). */
	peakRss: number;
	cpuMs: number;
	wallMs: number;
}

export interface RunOptions {
	cwd?: string;
	/** Extra environment variables; `undefined` removes one. */
	env?: Record<string, string | undefined>;
	/** The child is killed after this long (a hang fails the case, not the test run). */
	timeoutMs?: number;
}

/**
 * Runs `node --import measure.ts <args>` with Node 24 (vitest's own process.execPath), without blocking
 * this process (a stand-in server in the test must keep answering).
 */
export function runNode(args: string[], options: RunOptions = {}): Promise<Run> {
	const scratch = mkdtempSync(join(tmpdir(), 'atlas-measure-'));
	const out = join(scratch, 'measure.json');
	const env: NodeJS.ProcessEnv = { ...process.env, ATLAS_MEASURE_OUT: out };
	for (const [k, v] of Object.entries(options.env ?? {})) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	const started = performance.now();
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', MEASURE, ...args], { cwd: options.cwd ?? ROOT, env, timeout: options.timeoutMs ?? 60_000 });
		const stdout: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => stdout.push(d));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
		child.on('error', fail);
		child.on('close', (code, signal) => {
			let measured = { peakRss: 0, cpuMs: 0 };
			try {
				measured = JSON.parse(readFileSync(out, 'utf8'));
			} catch {
				// killed or crashed before its exit handler: the case fails on its exit code
			}
			rmSync(scratch, { recursive: true, force: true });
			done({ code, signal, stdout: Buffer.concat(stdout), stderr, ...measured, wallMs: performance.now() - started });
		});
	});
}

/** Runs the kernel-atlas command line. */
export function cli(args: string[], options: RunOptions = {}): Promise<Run> {
	return runNode([BIN, ...args], options);
}
