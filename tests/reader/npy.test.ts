/**
 * The kernel exports: writeNpy checked byte by byte against the .npy format 1.0 definition (magic
 * "\x93NUMPY", version 1.0, a little-endian uint16 header length, an ASCII dict padded with spaces and
 * ending in "\n" so that the data starts at a multiple of 64, then little-endian float32 in C order),
 * and kernelToJson with its shortest float32 decimals and the strings JSON needs for NaN and infinities.
 */
import { describe, expect, it } from 'vitest';
import { kernelToJson, writeNpy } from '../../src/reader/npy.ts';
import type { ConvLayer } from '../../src/reader/model.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]; // \x93 N U M P Y, major 1, minor 0
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const uint16le = (n: number) => [n & 0xff, n >> 8];

describe('writeNpy', () => {
	it('writes a 2×1×3 kernel as the format defines it, byte for byte', () => {
		// The dict is 62 characters; 10 + 62 + 1 = 73 rounds up to 128, so 55 spaces of padding, then "\n".
		const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 3), }";
		const header = dict + ' '.repeat(55) + '\n';
		const data = [
			[0x00, 0x00, 0x80, 0x3f], // 1
			[0x00, 0x00, 0x00, 0xc0], // -2
			[0x00, 0x00, 0x00, 0x3f], // 0.5
			[0x00, 0x00, 0x40, 0x40], // 3
			[0xcd, 0xcc, 0xcc, 0x3d], // 0.1 as float32
			[0x00, 0x00, 0x00, 0x80], // -0
		].flat();
		const expected = [...MAGIC, ...uint16le(118), ...ascii(header), ...data];
		expect(expected.length).toBe(128 + 24);
		expect(Array.from(writeNpy({ dims: [2, 1, 3], data: Float32Array.of(1, -2, 0.5, 3, 0.1, -0) }))).toEqual(expected);
	});

	it('writes a one-dimensional shape as a one-element tuple', () => {
		// 57 characters: 10 + 57 + 1 = 68 does not fit in 64 bytes, so the header takes 128 (60 spaces of padding).
		const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
		const bytes = writeNpy({ dims: [2], data: Float32Array.of(2, -0.25) });
		expect(Array.from(bytes)).toEqual([...MAGIC, ...uint16le(118), ...ascii(dict + ' '.repeat(60) + '\n'), 0, 0, 0, 0x40, 0, 0, 0x80, 0xbe]);
	});

	it('starts the data at the next multiple of 64 when the header would end one or two bytes past one', () => {
		// 22 axes of 1: the dict is 53 + 2 + 22 + 2·21 = 119 characters, and 10 + 119 + "\n" = 130 bytes,
		// two past 128: the header must take 192 bytes (62 spaces of padding), not be cut at 128.
		const shape = `(${Array(22).fill('1').join(', ')})`;
		const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
		expect(dict.length).toBe(119);
		const bytes = writeNpy({ dims: Array(22).fill(1), data: Float32Array.of(1) });
		expect(Array.from(bytes)).toEqual([...MAGIC, ...uint16le(182), ...ascii(dict + ' '.repeat(62) + '\n'), 0, 0, 0x80, 0x3f]);
	});
});

describe('kernelToJson', () => {
	const layer = (over: Partial<ConvLayer>): ConvLayer => ({
		index: 3, name: '/features/features.3/Conv', module: 'features.3', transposed: false, weightShape: [1, 1, 1, 3], dtype: 'float32',
		storage: 'initializer', weight: 'w', bias: true, params: 4, geometry: null, fromGraphInput: false, followedByBatchNorm: false, note: null,
		onnx: { op: 'Conv', autoPad: 'NOTSET', input: 'x', output: 'y', outputPadding: [0, 0], outputShape: null },
		...over,
	});

	it('writes each float32 as the shortest decimal that reads back as the same float32', () => {
		const data = Float32Array.of(0.1, 1 / 3, -2.5, 3.4028234663852886e38, 2 ** -149, 16777216, 0, 1.0000007534039436e-36);
		const json = kernelToJson(layer({}), { dims: [1, 1, 2, 4], data, bias: Float32Array.of(0.2) });
		// 1.00000075e-36 needs all nine digits: 1.0000008e-36, the closest eight-digit decimal, is nearer the next float32.
		expect(json.data).toEqual([0.1, 0.33333334, -2.5, 3.4028235e38, 1e-45, 16777216, 0, 1.00000075e-36]);
		expect(json.bias).toEqual([0.2]);
		expect(json.data.every((v, i) => Math.fround(v as number) === data[i])).toBe(true);
	});

	it('writes NaN and the infinities as the strings protobuf JSON uses', () => {
		const json = kernelToJson(layer({}), { dims: [1, 1, 1, 3], data: Float32Array.of(NaN, Infinity, -Infinity), bias: Float32Array.of(-Infinity) });
		expect(json.data).toEqual(['NaN', 'Infinity', '-Infinity']);
		expect(json.bias).toEqual(['-Infinity']);
		expect(JSON.parse(JSON.stringify(json)).data).toEqual(['NaN', 'Infinity', '-Infinity']);
	});

	it('names the layer, its ONNX operator and its layout', () => {
		const kernel = { dims: [1, 1, 1, 1], data: Float32Array.of(1), bias: null };
		expect(kernelToJson(layer({}), kernel)).toEqual({
			layer: 3, name: '/features/features.3/Conv', module: 'features.3', op: 'Conv', dtype: 'float32', layout: 'onnx', dims: [1, 1, 1, 1], data: [1], bias: null,
		});
		const transposed = layer({ transposed: true, onnx: { op: 'ConvTranspose', autoPad: 'NOTSET', input: 'x', output: 'y', outputPadding: [0, 0], outputShape: null } });
		expect(kernelToJson(transposed, kernel)).toMatchObject({ op: 'ConvTranspose', layout: 'onnx-transposed' });
		// A checkpoint records no operator.
		expect(kernelToJson(layer({ onnx: null, module: null, name: 'conv.weight' }), kernel)).toMatchObject({ op: null, module: null, name: 'conv.weight', layout: 'onnx' });
	});
});
