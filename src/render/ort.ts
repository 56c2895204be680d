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
import { float16ToFloat32, float32ToFloat16Bits } from '../reader/half.ts';

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
	if (tensor.type === 'float16') return float16ToFloat32(tensor.data as Uint16Array);
	throw new TypeError(`Expected a float32 or float16 tensor but received ${tensor.type}`);
}

