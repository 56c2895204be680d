/** Damaged copies of every fixture: whatever the damage, the reader fails only with OnnxError, and fast. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, FIXTURES, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { seeded } from '../fixtures/catalog.ts';
import { openOnnxModel, OnnxError } from '../../src/reader/index.ts';

const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 120);
let dir = '';

beforeAll(() => {
	ensureFixtures();
	dir = mkdtempSync(join(tmpdir(), 'kernel-atlas-fuzz-'));
	mkdirSync(join(dir, 'ext'));
	copyFileSync(join(GENERATED_DIR, 'external-data.bin'), join(dir, 'external-data.bin'));
	copyFileSync(join(GENERATED_DIR, 'ext/external-data-b.bin'), join(dir, 'ext/external-data-b.bin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the model and reads every kernel; returns the error, if any. */
async function readAll(path: string): Promise<unknown> {
	try {
		const model = await openOnnxModel(path);
		try {
			for (const layer of model.layers) if (layer.storage !== 'dynamic') await model.readKernel(layer);
		} finally {
			model.close();
		}
		return null;
	} catch (error) {
		return error;
	}
}

describe.each(FIXTURES)('damaged $name', ({ name }) => {
	it(`${MUTATIONS} random byte changes and truncations never escape as anything but OnnxError`, async () => {
		const original = readFileSync(join(GENERATED_DIR, `${name}.onnx`));
		const next = seeded(name.length * 7919);
		const path = join(dir, `${name}.onnx`);
		const started = performance.now();
		for (let i = 0; i < MUTATIONS; i++) {
			const bytes = Buffer.from(original);
			const at = Math.floor(next() * bytes.length);
			const end = Math.min(bytes.length, at + 1 + Math.floor(next() * 3));
			const damaged = i % 4 === 3 ? bytes.subarray(0, at) : bytes.fill(Math.floor(next() * 256), at, end);
			writeFileSync(path, damaged);
			const error = await readAll(path);
			if (error !== null && !(error instanceof OnnxError)) throw new Error(`mutation ${i} at byte ${at}: ${String((error as Error).stack)}`);
		}
		expect(performance.now() - started).toBeLessThan(20_000);
	});
});
