/** The PyTorch reader on torch.save files written by tests/fixtures/checkpoint-writer.ts. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pytorchReader } from '../../../src/reader/pytorch/index.ts';
import { resnet18dKeys, stateDict } from '../../fixtures/checkpoint-models.ts';
import { tensorPy, torchSaveBytes, torchZipOf, type TensorSpec, type TorchSaveOptions } from '../../fixtures/checkpoint-writer.ts';
import type { Py } from '../../fixtures/pickle-writer.ts';
import { expectModelError, expectSameFloats, tempFolder } from './support.ts';

const folder = tempFolder('pytorch');
afterAll(() => folder.remove());

const f32 = (name: string, shape: number[], values: number[]): TensorSpec & { values: number[] } => ({
	name, dtype: 'float32', shape, data: new Uint8Array(Float32Array.from(values).buffer), values,
});

describe('a timm resnet18d state dict', () => {
	const tensors = stateDict(resnet18dKeys(), 50);
	const variants: [string, TorchSaveOptions][] = [
		['torch 1.13 layout (archive named after the file)', { archive: 'resnet18d' }],
		['torch 2.x layout (archive/, byteorder little)', { byteorder: 'little' }],
		['zip64 sizes and offsets in the central directory', { zip64Fields: true }],
	];
	it.each(variants)('%s: conv1.0 [32, 3, 3, 3] first, every kernel exact', async (name, options) => {
		const path = folder.write(`resnet18d-${variants.findIndex(([n]) => n === name)}.pth`, torchSaveBytes(tensors, options));
		expect(pytorchReader.match(readFileSync(path).subarray(0, 64), path)).toBe(true);
		const model = await pytorchReader.open(path);
		try {
			expect(model.layers).toHaveLength(22);
			expect(model.layers[0]).toMatchObject({ name: 'conv1.0', module: 'conv1.0', weightShape: [32, 3, 3, 3], storage: 'checkpoint', followedByBatchNorm: true, bias: false });
			expect(model.layers.map((l) => l.name).slice(-3)).toEqual(['layer4.0.downsample.1', 'layer4.1.conv1', 'layer4.1.conv2']);
			for (const layer of model.layers) {
				const written = tensors.find((t) => t.name === layer.weight)!;
				expectSameFloats((await model.readKernel(layer)).data, written.values, layer.name);
			}
			const bytes = readFileSync(path);
			expect(model.info).toEqual({ format: 'pytorch', file: path.split('/').pop(), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), producer: '', producerVersion: '', irVersion: null, opsets: {} });
		} finally {
			model.close();
		}
	});
});

describe('torch dtypes', () => {
	const cases: [TensorSpec['dtype'], ArrayBufferView, number[]][] = [
		['float16', new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff]), [1, -2, 2 ** -24, 65504]],
		['bfloat16', new Uint16Array([0x3f80, 0xc040, 0x0001, 0x7f7f]), [1, -3, 2 ** -133, 3.3895313892515355e38]],
		['float64', new Float64Array([0.1, -2.5, 1 / 3, 1e-50]), [0.1, -2.5, 1 / 3, 1e-50]],
		['int8', new Int8Array([-128, 127, 0, -1]), [-128, 127, 0, -1]],
		['uint8', new Uint8Array([0, 255, 128, 1]), [0, 255, 128, 1]],
		['int16', new Int16Array([-32768, 32767, 0, -2]), [-32768, 32767, 0, -2]],
		['int32', new Int32Array([-(2 ** 31), 2 ** 31 - 1, 16777217, -7]), [-(2 ** 31), 2 ** 31 - 1, 16777217, -7]],
		['int64', new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, -5n, 7n]), [-(2 ** 63), 2 ** 53, -5, 7]],
	];
	it.each(cases)('%s kernels and biases are exact', async (dtype, array, expected) => {
		const data = new Uint8Array(array.buffer);
		const path = folder.write(`${dtype}.pt`, torchSaveBytes([{ name: 'c.weight', dtype, shape: [2, 2, 1], data }, { name: 'c.bias', dtype, shape: [2], data: data.slice(0, data.length / 2) }]));
		const model = await pytorchReader.open(path);
		try {
			expect(model.layers).toMatchObject([{ name: 'c', dtype, bias: true }]);
			const kernel = await model.readKernel(0);
			expectSameFloats(kernel.data, expected.map(Math.fround), 'weight');
			expectSameFloats(kernel.bias, expected.slice(0, 2).map(Math.fround), 'bias');
		} finally {
			model.close();
		}
	});
});

describe('state dicts inside other objects', () => {
	const weight = f32('features.0.weight', [1, 1, 2], [0.25, -4]);
	const sd: Py = { ordered: [['features.0.weight', tensorPy(weight, '0')]] };
	const momentum: Py = { dict: [['momentum_buffer', tensorPy(weight, '0')]] };
	const found: [string, Py][] = [
		['a training checkpoint {"state_dict": ..., "epoch": 3}', { dict: [['state_dict', sd], ['epoch', 3], ['arch', 'resnet18d']] }],
		['{"model": ..., "optimizer": {"state": {0: {momentum_buffer}}}}', { dict: [['model', sd], ['optimizer', { dict: [['state', { dict: [[0, momentum]] }]] }]] }],
		['a list holding the state dict', { list: [sd, 1.5, null] }],
	];
	it.each(found)('finds it in %s', async (_, root) => {
		const model = await pytorchReader.open(folder.write('nested.pt', torchZipOf(root, { '0': weight.data })));
		try {
			expect(model.layers.map((l) => l.name)).toEqual(['features.0']);
			expectSameFloats((await model.readKernel(0)).data, weight.values, 'weight');
		} finally {
			model.close();
		}
	});

	const refused: [string, Py, RegExp][] = [
		['two state dicts', { dict: [['state_dict', sd], ['state_dict_ema', { ordered: [['features.0.weight', tensorPy(weight, '0')]] }]] }, /holds 2 state dicts \("state_dict", "state_dict_ema"\)/],
		['none', { dict: [['epoch', 3]] }, /holds no dict of tensors/],
	];
	it.each(refused)('refuses a checkpoint with %s', async (_, root, message) => {
		await expectModelError(pytorchReader, folder.write('ambiguous.pt', torchZipOf(root, { '0': weight.data })), message);
	});
});

describe('views of storages', () => {
	const storage = new Uint8Array(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
	const view = (name: string, offset: number, strides: number[]): Py => tensorPy({ name, dtype: 'float32', shape: [2, 1, 2], data: storage, offset, strides }, '0');

	it('reads tensors at an offset of a shared storage, and parameters', async () => {
		const parameter: Py = { call: ['torch._utils', '_rebuild_parameter'], args: [view('b.weight', 4, [2, 2, 1]), true, { call: ['collections', 'OrderedDict'], args: [] }] };
		const root: Py = { ordered: [['a.weight', view('a.weight', 0, [2, 2, 1])], ['b.weight', parameter]] };
		const model = await pytorchReader.open(folder.write('views.pt', torchZipOf(root, { '0': storage })));
		try {
			expectSameFloats((await model.readKernel(0)).data, [1, 2, 3, 4], 'a');
			expectSameFloats((await model.readKernel(1)).data, [5, 6, 7, 8], 'b');
		} finally {
			model.close();
		}
	});

	it('refuses a non-contiguous view with a clear message', async () => {
		const path = folder.write('strided.pt', torchZipOf({ ordered: [['t.weight', view('t.weight', 0, [1, 2, 4])]] }, { '0': storage }));
		await expectModelError(pytorchReader, path, /tensor "t.weight" is a non-contiguous view \(sizes \[2,1,2\], strides \[1,2,4\]\).*contiguous\(\)/);
	});

	it('refuses a view that reaches past its storage', async () => {
		const path = folder.write('past.pt', torchZipOf({ ordered: [['t.weight', view('t.weight', 5, [2, 2, 1])]] }, { '0': storage }));
		await expectModelError(pytorchReader, path, /reaches past its 8-element storage "0"/);
	});
});

describe('files the reader refuses with a clear message', () => {
	const weight = f32('c.weight', [1, 1, 1], [1]);
	let legacy = '';
	beforeAll(() => {
		// The first bytes of torch.save(..., _use_new_zipfile_serialization=False): PROTO 2, LONG1 magic number.
		legacy = folder.write('legacy.pt', Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]));
	});
	it('the legacy (pre-1.6) format', async () => {
		expect(pytorchReader.match(readFileSync(legacy), legacy)).toBe(true);
		await expectModelError(pytorchReader, legacy, /legacy torch.save format of PyTorch before 1.6.*save it again with a current PyTorch/);
	});
	it('a big-endian file', async () => {
		await expectModelError(pytorchReader, folder.write('big.pt', torchSaveBytes([weight], { byteorder: 'big' })), /was saved on a big-endian machine/);
	});
	it('a TorchScript archive', async () => {
		const { zipBytes } = await import('../../fixtures/zip-writer.ts');
		const bytes = zipBytes([{ name: 'm/data.pkl', data: new Uint8Array([0x80, 2, 0x4e, 0x2e]) }, { name: 'm/constants.pkl', data: new Uint8Array([0x80, 2, 0x4e, 0x2e]) }, { name: 'm/code/__torch__.py', data: new Uint8Array(1) }]);
		await expectModelError(pytorchReader, folder.write('script.pt', bytes), /is a TorchScript archive \(torch.jit.save\)/);
	});
	it('a zip that is not a torch.save file', async () => {
		const { zipBytes } = await import('../../fixtures/zip-writer.ts');
		await expectModelError(pytorchReader, folder.write('other.pt', zipBytes([{ name: 'readme.txt', data: Buffer.from('hi') }])), /holds no data.pkl/);
	});
	it('a storage of the wrong size', async () => {
		const path = folder.write('short-storage.pt', torchZipOf({ ordered: [['c.weight', tensorPy(weight, '0')]] }, { '0': new Uint8Array(2) }));
		await expectModelError(pytorchReader, path, /storage "0" of tensor "c.weight" should hold 1 × 4 bytes but holds 2/);
	});
	it('a missing storage', async () => {
		await expectModelError(pytorchReader, folder.write('no-storage.pt', torchZipOf({ ordered: [['c.weight', tensorPy(weight, '0')]] })), /refers to storage "0", which the archive does not hold/);
	});
});
