/** openModel: one entry point that picks the reader by the file's first bytes; readable layer names. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { ModelError, OnnxError, openModel, weightLayerName } from '../../src/reader/index.ts';

let scratch: string;
beforeAll(() => {
	ensureFixtures();
	scratch = mkdtempSync(join(tmpdir(), 'kernel-atlas-open-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('openModel', () => {
	it('opens an ONNX file through the ONNX reader, with the format in its facts', async () => {
		const model = await openModel(join(GENERATED_DIR, 'pytorch-scopes.onnx'));
		try {
			expect(model.info.format).toBe('onnx');
			expect(model.layers[0]!.onnx?.op).toBe('Conv');
			expect(model.layers[0]!.geometry).not.toBeNull();
		} finally {
			model.close();
		}
	});

	it('hashes the file unless the caller gives its hash (the build keeps hashes by stat identity)', async () => {
		const path = join(GENERATED_DIR, 'pytorch-scopes.onnx');
		const real = createHash('sha256').update(readFileSync(path)).digest('hex');
		const hashed = await openModel(path);
		hashed.close();
		expect(hashed.info.sha256).toBe(real);
		const given = await openModel(path, { sha256: 'f'.repeat(64) });
		given.close();
		expect(given.info.sha256).toBe('f'.repeat(64));
	});

	it.each([
		['text.txt', 'hello, world\n', /is not a model file Kernel Atlas can read/],
		['empty.bin', '', /is not a model file Kernel Atlas can read/],
	])('refuses %s with one line naming the file and the formats', async (name, text, message) => {
		const path = join(scratch, name);
		writeFileSync(path, text);
		const error = await openModel(path).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ModelError);
		expect((error as Error).message).toMatch(message);
		expect((error as Error).message).toContain(path);
		expect((error as Error).message).not.toContain('\n');
	});

	it('an ONNX reader error is still a ModelError, so callers handle every format alike', async () => {
		const path = join(scratch, 'broken.onnx');
		writeFileSync(path, Buffer.from([0x08, 0xff]));
		const error = await openModel(path).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(OnnxError);
		expect(error).toBeInstanceOf(ModelError);
	});

	it('names a missing file and a folder as such', async () => {
		await expect(openModel(join(scratch, 'nope.safetensors'))).rejects.toThrow(/no such file/);
		await expect(openModel(scratch)).rejects.toThrow(/not a regular file/);
	});
});

describe('weightLayerName (layer names for graphs with unnamed nodes)', () => {
	it.each([
		['conv1_w_0', 'conv1'], // Caffe2 (SqueezeNet from the ONNX model zoo)
		['fire2/squeeze1x1_w_0', 'fire2/squeeze1x1'],
		['fire9/expand3x3_w_0', 'fire9/expand3x3'],
		['conv10_w', 'conv10'],
		['model/conv2d/Conv2D/ReadVariableOp/kernel', 'model/conv2d/Conv2D/ReadVariableOp'], // tf2onnx-style
		['backbone.stem.weight', 'backbone.stem'],
		['stem_weight', 'stem'],
		['onnx::Conv_123', null], // anonymous exporter names stay anonymous
		['123', null],
		['', null],
	])('%j -> %j', (weight, expected) => {
		expect(weightLayerName(weight)).toBe(expected);
	});
});
