/**
 * formatLayerTable (the table `kernel-atlas inspect` and `add` print), pinned against tables written by
 * hand for an ONNX model built with the test-model builder, a safetensors checkpoint, and layers built
 * by hand for the cases no reader produces here (every stored dtype, a transposed checkpoint layer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, halfBits } from '../fixtures/onnx-builder.ts';
import { safetensorsBytes } from '../fixtures/checkpoint-writer.ts';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { openModel } from '../../src/reader/index.ts';
import { formatLayerTable, thousands } from '../../src/reader/layer-table.ts';
import type { ConvLayer, KernelDtype, ModelInfo } from '../../src/reader/model.ts';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'ka-layer-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const floats = (n: number) => Array.from({ length: n }, (_, i) => (i % 7) / 8 - 0.375);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Thousands separators as the en-US locale writes them: the independent reference for `thousands`. */
const en = (n: number) => n.toLocaleString('en-US');

describe('thousands', () => {
	it.each([0, 7, 999, 1000, 12345, 999999, 1234567, 100000000])('writes %d as en-US does', (n) => {
		expect(thousands(n)).toBe(en(n));
	});
});

describe('formatLayerTable', () => {
	it('prints an ONNX model: its facts, then one aligned row per layer with geometry and notes', async () => {
		const built = buildModel({
			irVersion: 8,
			opset: 13,
			producer: 'pytorch',
			producerVersion: '2.1.0',
			inputs: [
				{ name: 'x', dtype: DTYPE.float, dims: [1, 3, 16, 16] },
				{ name: 'w_live', dtype: DTYPE.float },
			],
			outputs: [{ name: 'y', dtype: DTYPE.float }, { name: 'z', dtype: DTYPE.float }],
			initializers: [
				{ name: 'conv1.weight', dtype: DTYPE.float, dims: [4, 3, 3, 3], data: floats(108) },
				{ name: 'conv1.bias', dtype: DTYPE.float, dims: [4], data: floats(4) },
				{ name: 'bn.scale', dtype: DTYPE.float, dims: [4], data: [1, 1, 1, 1] },
				{ name: 'bn.b', dtype: DTYPE.float, dims: [4], data: [0, 0, 0, 0] },
				{ name: 'bn.mean', dtype: DTYPE.float, dims: [4], data: [0, 0, 0, 0] },
				{ name: 'bn.var', dtype: DTYPE.float, dims: [4], data: [1, 1, 1, 1] },
				{ name: 'w_same', dtype: DTYPE.float16, dims: [4, 2, 1, 1], data: floats(8).map(halfBits) },
				{ name: 'w_up', dtype: DTYPE.float, dims: [4, 2, 2, 2], data: floats(32), storage: { external: 'up.bin' } },
			],
			nodes: [
				{ op: 'Conv', name: '/conv1/Conv', inputs: ['x', 'conv1.weight', 'conv1.bias'], outputs: ['c1'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] } },
				{ op: 'BatchNormalization', name: 'bn', inputs: ['c1', 'bn.scale', 'bn.b', 'bn.mean', 'bn.var'], outputs: ['b1'] },
				{ op: 'Conv', name: 'same\u001b[2J', inputs: ['b1', 'w_same'], outputs: ['c2'], attrs: { auto_pad: 'SAME_UPPER', group: 2 } },
				{ op: 'ConvTranspose', name: 'up', inputs: ['c2', 'w_up'], outputs: ['y'], attrs: { strides: [2, 2] } },
				{ op: 'Conv', name: 'live', inputs: ['b1', 'w_live'], outputs: ['z'] },
			],
		});
		const path = join(dir, 'net.onnx');
		writeFileSync(path, built.bytes);
		writeFileSync(join(dir, 'up.bin'), built.external.get('up.bin')!);
		const model = await openModel(path);
		try {
			const size = en(built.bytes.length);
			const expected = [
				`net.onnx: ${size} bytes, sha256 ${sha256(built.bytes).slice(0, 16)}…, IR 8, opset ai.onnx 13, pytorch 2.1.0`,
				'',
				'#  layer          op             weight       stride  padding     groups  bias  params  notes',
				'0  conv1          Conv           4×3×3×3 f32  2,2     1,1,1,1     1       yes      112  reads the input image; BatchNorm follows',
				'1  same\\u001b[2J  Conv           4×2×1×1 f16  1,1     SAME_UPPER  2       no         8',
				'2  up             ConvTranspose  4×2×2×2 f32  2,2     0,0,0,0     1       no        32  external',
				// A weight computed at run time has no known rank, so no stride or padding per axis either: empty cells.
				'3  live           Conv           ? f32                            1       no         0  dynamic; not extracted',
				'',
				'4 convolution layers, 152 parameters',
				'',
			].join('\n');
			expect(formatLayerTable(model)).toBe(expected);
		} finally {
			model.close();
		}
	});

	it('prints a model with no producer and no opsets as such, and one layer in the singular', async () => {
		const built = buildModel({
			producer: '',
			producerVersion: '',
			inputs: [{ name: 'x', dtype: DTYPE.float, dims: [1, 1, 4, 4] }],
			outputs: [{ name: 'y', dtype: DTYPE.float }],
			initializers: [{ name: 'w', dtype: DTYPE.float, dims: [1, 1, 3, 3], data: floats(9) }],
			nodes: [{ op: 'Conv', name: 'only', inputs: ['x', 'w'], outputs: ['y'], attrs: { auto_pad: 'VALID' } }],
		});
		const path = join(dir, 'one.onnx');
		writeFileSync(path, built.bytes);
		const model = await openModel(path, { hash: false });
		try {
			model.info.opsets = {};
			expect(formatLayerTable(model)).toBe([
				`one.onnx: ${en(built.bytes.length)} bytes, IR 8, opset none, unknown producer`,
				'',
				'#  layer  op    weight       stride  padding  groups  bias  params  notes',
				'0  only   Conv  1×1×3×3 f32  1,1     0,0,0,0  1       no         9  reads the input image',
				'',
				'1 convolution layer, 9 parameters',
				'',
			].join('\n'));
		} finally {
			model.close();
		}
	});

	it('prints a safetensors checkpoint: no geometry (shown as -), its format as producer, and why the columns are empty', async () => {
		const bytes = safetensorsBytes(
			[
				{ name: 'features.0.weight', dtype: 'float32', shape: [8, 3, 3, 3], data: new Uint8Array(8 * 27 * 4) },
				{ name: 'features.0.bias', dtype: 'float32', shape: [8], data: new Uint8Array(32) },
				{ name: 'temporal.weight', dtype: 'bfloat16', shape: [16, 8, 5], data: new Uint8Array(16 * 8 * 5 * 2) },
			],
			{ format: 'pt' },
		);
		const path = join(dir, 'ckpt.safetensors');
		writeFileSync(path, bytes);
		const model = await openModel(path, { hash: false });
		try {
			expect(formatLayerTable(model)).toBe([
				`ckpt.safetensors: ${en(bytes.length)} bytes, safetensors checkpoint (pt)`,
				'',
				'#  layer       op      weight       stride  padding  groups  bias  params  notes',
				'0  features.0  Conv2d  8×3×3×3 f32  -       -        -       yes      224',
				'1  temporal    Conv1d  16×8×5 bf16  -       -        -       no       640',
				'',
				'2 convolution layers, 864 parameters',
				'',
				'A checkpoint records no stride, padding or groups (shown as -): only the graph that uses the weights knows them.',
				'',
			].join('\n'));
		} finally {
			model.close();
		}
	});

	it('names every stored element type in short, a transposed checkpoint layer, and a checkpoint without producer', () => {
		const dtypes: [KernelDtype, string][] = [
			['float32', 'f32'], ['float16', 'f16'], ['bfloat16', 'bf16'], ['float64', 'f64'], ['int8', 'i8'], ['uint8', 'u8'],
			['int16', 'i16'], ['uint16', 'u16'], ['int32', 'i32'], ['uint32', 'u32'], ['int64', 'i64'], ['uint64', 'u64'],
		];
		const layer = (index: number, dtype: KernelDtype): ConvLayer => ({
			index, name: `k${index}.weight`, module: `k${index}`, transposed: index === 0, weightShape: [2, 1, 1], dtype, storage: 'checkpoint',
			weight: `k${index}.weight`, bias: false, params: 1000 * index, geometry: null, fromGraphInput: null, followedByBatchNorm: false, note: null, onnx: null,
		});
		const info: ModelInfo = { format: 'pytorch', file: 'net\r.pth', bytes: 1234567, sha256: '', producer: '', producerVersion: '', irVersion: null, opsets: {} };
		const rows = dtypes.map(([dtype], i) => layer(i, dtype));
		const text = formatLayerTable({ info, layers: rows });
		const lines = text.split('\n');
		expect(lines[0]).toBe('net\\r.pth: 1,234,567 bytes, pytorch checkpoint');
		expect(lines[2]).toBe(' #  layer  op             weight      stride  padding  groups  bias  params  notes');
		expect(lines[3]).toBe(' 0  k0     ConvTranspose  2×1×1 f32   -       -        -       no         0');
		expect(lines[4]).toBe(' 1  k1     Conv1d         2×1×1 f16   -       -        -       no     1,000');
		expect(lines.slice(3, 15).map((l) => l.trim().split(/\s+/)[4])).toEqual(dtypes.map(([, short]) => short));
		expect(lines[14]).toBe('11  k11    Conv1d         2×1×1 u64   -       -        -       no    11,000');
		expect(lines[16]).toBe('12 convolution layers, 66,000 parameters');
	});

	it('shows the pads of a layer whose geometry is known without ONNX details, and no note for a constant weight', () => {
		const layer: ConvLayer = {
			index: 0, name: 'c', module: null, transposed: false, weightShape: [3, 1, 5], dtype: 'float32', storage: 'constant', weight: 'c.w', bias: true,
			params: 18, geometry: { strides: [2], pads: [2, 1], dilations: [1], group: 1 }, fromGraphInput: false, followedByBatchNorm: false, note: null, onnx: null,
		};
		const info: ModelInfo = { format: 'onnx', file: 'c.onnx', bytes: 1, sha256: '', producer: 'p', producerVersion: '', irVersion: 7, opsets: { 'ai.onnx': 11 } };
		expect(formatLayerTable({ info, layers: [layer] }).split('\n').slice(0, 4)).toEqual([
			'c.onnx: 1 bytes, IR 7, opset ai.onnx 11, p',
			'',
			'#  layer  op      weight     stride  padding  groups  bias  params  notes',
			'0  c      Conv1d  3×1×5 f32  2       2,1      1       yes       18',
		]);
	});

	it('prints a model without layers', () => {
		const info: ModelInfo = { format: 'onnx', file: 'empty.onnx', bytes: 12, sha256: 'ab'.repeat(32), producer: 'x', producerVersion: '', irVersion: 9, opsets: { 'ai.onnx': 17, 'com.microsoft': 1 } };
		expect(formatLayerTable({ info, layers: [] })).toBe([
			`empty.onnx: 12 bytes, sha256 ${'ab'.repeat(8)}…, IR 9, opset ai.onnx 17, com.microsoft 1, x`,
			'',
			'#  layer  op  weight  stride  padding  groups  bias  params  notes',
			'',
			'0 convolution layers, 0 parameters',
			'',
		].join('\n'));
	});
});
