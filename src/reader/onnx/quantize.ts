/** Linear (de)quantisation as ONNX defines it, per tensor or per axis, on decoded values. */
import { DTYPE } from './onnx-schema.ts';
import type { Values } from './tensor-data.ts';

/** Index of the scale / zero point that applies to each element: per tensor, or along `axis` (checked by the caller). */
function channelOf(dims: number[], params: number, axis: number): (i: number) => number {
	if (params <= 1) return () => 0;
	const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
	return (i) => Math.floor(i / inner) % params;
}

/** `(q - zero_point) * scale`, in float32 like onnxruntime. */
export function dequantize(q: Values, dims: number[], scale: Values, zero: Values | null, axis: number): Float32Array {
	const out = new Float32Array(q.length);
	const channel = channelOf(dims, scale.length, axis);
	for (let i = 0; i < q.length; i++) {
		const c = channel(i);
		out[i] = Math.fround((q[i]! - zeroAt(zero, c)) * scale[c]!);
	}
	return out;
}

const RANGE: Record<number, [number, number]> = {
	[DTYPE.uint8]: [0, 255],
	[DTYPE.int8]: [-128, 127],
	[DTYPE.uint16]: [0, 65535],
	[DTYPE.int16]: [-32768, 32767],
};

/** `saturate(round_half_even(x / scale) + zero_point)`, dividing in float32 like onnxruntime. */
export function quantize(x: Values, dims: number[], scale: Values, zero: Values | null, axis: number, outType: number): Int32Array {
	const [low, high] = RANGE[outType]!;
	const out = new Int32Array(x.length);
	const channel = channelOf(dims, scale.length, axis);
	for (let i = 0; i < x.length; i++) {
		const c = channel(i);
		const q = roundHalfEven(Math.fround(x[i]! / scale[c]!)) + zeroAt(zero, c);
		out[i] = Math.min(high, Math.max(low, q));
	}
	return out;
}

function zeroAt(zero: Values | null, c: number): number {
	if (!zero) return 0;
	return zero.length === 1 ? zero[0]! : zero[c]!;
}

function roundHalfEven(v: number): number {
	const r = Math.round(v);
	return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
