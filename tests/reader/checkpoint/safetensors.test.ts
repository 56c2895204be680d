/** The safetensors reader on generated files: a timm resnet18d, every dtype, shards, hostile headers. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safetensorsReader } from '../../../src/reader/safetensors/index.ts';
import { resnet18dKeys, stateDict } from '../../fixtures/checkpoint-models.ts';
import { safetensorsBytes, type FixtureDtype, type TensorSpec } from '../../fixtures/checkpoint-writer.ts';
import { expectModelError, expectSameFloats, tempFolder } from './support.ts';

const folder = tempFolder('safetensors');
afterAll(() => folder.remove());

const RESNET18D_CONVS = [
	'conv1.0', 'conv1.3', 'conv1.6',
	'layer1.0.conv1', 'layer1.0.conv2', 'layer1.1.conv1', 'layer1.1.conv2',
	'layer2.0.conv1', 'layer2.0.conv2', 'layer2.0.downsample.1', 'layer2.1.conv1', 'layer2.1.conv2',
	'layer3.0.conv1', 'layer3.0.conv2', 'layer3.0.downsample.1', 'layer3.1.conv1', 'layer3.1.conv2',
	'layer4.0.conv1', 'layer4.0.conv2', 'layer4.0.downsample.1', 'layer4.1.conv1', 'layer4.1.conv2',
];

describe('a timm resnet18d state dict', () => {
	const tensors = stateDict(resnet18dKeys(), 18);
	let path = '';
	beforeAll(() => {
		path = folder.write('resnet18d.safetensors', safetensorsBytes(tensors, { format: 'pt' }));
	});

	it('lists the 22 convolutions in checkpoint order, conv1.0 [32, 3, 3, 3] first, with batch norm and no bias', async () => {
		const model = await safetensorsReader.open(path);
		try {
			expect(model.layers.map((l) => l.name)).toEqual(RESNET18D_CONVS);
			expect(model.layers[0]).toMatchObject({ index: 0, module: 'conv1.0', weight: 'conv1.0.weight', weightShape: [32, 3, 3, 3], dtype: 'float32', storage: 'checkpoint', bias: false, params: 864 });
			expect(model.layers[0]).toMatchObject({ transposed: false, geometry: null, fromGraphInput: null, onnx: null, followedByBatchNorm: true, note: 'batch norm conv1.1 follows; these are raw, unfolded weights' });
			expect(model.layers[2]!.note).toBe('batch norm bn1 follows; these are raw, unfolded weights');
			expect(model.layers.find((l) => l.name === 'layer2.0.downsample.1')).toMatchObject({ weightShape: [128, 64, 1, 1], note: 'batch norm layer2.0.downsample.2 follows; these are raw, unfolded weights' });
			expect(model.layers.every((l) => l.followedByBatchNorm)).toBe(true);
			expect(model.graphInputs).toEqual([]);
			expect(model.spatialNodes).toBeNull();
			expect(model.externalData).toEqual([]);
		} finally {
			model.close();
		}
	});

	it('reads every kernel exactly as written', async () => {
		const model = await safetensorsReader.open(path);
		try {
			for (const layer of model.layers) {
				const kernel = await model.readKernel(layer);
				const written = tensors.find((t) => t.name === layer.weight)!;
				expect(kernel.dims).toEqual(written.shape);
				expectSameFloats(kernel.data, written.values, layer.name);
				expect(kernel.bias).toBeNull();
			}
		} finally {
			model.close();
		}
	});

	it('reports the file: name, size, sha256 and the metadata format; refuses kernels once closed', async () => {
		const model = await safetensorsReader.open(path);
		model.close();
		await expect(model.readKernel(0)).rejects.toThrow(/the model was closed before this kernel was read/);
		const bytes = readFileSync(path);
		expect(model.info).toEqual({
			format: 'safetensors', file: 'resnet18d.safetensors', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'),
			producer: 'pt', producerVersion: '', irVersion: null, opsets: {},
		});
		expect(model.metadata).toEqual({ format: 'pt' });
		expect(model.graphOutputs).toEqual([]);
	});
});

/** A 3-D conv weight [2, 1, 2] of `dtype` with bytes from a typed array, and the float32 values expected. */
function dtypeCase(dtype: FixtureDtype, array: ArrayBufferView, expected: number[]) {
	return { dtype, data: new Uint8Array(array.buffer), expected: expected.map(Math.fround) };
}

// Each expectation is independent of the reader: a known constant (float16/bfloat16 bit patterns) or the
// nearest float32 of the stored number (Math.fround).
const DTYPES = [
	dtypeCase('float32', new Float32Array([-0, 1.401298464324817e-45, 3.4028234663852886e38, -1.5]), [-0, 1.401298464324817e-45, 3.4028234663852886e38, -1.5]),
	dtypeCase('float16', new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7bff]), [1, -2, 2 ** -24, 65504]),
	dtypeCase('bfloat16', new Uint16Array([0x3f80, 0xc040, 0x0001, 0x7f7f]), [1, -3, 2 ** -133, 3.3895313892515355e38]),
	dtypeCase('float64', new Float64Array([0.1, -2.5, 1 / 3, 1e-50]), [0.1, -2.5, 1 / 3, 1e-50]),
	dtypeCase('int8', new Int8Array([-128, 127, 0, -1]), [-128, 127, 0, -1]),
	dtypeCase('uint8', new Uint8Array([0, 255, 128, 1]), [0, 255, 128, 1]),
	dtypeCase('int16', new Int16Array([-32768, 32767, 0, -2]), [-32768, 32767, 0, -2]),
	dtypeCase('uint16', new Uint16Array([65535, 0, 1, 40000]), [65535, 0, 1, 40000]),
	dtypeCase('int32', new Int32Array([-(2 ** 31), 2 ** 31 - 1, 16777217, -7]), [-(2 ** 31), 2 ** 31 - 1, 16777217, -7]),
	dtypeCase('uint32', new Uint32Array([2 ** 32 - 1, 0, 3, 16777219]), [2 ** 32 - 1, 0, 3, 16777219]),
	dtypeCase('int64', new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, -5n, 7n]), [-(2 ** 63), 2 ** 53, -5, 7]),
	dtypeCase('uint64', new BigUint64Array([2n ** 64n - 1n, 0n, 9n, 2n ** 40n]), [2 ** 64, 0, 9, 2 ** 40]),
];

