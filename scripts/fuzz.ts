/**
 * `npm run fuzz [-- TARGET... --seconds N --runs N --seed N --json]`: coverage-guided fuzzing of the
 * readers and the config loader (tests/fuzz/), each target in a worker thread watched from here: an
 * execution that hangs for HANG_SECONDS or takes the process past MEMORY_LIMIT is saved as a finding
 * and the worker stopped. Findings (input and stack) go to .atlas-cache/fuzz/findings/; inputs that
 * add coverage to .atlas-cache/fuzz/corpus/<target>/, so a long run continues where the last stopped.
 * `--runs` (with `--seed`) makes a reproducible run from the seeds alone, as the tests do.
 * Exit code 1 when anything was found.
 *
 * This is not Jazzer.js: @jazzer.js/core 4.0's prebuilt addon needs glibc 2.38 and libstdc++ 3.4.32,
 * newer than Debian 12's, and the package ships no sources to build it (see tests/fuzz/README.md).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { SHARED_BYTES, saveFinding, type EngineOptions, type EngineReport } from '../tests/fuzz/engine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALL = ['onnx', 'safetensors', 'pytorch', 'config'];
const HANG_SECONDS = 30;
const MEMORY_LIMIT = 3 * 2 ** 30;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { seconds: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
});
const targets = positionals.length ? positionals : ALL;
for (const t of targets) if (!ALL.includes(t)) throw new Error(`fuzz: no target "${t}" (targets: ${ALL.join(', ')})`);
const reproducible = values.runs !== undefined;
const runs = reproducible ? Number(values.runs) : Number.MAX_SAFE_INTEGER;
const seconds = values.seconds !== undefined ? Number(values.seconds) : reproducible ? 3600 : 120;
const seed = Number(values.seed ?? (reproducible ? 1 : Date.now() % 2 ** 31));
const cache = join(ROOT, '.atlas-cache', 'fuzz');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one target in a worker; resolves with its report (watchdog findings included). */
function fuzzTarget(target: string): Promise<EngineReport> {
	const shared = new SharedArrayBuffer(SHARED_BYTES);
	const options: EngineOptions = { target, seed, runs, seconds, corpusDir: reproducible ? null : join(cache, 'corpus', target), findingsDir: join(cache, 'findings'), root: ROOT, shared };
	const state = new Int32Array(shared, 0, 2);
	const worker = new Worker(new URL('../tests/fuzz/engine.ts', import.meta.url), { workerData: options, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
	return new Promise((resolve, reject) => {
		let busySince = 0;
		let stopped: EngineReport['findings'][number] | null = null;
		const stop = (kind: 'hang' | 'memory', message: string) => {
			const input = new Uint8Array(shared, 8, Atomics.load(state, 1)).slice();
			stopped = { kind, file: saveFinding(join(cache, 'findings'), target, input, message), message };
			void worker.terminate();
		};
		const watchdog = setInterval(() => {
			if (Atomics.load(state, 0) === 0) busySince = 0;
			else if (busySince === 0) busySince = performance.now();
			else if (performance.now() - busySince > HANG_SECONDS * 1000) stop('hang', `one execution ran for more than ${HANG_SECONDS} s`);
			if (process.memoryUsage.rss() > MEMORY_LIMIT) stop('memory', `the process passed ${MEMORY_LIMIT / 2 ** 30} GB`);
		}, 250);
		worker.on('message', (message: { progress?: Record<string, number | string>; report?: EngineReport }) => {
			if (message.progress && !values.json) {
				const p = message.progress;
				log(`fuzz ${p.target}: #${p.executions} features ${p.features} corpus ${p.corpus} findings ${p.findings}`);
			}
			if (message.report) resolve(message.report);
		});
		worker.on('error', (error) => {
			// The heap limit of the worker: an input made it allocate without bound.
			if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') stop('memory', 'the worker ran out of heap');
			else reject(error);
		});
		worker.on('exit', () => {
			clearInterval(watchdog);
			if (stopped) resolve({ target, about: '', executions: 0, seconds: 0, seeds: 0, corpus: 0, grown: 0, features: 0, coverage: [], findings: [stopped], slow: [] });
		});
	});
}

const reports: EngineReport[] = [];
for (const target of targets) {
	const report = await fuzzTarget(target);
	reports.push(report);
	if (!values.json) {
		const blocks = report.coverage.reduce((a, f) => [a[0]! + f.blocksRun, a[1]! + f.blocks, a[2]! + f.functionsRun, a[3]! + f.functions], [0, 0, 0, 0]);
		log(`fuzz ${target}: ${report.executions} executions in ${report.seconds.toFixed(1)} s (${Math.round(report.executions / Math.max(report.seconds, 1e-3))}/s), seed ${seed}; ` +
			`${report.features} features; blocks run ${blocks[0]} of ${blocks[1]} known, functions ${blocks[2]} of ${blocks[3]}; corpus ${report.corpus} (${report.grown} grown by mutation) from ${report.seeds} seeds; ` +
			`${report.findings.length} findings${report.slow.length ? `, ${report.slow.length} slow inputs` : ''}`);
		for (const f of report.findings) log(`  ${f.kind}: ${f.message.split('\n')[0]} (${f.file})`);
	}
}
if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 1)}\n`);
process.exitCode = reports.some((r) => r.findings.length > 0) ? 1 : 0;
