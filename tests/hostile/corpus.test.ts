/**
 * The hostile-input corpus through the command line (scripts/make-hostile-corpus.ts writes it): every
 * model case is inspected; a typed error must be exit 1 with one plain line on stderr naming the file
 * and the reason, within a CPU-time and memory bound, leaving nothing behind; an odd but valid input
 * must give exactly the pinned layers, kernel values or kernel error, and `analyse` must work on it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDir, ensureCorpus } from '../../scripts/make-hostile-corpus.ts';
import { ModelError, openModel } from '../../src/reader/index.ts';
import { MARKER, MODEL_CASES, type ErrorOutcome, type ModelCase, type ValidOutcome } from '../fixtures/corpus/index.ts';
import { cli, type Run } from './run.ts';

/** Every case must finish within this much CPU time and peak memory (a CLI process alone is ~90 MB, 0.3 s). */
const CPU_MS = 5_000;
const PEAK_RSS = 256 * 2 ** 20;

interface Outcome {
	inspect: Run;
	exported: Run | null;
	analysed: Run | null;
	rendered: Run | null;
	/** The case folder's listing before and after: nothing may be written next to a model. */
	before: string[];
	after: string[];
}

const renders = mkdtempSync(join(tmpdir(), 'atlas-corpus-render-'));
afterAll(() => rmSync(renders, { recursive: true, force: true }));
const path = (c: ModelCase) => join(caseDir(c), c.file);
const listing = (c: ModelCase) => readdirSync(caseDir(c), { recursive: true }).map(String).sort();

beforeAll(() => {
	ensureCorpus();
});

/** Runs a case once (its tests share the runs; cases run concurrently, each process measured on its own). */
const outcomes = new Map<string, Promise<Outcome>>();
function outcomeOf(c: ModelCase): Promise<Outcome> {
	let outcome = outcomes.get(c.id);
	if (!outcome) {
		outcome = (async () => {
			const before = listing(c);
			const options = { cwd: caseDir(c), timeoutMs: 60_000 };
			const inspect = await cli(['inspect', path(c), '--json'], options);
			const valid = 'valid' in c.expected ? c.expected.valid : null;
			const layer = valid?.kernel?.layer ?? valid?.exportError?.layer;
			const exported = layer === undefined ? null : await cli(['export', path(c), '--layer', String(layer), '--format', 'json'], options);
			const analysed = valid && inspect.code === 0 ? await cli(['analyse', path(c), '--json'], options) : null;
			const rendered = valid?.renderError ? await cli(['render', path(c), '--config', join(caseDir(c), 'config.json'), '--out', join(renders, c.id)], options) : null;
			return { inspect, exported, analysed, rendered, before, after: listing(c) };
		})();
		outcomes.set(c.id, outcome);
	}
	return outcome;
}

/** A typed error as the command line prints it: exit 1, nothing on stdout, one plain line naming the file. */
function expectOneLineError(run: Run, file: string, reason: RegExp): void {
	expect(run.signal, run.stderr).toBeNull();
	expect(run.code, run.stderr).toBe(1);
	expect(run.stdout.length).toBe(0);
	expect(run.stderr.endsWith('\n')).toBe(true);
	const line = run.stderr.slice(0, -1);
	expect(line).not.toContain('\n');
	// No raw control characters: a name cannot move the cursor, clear the terminal or start a fake line.
	expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	// The file, then its reason; a shard or external-data file is named after the file that names it.
	expect(line.startsWith(`kernel-atlas: ${file}: `) || line.startsWith(`kernel-atlas: ${file} (`), line).toBe(true);
	expect(line).toMatch(reason);
}

function expectWithinBounds(run: Run): void {
	expect(run.cpuMs, 'CPU time').toBeLessThan(CPU_MS);
	expect(run.peakRss, 'peak memory').toBeLessThan(PEAK_RSS);
	expect(run.peakRss, 'the measurement ran').toBeGreaterThan(0);
}

