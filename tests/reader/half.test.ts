/**
 * float16 and bfloat16 rounding against values worked out by hand from IEEE 754 binary16 (1 sign bit,
 * 5 exponent bits with bias 15, 10 fraction bits; subnormals step by 2^-24, the largest finite value
 * is 65504 = (2 - 2^-10) · 2^15) and bfloat16 (the top 16 bits of a float32), rounding to nearest,
 * ties to even.
 */
import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16Bits, roundToBfloat16, roundToFloat16 } from '../../src/reader/half.ts';

const bitsOf = (f: Float32Array) => Array.from(new Uint32Array(f.buffer, f.byteOffset, f.length));
const floatsWithBits = (...bits: number[]) => new Float32Array(Uint32Array.from(bits).buffer);

describe('roundToFloat16 (Cast to FLOAT16 of a constant)', () => {
	it('keeps values already on the float16 grid, odd last bits included', () => {
		const exact = [1 + 2 ** -10, 1 + 3 * 2 ** -10, -(2 - 2 ** -10), 65504, -65504, 2 ** -14, 3 * 2 ** -24, 2 ** -24, 1023 * 2 ** -24, 0.5 + 2 ** -11];
		expect(Array.from(roundToFloat16(exact))).toEqual(exact);
	});

	it('rounds a value halfway between two neighbours to the one with an even last bit', () => {
		// 1 + 2^-11 lies halfway between 1 (fraction 0) and 1 + 2^-10 (fraction 1): even is 1.
		// 1 + 3·2^-11 lies halfway between fractions 1 and 2: even is 2, i.e. 1 + 2^-9.
		expect(Array.from(roundToFloat16([1 + 2 ** -11, 1 + 3 * 2 ** -11, -(1 + 3 * 2 ** -11)]))).toEqual([1, 1 + 2 ** -9, -(1 + 2 ** -9)]);
		// Subnormals: 2^-25 is halfway between 0 and 2^-24 (to 0); 3·2^-25 between 2^-24 and 2·2^-24 (to 2·2^-24).
		expect(Array.from(roundToFloat16([2 ** -25, 3 * 2 ** -25, 5 * 2 ** -25]))).toEqual([0, 2 * 2 ** -24, 2 * 2 ** -24]);
	});

	it('rounds other values to the nearest grid point, across the subnormal/normal boundary', () => {
		// 1 + 2^-11 + 2^-13 is past the halfway point: up to 1 + 2^-10. 0.75·2^-24 rounds up to 2^-24, 0.25·2^-24 down to 0.
		expect(Array.from(roundToFloat16([1 + 2 ** -11 + 2 ** -13, 0.75 * 2 ** -24, 0.25 * 2 ** -24]))).toEqual([1 + 2 ** -10, 2 ** -24, 0]);
		// 1023.5·2^-24, just below the smallest normal 2^-14, is a tie between 1023·2^-24 and 1024·2^-24 = 2^-14: even wins.
		expect(Array.from(roundToFloat16([1023.5 * 2 ** -24, 1 - 2 ** -24, 2 - 2 ** -23]))).toEqual([2 ** -14, 1, 2]);
	});

	it('overflows to infinity from 65520 (halfway between 65504 and 2^16) on, keeping the sign', () => {
		expect(Array.from(roundToFloat16([65519, 65520, -65520, 65536, 1e6, 3.4e38]))).toEqual([65504, Infinity, -Infinity, Infinity, Infinity, Infinity]);
	});

	it('keeps zeros (with their sign), infinities and NaN', () => {
		const out = roundToFloat16([0, -0, Infinity, -Infinity, NaN]);
		expect(Object.is(out[0], 0)).toBe(true);
		expect(Object.is(out[1], -0)).toBe(true);
		expect([out[2], out[3]]).toEqual([Infinity, -Infinity]);
		expect(Number.isNaN(out[4])).toBe(true);
	});
});

describe('roundToBfloat16 (Cast to BFLOAT16 of a constant)', () => {
	it('keeps the top 16 bits of a float32 when the rest is below half, and ties to even', () => {
		// bfloat16 keeps 7 fraction bits: near 1 the grid step is 2^-7.
		expect(Array.from(roundToBfloat16([1 + 2 ** -7, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -12, -3]))).toEqual([1 + 2 ** -7, 1, 1 + 2 ** -6, 1 + 2 ** -7, -3]);
	});

	it('rounds the largest float32 up to infinity (its low 16 bits are past half) and keeps infinities', () => {
		expect(bitsOf(roundToBfloat16(floatsWithBits(0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000)))).toEqual([0x7f800000, 0xff800000, 0x7f800000, 0xff800000]);
	});

	it('keeps a NaN a NaN even when its payload, rounded like a number, would carry out of it', () => {
		// 0x7fffffff rounded as a number would carry into the sign bit (-0); 0xffffffff would wrap to +0.
		const out = roundToBfloat16(floatsWithBits(0x7fffffff, 0xffffffff, 0x7fc00000));
		expect(Array.from(out).every(Number.isNaN)).toBe(true);
		expect(bitsOf(out)).toEqual([0x7fff0000, 0xffff0000, 0x7fc00000]);
	});
});

describe('float32ToFloat16Bits', () => {
	const bits = (...values: number[]) => Array.from(float32ToFloat16Bits(values));

	it('writes normal values as sign, biased exponent and 10 fraction bits', () => {
		expect(bits(1, -2, 0.5, 65504, 1 + 2 ** -10, 2 ** -14)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x3c01, 0x0400]);
	});

	it('writes subnormals, rounding halfway cases to even and carrying into the smallest normal', () => {
		expect(bits(2 ** -24, 3 * 2 ** -24, 2 ** -25, 3 * 2 ** -25, 1023.5 * 2 ** -24, 2 ** -26, -(2 ** -24))).toEqual([0x0001, 0x0003, 0x0000, 0x0002, 0x0400, 0x0000, 0x8001]);
	});

	it('rounds the fraction to nearest even, carrying into the exponent', () => {
		expect(bits(1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 - 2 ** -12, 65519)).toEqual([0x3c00, 0x3c02, 0x4000, 0x7bff]);
	});

	it('overflows to infinity from 65520 on, however large the value', () => {
		// 98304 = 1.5·2^16: its exponent is just out of range and its fraction is not zero.
		expect(bits(65520, 65536, 98304, 1e10, -1e10, 3.4e38)).toEqual([0x7c00, 0x7c00, 0x7c00, 0x7c00, 0xfc00, 0x7c00]);
	});

	it('keeps signed zeros, infinities and NaN', () => {
		expect(bits(0, -0, Infinity, -Infinity, NaN)).toEqual([0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00]);
	});
});

describe('decoding', () => {
	it('reads float16 and bfloat16 bit patterns back as the values they encode', () => {
		expect(Array.from(float16ToFloat32(Uint16Array.of(0x3c01, 0x0003, 0x8400, 0x7bff, 0x3800)))).toEqual([1 + 2 ** -10, 3 * 2 ** -24, -(2 ** -14), 65504, 0.5]);
		expect(Array.from(bfloat16ToFloat32(Uint16Array.of(0x3f81, 0x0001, 0x7f7f)))).toEqual([1 + 2 ** -7, 2 ** -133, (2 - 2 ** -7) * 2 ** 127]);
	});
});
