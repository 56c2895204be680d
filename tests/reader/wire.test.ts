/** Low-level pieces: varints (including negative int64), float16/bfloat16 conversion, the .npy header. */
import { describe, expect, it } from 'vitest';
import { WireReader } from '../../src/reader/onnx/wire.ts';
import { BufferSource } from '../../src/reader/source.ts';
import { encodeVarint, ProtoWriter } from '../../src/reader/onnx/wire-writer.ts';
import { float16ToFloat32, bfloat16ToFloat32, roundToFloat16, roundToBfloat16 } from '../../src/reader/half.ts';
import { writeNpy } from '../../src/reader/npy.ts';
import { OnnxError } from '../../src/reader/errors.ts';

const reader = (bytes: Uint8Array) => new WireReader(new BufferSource(bytes, 'test.onnx'), 0, bytes.length);

describe('varints', () => {
	it.each([0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 40)])('%d round-trips', (value) => {
		expect(reader(encodeVarint(value)).varint()).toBe(value);
	});

	it('fails with an OnnxError on a varint cut short or longer than 10 bytes', () => {
		expect(() => reader(Uint8Array.of(0x80, 0x80)).varint()).toThrow(OnnxError);
		expect(() => reader(new Uint8Array(11).fill(0x80)).varint()).toThrow(/longer than 10 bytes/);
	});

	it('reads packed and unpacked repeated ints alike', () => {
		const packed = new ProtoWriter().packedVarints(1, [3, -1, 300]).finish();
		const unpacked = new ProtoWriter().varint(1, 3).varint(1, -1).varint(1, 300).finish();
		for (const bytes of [packed, unpacked]) {
			const r = reader(bytes);
			const out: number[] = [];
			while (r.next()) r.ints(out);
			expect(out).toEqual([3, -1, 300]);
		}
	});
});

describe('float16 and bfloat16', () => {
	it('decodes every kind of float16 bit pattern', () => {
		const bits = Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x8000, 0x3555);
		const values = Array.from(float16ToFloat32(bits));
		expect(values.slice(0, 7)).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity]);
		expect(Object.is(values[7], -0)).toBe(true);
		expect(values[8]).toBeCloseTo(0.333251953125, 12);
		expect(Number.isNaN(float16ToFloat32(Uint16Array.of(0x7e00))[0])).toBe(true);
	});

	it('decodes bfloat16 as the top half of a float32', () => {
		expect(Array.from(bfloat16ToFloat32(Uint16Array.of(0x3f80, 0xc040, 0x3e00)))).toEqual([1, -3, 0.125]);
	});

	it('rounds to float16 and bfloat16 with ties to even (Cast of a constant)', () => {
		expect(Array.from(roundToFloat16([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -25 * 3]))).toEqual([1, 1 + 2 ** -9, Infinity, 2 ** -23]);
		expect(Array.from(roundToBfloat16([1 + 2 ** -8, 1 + 3 * 2 ** -8]))).toEqual([1, 1 + 2 ** -6]);
	});
});

describe('writeNpy', () => {
	const header = (bytes: Uint8Array) => {
		const length = bytes[8]! + 256 * bytes[9]!;
		return { end: 10 + length, text: new TextDecoder().decode(bytes.subarray(10, 10 + length)) };
	};

	it('writes a 64-byte aligned version 1.0 header and little-endian float32 data', () => {
		const bytes = writeNpy({ dims: [2, 1, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
		const { end, text } = header(bytes);
		expect(end % 64).toBe(0);
		expect(text).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 1, 3\), \} *\n$/);
		expect(new Float32Array(bytes.slice(end).buffer)).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
		expect(header(writeNpy({ dims: [5], data: new Float32Array(5) })).text).toContain("'shape': (5,)");
	});
});