/** Compares exported values: numbers as float32, non-finite values as the strings JSON has to use. */
function expectSameValues(actual: unknown[], expected: (number | string)[]): void {
	expect(actual).toHaveLength(expected.length);
	expected.forEach((e, i) => {
		if (typeof e === 'string') expect(actual[i], `value ${i}`).toBe(e);
		else expect(Math.fround(actual[i] as number), `value ${i}`).toBe(Math.fround(e));
	});
}

const errorCases = MODEL_CASES.filter((c): c is ModelCase & { expected: ErrorOutcome } => 'error' in c.expected);
const validCases = MODEL_CASES.filter((c): c is ModelCase & { expected: ValidOutcome } => 'valid' in c.expected);

describe.concurrent.each(errorCases)('$format $id: $about', (c) => {
	it('exits 1 with one line naming the file and the reason, within bounds, leaving nothing behind', async () => {
		const { inspect, before, after } = await outcomeOf(c);
		expectOneLineError(inspect, path(c), c.expected.error);
		expectWithinBounds(inspect);
		expect(after).toEqual(before);
		expect(existsSync(join(caseDir(c), MARKER))).toBe(false);
	});

	if (c.expected.subject !== undefined) {
		it(`names ${JSON.stringify(c.expected.subject).slice(0, 60)} as the subject of the error`, async () => {
			const error = await openModel(path(c)).then((m) => (m.close(), null), (e: unknown) => e);
			expect(error).toBeInstanceOf(ModelError);
			expect((error as ModelError).subject).toBe(c.expected.subject);
		});
	}
});

describe.concurrent.each(validCases)('$format $id: $about', (c) => {
	const { valid } = c.expected;

	it('is read, with exactly the pinned layers', async () => {
		const { inspect, before, after } = await outcomeOf(c);
		expect(inspect.code, inspect.stderr).toBe(0);
		expect(inspect.stderr).toBe('');
		expectWithinBounds(inspect);
		const json = JSON.parse(inspect.stdout.toString('utf8'));
		expect(json.model.format).toBe(valid.format);
		if (valid.producer !== undefined) expect(json.model.producer).toBe(valid.producer);
		expect(json.layers).toHaveLength(valid.layers.length);
		valid.layers.forEach((layer, i) => expect(json.layers[i]).toMatchObject(layer));
		expect(after).toEqual(before);
	});

	if (valid.kernel) {
		it(`exports layer ${valid.kernel.layer} with exactly the pinned values`, async () => {
			const { exported } = await outcomeOf(c);
			expect(exported!.code, exported!.stderr).toBe(0);
			expectWithinBounds(exported!);
			expectSameValues(JSON.parse(exported!.stdout.toString('utf8')).data, valid.kernel!.data);
		});
	}

	if (valid.exportError) {
		it(`refuses to export layer ${valid.exportError.layer} with one line, before allocating it`, async () => {
			const { exported } = await outcomeOf(c);
			expectOneLineError(exported!, path(c), valid.exportError!.error);
			expectWithinBounds(exported!);
		});
	}

	if (valid.renderError) {
		it('refuses to render its feature maps with one line', async () => {
			const { rendered } = await outcomeOf(c);
			expectOneLineError(rendered!, path(c), valid.renderError!);
			expectWithinBounds(rendered!);
		});
	}

	it('is analysed without a crash, or refused with one line when a kernel cannot be read', async () => {
		const { analysed } = await outcomeOf(c);
		if (valid.exportError) return expectOneLineError(analysed!, path(c), valid.exportError.error);
		expect(analysed!.code, analysed!.stderr).toBe(0);
		expectWithinBounds(analysed!);
		const json = JSON.parse(analysed!.stdout.toString('utf8'));
		expect(json.layers).toHaveLength(valid.layers.filter((l) => l.storage !== 'dynamic').length);
	});
});
