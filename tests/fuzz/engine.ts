/**
 * A coverage-guided mutation fuzzer for one target, run in a worker thread by scripts/fuzz.ts. NOT
 * libFuzzer or Jazzer.js: its feedback is V8's block coverage (coverage.ts), taken after every
 * execution, which makes it slower (hundreds of executions a second, not thousands) but needs nothing
 * native. The loop: run the seeds, keep those that add coverage, then mutate a kept input (mutate.ts),
 * run it, keep it when it adds coverage, and record any non-typed error as a finding (input and stack).
 * Before each execution the input goes into shared memory, so the main thread can save it if the
 * execution hangs or exhausts memory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Coverage, type FileCoverage } from './coverage.ts';
import { MAX_INPUT, mutate } from './mutate.ts';

/** What the main thread passes to a worker. */
export interface EngineOptions {
	target: string;
	seed: number;
	/** Stop after this many executions (seeds included), or after `seconds`, whichever comes first. */
	runs: number;
	seconds: number;
	/** Where inputs that add coverage are kept between runs (the long run); none for a reproducible run. */
	corpusDir: string | null;
	findingsDir: string;
	root: string;
	/** [running (0/1), input length] and the input bytes, for the watchdog. */
	shared: SharedArrayBuffer;
}

/** One non-typed error, with the input that caused it (saved under findingsDir). */
export interface Finding {
	kind: 'crash' | 'hang' | 'memory';
	file: string;
	message: string;
}

/** What a worker reports at the end. */
export interface EngineReport {
	target: string;
	about: string;
	executions: number;
	seconds: number;
	seeds: number;
	corpus: number;
	/** Inputs mutations made that added coverage (0 would mean the feedback does not work). */
	grown: number;
	features: number;
	coverage: FileCoverage[];
	findings: Finding[];
	/** Executions slower than a second (not failures; a sign of a quadratic path). */
	slow: { ms: number; file: string }[];
}

/** Where shared memory keeps the state and the current input. */
export const SHARED_BYTES = 8 + MAX_INPUT;

/** Saves a finding's input and returns its path. */
export function saveFinding(dir: string, target: string, input: Uint8Array, message: string): string {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${target}-${createHash('sha1').update(input).digest('hex').slice(0, 16)}`);
	writeFileSync(`${file}.bin`, input);
	writeFileSync(`${file}.txt`, `${message}\n`);
	return `${file}.bin`;
}

async function main(options: EngineOptions): Promise<EngineReport> {
	const { seeded } = await import('../fixtures/catalog.ts');
	const random = seeded(options.seed);
	const root = options.root.replace(/\/?$/, '/');
	const coverage = new Coverage((url) => scope.some((s) => url.startsWith(`file://${root}${s}`)));
	// Imported after coverage started, so the code under test is compiled with block counters.
	const { TARGETS } = await import('./targets.ts');
	const target = TARGETS.find((t) => t.name === options.target);
	if (!target) throw new Error(`no fuzz target "${options.target}"`);
	const scope = target.scope;
	const dir = mkdtempSync(join(tmpdir(), `atlas-fuzz-${target.name}-`));
	target.setup(dir);
	const state = new Int32Array(options.shared, 0, 2);
	const inputView = new Uint8Array(options.shared, 8);
	const dictionary = target.dictionary.map((t) => (typeof t === 'string' ? Buffer.from(t, 'latin1') : Uint8Array.from(t)));

	const corpus: Uint8Array[] = [];
	const findings: Finding[] = [];
	const signatures = new Set<string>();
	const slow: EngineReport['slow'] = [];
	let executions = 0;
	let grown = 0;
	const started = performance.now();
	const deadline = started + options.seconds * 1000;

	const execute = async (input: Uint8Array): Promise<boolean> => {
		inputView.set(input.subarray(0, MAX_INPUT));
		Atomics.store(state, 1, Math.min(input.length, MAX_INPUT));
		Atomics.store(state, 0, 1);
		const t0 = performance.now();
		try {
			await target.run(input, dir);
		} catch (error) {
			const stack = (error as Error)?.stack ?? String(error);
			// One finding per place: the error's message without numbers, and its first frame in the repo.
			const frame = /\((?:file:\/\/)?([^)]*\/(?:src|tests)\/[^)]*)\)/.exec(stack)?.[1] ?? '';
			const signature = `${String((error as Error)?.message).replace(/\d+/g, 'N')} ${frame}`;
			if (!signatures.has(signature) && findings.length < 20) {
				signatures.add(signature);
				findings.push({ kind: 'crash', file: saveFinding(options.findingsDir, target.name, input, stack), message: String((error as Error)?.message ?? error).slice(0, 300) });
			}
		} finally {
			Atomics.store(state, 0, 0);
			executions++;
		}
		const ms = performance.now() - t0;
		if (ms > 1000 && slow.length < 10) slow.push({ ms: Math.round(ms), file: saveFinding(join(options.findingsDir, 'slow'), target.name, input, `${Math.round(ms)} ms`) });
		return coverage.collect() > 0;
	};

	const keep = (input: Uint8Array) => {
		corpus.push(input);
		grown++;
		if (options.corpusDir) writeFileSync(join(options.corpusDir, createHash('sha1').update(input).digest('hex')), input);
	};

	const seeds = target.seeds().filter((s) => s.length <= MAX_INPUT);
	const saved = options.corpusDir ? readSaved(options.corpusDir) : [];
	for (const input of [...seeds, ...saved]) if ((await execute(input)) || corpus.length === 0) corpus.push(input);
	let last = performance.now();
	while (executions < options.runs && performance.now() < deadline) {
		const parent = corpus[Math.floor(random() * corpus.length)]!;
		const child = mutate(parent, random, dictionary, corpus);
		if (await execute(child)) keep(child);
		if (performance.now() - last > 2000) {
			last = performance.now();
			parentPort?.postMessage({ progress: { target: target.name, executions, corpus: corpus.length, features: coverage.size, findings: findings.length } });
		}
	}
	rmSync(dir, { recursive: true, force: true });
	return {
		target: target.name,
		about: target.about,
		executions,
		seconds: (performance.now() - started) / 1000,
		seeds: seeds.length,
		corpus: corpus.length,
		grown,
		features: coverage.size,
		coverage: coverage.report(root),
		findings,
		slow,
	};
}

function readSaved(dir: string): Uint8Array[] {
	mkdirSync(dir, { recursive: true });
	return readdirSync(dir).map((f) => readFileSync(join(dir, f)));
}

if (parentPort && workerData) {
	const report = await main(workerData as EngineOptions);
	parentPort.postMessage({ report });
}
