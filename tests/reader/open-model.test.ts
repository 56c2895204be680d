/** openModel: one entry point that picks the reader by the file's first bytes; readable layer names. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { ModelError, OnnxError, openModel, weightLayerName } from '../../src/reader/index.ts';

let scratch: string;
beforeAll(() => {
	ensureFixtures();
	scratch = mkdtempSync(join(tmpdir(), 'kernel-atlas-open-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `model.safetensors` holding an 8-byte length prefix and `header` (8 bytes): the file starts with 0x08. */
function withEightByteHeader(header: string): string {
	const path = join(scratch, 'model.safetensors');
	const length = Buffer.alloc(8);
	length.writeBigUInt64LE(BigInt(Buffer.byteLength(header)));
	writeFileSync(path, Buffer.concat([length, Buffer.from(header)]));
	expect(readFileSync(path)[0]).toBe(0x08);
	return path;
}

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
		const unhashed = await openModel(path, { hash: false });
		unhashed.close();
		expect(unhashed.info.sha256).toBe('');
		expect(unhashed.layers).toEqual(hashed.layers);
	});

	// A safetensors header of 8 bytes makes the file start 08 00 00 00 00 00 00 00, and 0x08 is also the
	// protobuf tag of ONNX's ir_version (field 1, varint): the first bytes alone must not hand it to ONNX.
	it.each([
		['an array header', '[1, 2]  ', /model\.safetensors: the header does not start with "\{"/],
		['a header cut short', '{"a": {}', /model\.safetensors: the header is not valid JSON/],
	])('a safetensors file whose 8-byte header is %s gets a safetensors error, not an ONNX one', async (_, header, message) => {
		const path = withEightByteHeader(header);
		const error = await openModel(path).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ModelError);
		expect(error).not.toBeInstanceOf(OnnxError);
		expect((error as Error).message).toMatch(message);
	});

	it('a valid safetensors file with an 8-byte header (no tensors) opens as safetensors', async () => {
		const model = await openModel(withEightByteHeader('{      }'));
		model.close();
		expect(model.info.format).toBe('safetensors');
		expect(model.layers).toEqual([]);
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

describe('openModel loads only the reader a file needs', () => {
	/** The source files a fresh Node process loads to open `file` with open.ts and read its first kernel. */
	function loadedFor(file: string): string[] {
		const script = `
			import { registerHooks } from 'node:module';
			const seen = [];
			registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
			const { openModel } = await import(${JSON.stringify(new URL('../../src/reader/open.ts', import.meta.url).href)});
			const model = await openModel(${JSON.stringify(file)}, { hash: false });
			await model.readKernel(0);
			model.close();
			console.log(JSON.stringify(seen));`;
		const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
		expect(out.stderr).toBe('');
		const root = new URL('../../src/reader/', import.meta.url).href;
		return (JSON.parse(out.stdout) as string[]).filter((u) => u.startsWith(root)).map((u) => u.slice(root.length));
	}

	it('a safetensors file: no ONNX or PyTorch decoder, only their probes', () => {
		const loaded = loadedFor(fileURLToPath(new URL('../fixtures/checkpoints/tiny-cnn.safetensors', import.meta.url)));
		expect(loaded).toContain('safetensors/index.ts');
		expect(loaded.filter((f) => /^(onnx|pytorch)\//.test(f)).sort()).toEqual(['onnx/probe.ts', 'pytorch/probe.ts']);
	});

	it('an ONNX file: no checkpoint decoder', () => {
		const loaded = loadedFor(join(GENERATED_DIR, 'pytorch-scopes.onnx'));
		expect(loaded).toContain('onnx/index.ts');
		expect(loaded.filter((f) => /^(safetensors|pytorch|checkpoint)\//.test(f)).sort()).toEqual(['pytorch/probe.ts', 'safetensors/probe.ts']);
	});
});
