/**
 * The one door to onnxruntime: every module in src/ imports `ort` from here, never `onnxruntime-node`
 * directly, so the float16 workaround below is always in place before a tensor exists.
 *
 * Why: Node 24 has a global `Float16Array`. onnxruntime-common (1.30) then stores `float16` tensors as
 * `Float16Array`, and onnxruntime-node 1.30's native binding reads such a tensor as empty
 * ("not enough space: expected 301056, got 0"), so no float16 model can run. onnxruntime-common picks
 * the array type once, lazily, when the first tensor is built; we build that first tensor here with
 * `Float16Array` hidden, so float16 tensors are `Uint16Array` bit patterns (as on Node 22), which the
 * binding reads correctly. The global is put back at once: only onnxruntime's choice is affected.
 * tests/render/ort.test.ts fails when onnxruntime no longer needs this, so we know to remove it.
 */
import * as ort from 'onnxruntime-node';

/** Builds onnxruntime-common's lazy typed-array map while `Float16Array` is hidden. */
function mapFloat16AsUint16(): void {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'Float16Array');
	if (!descriptor) {
		new ort.Tensor('float32', new Float32Array(1), [1]);
		return;
	}
	// `delete` works because the global is configurable (a plain JavaScript builtin).
	delete (globalThis as { Float16Array?: unknown }).Float16Array;
	try {
		new ort.Tensor('float32', new Float32Array(1), [1]);
	} finally {
		Object.defineProperty(globalThis, 'Float16Array', descriptor);
	}
}

mapFloat16AsUint16();
// The map is built once per process: if some module made a tensor through onnxruntime-node before this
// one was imported, the workaround came too late, and float16 models would fail with a cryptic error.
if (!(new ort.Tensor('float16', new Uint16Array(1), [1]).data instanceof Uint16Array)) {
	throw new Error('onnxruntime-node was used before src/render/ort.ts was imported, so float16 models cannot run: import { ort } from src/render/ort.ts instead of onnxruntime-node');
}

export { ort };

/** Element types a float input or output may have in the models we run. */
export type FloatType = 'float32' | 'float16';

/**
 * A tensor of `type` from float32 values: float16 is rounded to nearest (ties to even) and stored as
 * bit patterns, the form onnxruntime-node reads.
 * @example const input = floatTensor(pixels, 'float16', [1, 3, 224, 224]);
 */
export function floatTensor(values: Float32Array, type: FloatType, dims: number[]): ort.Tensor {
	return type === 'float16' ? new ort.Tensor('float16', float32ToFloat16Bits(values), dims) : new ort.Tensor('float32', values, dims);
}

/** A float tensor's values as float32 (float16 bit patterns decoded); a TypeError for other types. */
export function tensorValues(tensor: ort.Tensor): Float32Array {
	if (tensor.type === 'float32') return tensor.data as Float32Array;
	if (tensor.type === 'float16') return float16BitsToFloat32(tensor.data as Uint16Array);
	throw new TypeError(`Expected a float32 or float16 tensor but received ${tensor.type}`);
}

const scratch = new DataView(new ArrayBuffer(4));

/** float32 → float16 bit patterns, round to nearest even, with subnormals, infinities and NaN. */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
	const out = new Uint16Array(values.length);
	for (let i = 0; i < values.length; i++) {
		scratch.setFloat32(0, values[i]!);
		const x = scratch.getUint32(0);
		const sign = (x >>> 16) & 0x8000;
		const exponent = (x >>> 23) & 0xff;
		const mantissa = x & 0x7fffff;
		if (exponent === 0xff) {
			out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0);
			continue;
		}
		const e = exponent - 127 + 15;
		if (e >= 31) {
			out[i] = sign | 0x7c00;
			continue;
		}
		// Normal halves keep 10 mantissa bits; subnormal ones fewer, counted by `shift`.
		const shift = e >= 1 ? 13 : 14 - e;
		if (shift > 24) {
			out[i] = sign;
			continue;
		}
		const full = e >= 1 ? mantissa : mantissa | 0x800000;
		let half = full >>> shift;
		const rest = full & ((1 << shift) - 1);
		const halfway = 1 << (shift - 1);
		if (rest > halfway || (rest === halfway && half & 1)) half++;
		// A mantissa carry rolls into the exponent, which is exactly the next representable value.
		out[i] = sign | (e >= 1 ? ((e << 10) + half) : half);
	}
	return out;
}

/** float16 bit patterns → float32 values, exact. */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
	const out = new Float32Array(bits.length);
	for (let i = 0; i < bits.length; i++) {
		const b = bits[i]!;
		const sign = b & 0x8000 ? -1 : 1;
		const exponent = (b >> 10) & 0x1f;
		const fraction = b & 0x3ff;
		out[i] = exponent === 0 ? sign * fraction * 2 ** -24 : exponent === 31 ? (fraction ? NaN : sign * Infinity) : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
	}
	return out;
}
