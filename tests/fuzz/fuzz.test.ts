/**
 * The short, reproducible fuzz run of every target (seed 1, a fixed number of executions): nothing but
 * typed errors, coverage feedback working. `npm run fuzz` is the long run; see tests/fuzz/README.md.
 */
import { expect, it } from 'vitest';
import type { EngineReport } from './engine.ts';
import { runNode } from '../hostile/run.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);

it(`${RUNS} executions per target from the seeds find nothing but typed errors`, async () => {
	const run = await runNode(['scripts/fuzz.ts', '--runs', String(RUNS), '--seed', '1', '--json'], { timeoutMs: 600_000 });
	expect(run.code, run.stderr).not.toBeNull();
	const reports = JSON.parse(run.stdout.toString('utf8')) as EngineReport[];
	for (const r of reports) {
		const blocks = r.coverage.reduce((n, f) => n + f.blocksRun, 0);
		console.log(`fuzz ${r.target}: ${r.executions} executions, ${r.features} features (${blocks} blocks), corpus ${r.corpus} (${r.grown} grown) from ${r.seeds} seeds, ${r.findings.length} findings`);
	}
	expect(reports.map((r) => r.target)).toEqual(['onnx', 'safetensors', 'pytorch', 'config']);
	for (const r of reports) {
		expect(r.findings, `${r.target}: ${r.findings.map((f) => `${f.message} (${f.file})`).join('; ')}`).toEqual([]);
		expect(r.executions).toBe(RUNS);
		// Coverage feedback works: mutations reached code the seeds alone did not.
		expect(r.grown, r.target).toBeGreaterThan(0);
		expect(r.features, r.target).toBeGreaterThan(50);
	}
	expect(run.code, run.stderr).toBe(0);
}, 900_000);
