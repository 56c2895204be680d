/**
 * A checkpoint tensor as the checkpoint readers hand it on: a name, an element type, a shape and a way
 * to copy its bytes. Nothing is read until a kernel is asked for; then the bytes go straight into the
 * typed array that becomes the result (one copy for float32, one more for every other type).
 */
import { endianness } from 'node:os';
import { ModelError } from '../errors.ts';
import { bfloat16ToFloat32, float16ToFloat32 } from '../half.ts';
import type { KernelDtype } from '../model.ts';

/** One named tensor of a safetensors file or a PyTorch state dict, in checkpoint order. */
export interface CheckpointTensor {
	/** The key as the checkpoint writes it (`conv1.0.weight`). */
	name: string;
	/** The element type when the reader decodes it; null for types it lists but does not decode (bool, float8). */
	dtype: KernelDtype | null;
	/** The element type as the file names it (`F8_E4M3`, `torch.BoolStorage`), for notes and messages. */
	storedAs: string;
	shape: number[];
	/** Copies the tensor's bytes (little-endian, C order) into `target` (exactly numel × element size bytes). */
	readInto(target: Uint8Array): void;
	/**
	 * Throws a ModelError when the bytes cannot be read as one block (a torch view that is not
	 * contiguous); called before anything is allocated, since such a view's shape is not bounded by its bytes.
	 */
	check?(): void;
}

/** Bytes per element of each decodable type. */
export const ELEMENT_BYTES: Record<KernelDtype, number> = {
	float32: 4, float16: 2, bfloat16: 2, float64: 8,
	int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8,
};

type IntArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | Float64Array;

const ARRAY: Record<Exclude<KernelDtype, 'float32' | 'float16' | 'bfloat16'>, new (length: number) => IntArray> = {
	float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
	int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
};

/** The element count of a shape already validated by the reader (non-negative safe integers, safe product). */
export function elementCount(shape: number[]): number {
	return shape.reduce((a, b) => a * b, 1);
}

/**
 * The tensor's values as float32, exactly as stored: float16 and bfloat16 widen exactly; float64 and
 * integers above 2^24 round to the nearest float32 (the only float32 there is for them).
 */
export function readFloat32(tensor: CheckpointTensor, file: string): Float32Array {
	// Typed arrays use the machine's byte order and checkpoints are little-endian (big-endian torch files are refused).
	if (endianness() !== 'LE') throw new ModelError(file, 'checkpoints can only be read on a little-endian machine', 'Run kernel-atlas on x86-64 or ARM');
	if (tensor.dtype === null) {
		throw new ModelError(file, `tensor "${tensor.name}" is stored as ${tensor.storedAs}, which the reader does not decode`, 'Convert the checkpoint to float32 or float16 and try again', { subject: tensor.name });
	}
	tensor.check?.();
	const count = elementCount(tensor.shape);
	const dtype = tensor.dtype;
	if (dtype === 'float32') {
		// Uninitialised memory (no zeroing pass over a large kernel): readInto fills every byte or throws.
		const bytes = Buffer.allocUnsafeSlow(count * 4);
		tensor.readInto(bytes);
		return new Float32Array(bytes.buffer, bytes.byteOffset, count);
	}
	if (dtype === 'float16' || dtype === 'bfloat16') {
		const bits = new Uint16Array(count);
		tensor.readInto(new Uint8Array(bits.buffer));
		return dtype === 'float16' ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
	}
	const raw = new ARRAY[dtype](count);
	tensor.readInto(new Uint8Array(raw.buffer));
	const out = new Float32Array(count);
	for (let i = 0; i < count; i++) out[i] = Number(raw[i]!);
	return out;
}