describe.each(DTYPES)('a $dtype kernel', ({ dtype, data, expected }) => {
	it('is read exactly, with a bias of the same type', async () => {
		const weight: TensorSpec = { name: 'conv.weight', dtype, shape: [2, 1, 2], data };
		const bias: TensorSpec = { name: 'conv.bias', dtype, shape: [2], data: data.slice(0, data.length / 2) };
		const model = await safetensorsReader.open(folder.write(`${dtype}.safetensors`, safetensorsBytes([weight, bias])));
		try {
			expect(model.layers).toMatchObject([{ name: 'conv', dtype, bias: true, params: 6, weightShape: [2, 1, 2] }]);
			const kernel = await model.readKernel(0);
			expectSameFloats(kernel.data, expected, 'weight');
			expectSameFloats(kernel.bias, expected.slice(0, 2), 'bias');
		} finally {
			model.close();
		}
	});
});

describe('types that are listed but not decoded', () => {
	it.each([['bool', 'BOOL'], ['float8_e4m3', 'F8_E4M3']] as const)('a %s weight is listed as not extracted, and reading it is a ModelError', async (dtype, name) => {
		const model = await safetensorsReader.open(folder.write(`${dtype}.safetensors`, safetensorsBytes([{ name: 'q.weight', dtype, shape: [1, 1, 2], data: new Uint8Array(2) }])));
		try {
			expect(model.layers[0]).toMatchObject({ storage: 'dynamic', note: `stored as ${name}, which the reader does not decode; listed, not extracted` });
			await expect(model.readKernel(0)).rejects.toThrow(`stored as ${name}`);
		} finally {
			model.close();
		}
	});
});

describe('a sharded checkpoint (index + 2 shards)', () => {
	const tensors = stateDict(resnet18dKeys(), 7);
	const half = tensors.findIndex((t) => t.name.startsWith('layer3'));
	const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
	let index = '';
	beforeAll(() => {
		mkdirSync(join(folder.dir, 'sharded'));
		folder.write(`sharded/${shards[0]}`, safetensorsBytes(tensors.slice(0, half), { format: 'pt' }));
		folder.write(`sharded/${shards[1]}`, safetensorsBytes(tensors.slice(half), { format: 'pt' }));
		const weightMap = Object.fromEntries(tensors.map((t, i) => [t.name, shards[i < half ? 0 : 1]]));
		index = folder.write('sharded/model.safetensors.index.json', JSON.stringify({ metadata: { total_size: 46e6 }, weight_map: weightMap }));
		symlinkSync(folder.write('outside.safetensors', safetensorsBytes(tensors.slice(0, 1))), join(folder.dir, 'sharded', 'escape.safetensors'));
	});

	it('opens both shards, lists them, and reads kernels from each exactly', async () => {
		expect(safetensorsReader.match(readFileSync(index).subarray(0, 64), index)).toBe(true);
		const model = await safetensorsReader.open(index);
		try {
			expect(model.externalData).toEqual(shards);
			expect(model.info).toMatchObject({ file: 'model.safetensors.index.json', producer: 'pt', bytes: readFileSync(index).length });
			expect(model.layers.map((l) => l.name)).toEqual(RESNET18D_CONVS);
			for (const name of ['conv1.0', 'layer2.1.conv2', 'layer3.0.conv1', 'layer4.1.conv2']) {
				const layer = model.layers.find((l) => l.name === name)!;
				expectSameFloats((await model.readKernel(layer)).data, tensors.find((t) => t.name === layer.weight)!.values, name);
			}
		} finally {
			model.close();
		}
	});

	const hostile: [string, (dir: string) => Record<string, string>, RegExp][] = [
		['a shard outside the folder', () => ({ 'conv1.0.weight': '../model-00001-of-00002.safetensors' }), /refused shard ".*" of tensor "conv1.0.weight": ".." would leave/],
		['an absolute shard path', (dir) => ({ 'conv1.0.weight': join(dir, 'sharded', shards[0]!) }), /only relative paths are allowed/],
		['a missing shard', () => ({ 'conv1.0.weight': 'model-00009-of-00009.safetensors' }), /shard "model-00009-of-00009.safetensors" of tensor "conv1.0.weight" cannot be opened \(ENOENT\)/],
		['a tensor the shard lacks', () => ({ 'nope.weight': shards[0]! }), /tensor "nope.weight" is not in shard/],
		['a symbolic link leaving the folder', () => ({ 'conv1.0.weight': 'escape.safetensors' }), /resolves \(through a symbolic link\) to a file outside/],
	];
	it.each(hostile)('refuses %s', async (_, weightMap, message) => {
		const path = folder.write(`sharded/bad.safetensors.index.json`, JSON.stringify({ weight_map: weightMap(folder.dir) }));
		await expectModelError(safetensorsReader, path, message);
	});
});
