/**
 * Turns a TensorRef into numbers, on demand. Every size is checked against the bytes that really exist
 * (raw_data length, typed-field length, external file size) before anything is allocated, so a file
 * that claims a 2^40-element tensor fails at once instead of exhausting memory.
 */
import { OnnxError, HINT } from '../errors.ts';
import type { ExternalFiles } from '../external.ts';
import { DTYPE, DTYPE_BYTES, DTYPE_NAME, TENSOR, TYPED_FIELD } from './onnx-schema.ts';
import type { TensorRef } from './scan.ts';
import type { ByteSource } from '../source.ts';
import { WIRE, WireReader } from './wire.ts';
import { float16ToFloat32, bfloat16ToFloat32 } from '../half.ts';

/** Decoded values: float types as Float32Array/Float64Array, integers as Int32Array or (64-bit) Float64Array. */
export type Values = Float32Array | Float64Array | Int32Array;

/** A tensor as numbers. */
export interface DecodedTensor {
	dataType: number;
	dims: number[];
	data: Values;
}

/** Where a model's tensors can be read from. */
export interface TensorContext {
	source: ByteSource;
	externals: ExternalFiles;
}

/** The number of elements `dims` describe; throws for negative, fractional or absurd (> 2^53) dims. */
export function elementCount(ref: TensorRef, file: string): number {
	let count = 1;
	for (const d of ref.dims) {
		if (!Number.isSafeInteger(d) || d < 0) {
			throw new OnnxError(file, `tensor "${ref.name}" has an invalid dimension ${d} in [${ref.dims.join(', ')}]`, HINT.corrupt, { subject: ref.name });
		}
		count *= d;
		if (!Number.isSafeInteger(count)) {
			throw new OnnxError(file, `tensor "${ref.name}" claims more than 2^53 elements ([${ref.dims.join(', ')}])`, HINT.corrupt, { subject: ref.name });
		}
	}
	return count;
}

/**
 * Checks that the tensor's stored bytes match its dims and type, without reading them (external
 * files are opened and their size checked). Returns the element count.
 */
export function checkTensor(ref: TensorRef, ctx: TensorContext): number {
	const file = ctx.source.file;
	const fail = (what: string): never => {
		throw new OnnxError(file, `tensor "${ref.name}" ${what}`, HINT.corrupt, { subject: ref.name });
	};
	const width = DTYPE_BYTES[ref.dataType];
	if (width === undefined) fail(`has element type ${DTYPE_NAME[ref.dataType] ?? ref.dataType}, which is not a number type the reader decodes`);
	const count = elementCount(ref, file);
	const bytes = count * width!;
	if (ref.external) {
		const ext = ctx.externals.get(ref.external.location, ref.name);
		if (ref.external.length !== null && ref.external.length !== bytes) {
			fail(`claims ${count} elements (${bytes} bytes) but its external_data length is ${ref.external.length}`);
		}
		if (ref.external.offset + bytes > ext.size) {
			fail(`needs bytes ${ref.external.offset}..${ref.external.offset + bytes} of "${ref.external.location}", which has only ${ext.size}`);
		}
	} else if (ref.raw) {
		const have = ref.raw.end - ref.raw.start;
		if (have !== bytes) fail(`claims ${count} elements of ${DTYPE_NAME[ref.dataType]} (${bytes} bytes) but raw_data holds ${have} bytes`);
	} else {
		const field = TYPED_FIELD[ref.dataType];
		const segments = ref.typed.filter((s) => s.field === field);
		const payload = segments.reduce((sum, s) => sum + (s.end - s.start), 0);
		const fixed = field === TENSOR.floatData ? 4 : field === TENSOR.doubleData ? 8 : 0;
		// Varints take 1 to 10 bytes each, so only a lower bound on the bytes is known before decoding.
		const possible = fixed === 0 ? count <= payload : segments.every((s) => (s.end - s.start) % fixed === 0) && payload === count * fixed;
		if (!possible) fail(`claims ${count} elements but its ${fieldName(field)} holds ${payload} bytes`);
	}
	return count;
}

/** Reads and decodes a tensor's values (checkTensor first). */
export function decodeTensor(ref: TensorRef, ctx: TensorContext): DecodedTensor {
	const count = checkTensor(ref, ctx);
	const dims = [...ref.dims];
	const dataType = ref.dataType;
	if (ref.external || ref.raw) {
		const source = ref.external ? ctx.externals.get(ref.external.location, ref.name) : ctx.source;
		const offset = ref.external ? ref.external.offset : ref.raw!.start;
		return { dataType, dims, data: fromRaw(dataType, count, (target) => source.copyInto(offset, target)) };
	}
	return { dataType, dims, data: fromTyped(ref, count, ctx.source) };
}

/** Decodes little-endian raw bytes, read by `fill` straight into the destination where the types allow. */
function fromRaw(dataType: number, count: number, fill: (target: Uint8Array) => void): Values {
	const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
	switch (dataType) {
		case DTYPE.float: {
			const out = new Float32Array(uninitialised(count * 4));
			fill(bytesOf(out));
			return out;
		}
		case DTYPE.double: {
			const out = new Float64Array(uninitialised(count * 8));
			fill(bytesOf(out));
			return out;
		}
		case DTYPE.float16:
		case DTYPE.bfloat16: {
			const bits = new Uint16Array(count);
			fill(bytesOf(bits));
			return dataType === DTYPE.float16 ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
		}
		case DTYPE.int32:
		case DTYPE.uint32: {
			const ints = new Int32Array(count);
			fill(bytesOf(ints));
			return dataType === DTYPE.int32 ? ints : Float64Array.from(new Uint32Array(ints.buffer));
		}
		case DTYPE.int64:
		case DTYPE.uint64: {
			const wide = new BigInt64Array(count);
			fill(bytesOf(wide));
			const out = new Float64Array(count);
			const unsigned = dataType === DTYPE.uint64 ? new BigUint64Array(wide.buffer) : wide;
			for (let i = 0; i < count; i++) out[i] = Number(unsigned[i]);
			return out;
		}
		default: {
			const width = DTYPE_BYTES[dataType]!;
			const bytes = new Uint8Array(count * width);
			fill(bytes);
			const view = new DataView(bytes.buffer);
			const out = new Int32Array(count);
			const get =
				dataType === DTYPE.int8 ? (i: number) => view.getInt8(i)
				: dataType === DTYPE.int16 ? (i: number) => view.getInt16(i * 2, true)
				: dataType === DTYPE.uint16 ? (i: number) => view.getUint16(i * 2, true)
				: (i: number) => view.getUint8(i); // uint8, bool
			for (let i = 0; i < count; i++) out[i] = get(i);
			return out;
		}
	}
}

/**
 * A fresh ArrayBuffer that is not zero-filled (it is overwritten entirely right away): zeroing a large
 * kernel first would cost as much as reading it from the page cache.
 */
function uninitialised(bytes: number): ArrayBuffer {
	const b = Buffer.allocUnsafeSlow(bytes);
	return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : new ArrayBuffer(bytes);
}

/** Decodes the typed value fields (float_data, int32_data, …), packed or not. */
function fromTyped(ref: TensorRef, count: number, source: ByteSource): Values {
	const field = TYPED_FIELD[ref.dataType]!;
	const wide = field === TENSOR.doubleData || field === TENSOR.int64Data || field === TENSOR.uint64Data;
	const values: Values = field === TENSOR.floatData ? new Float32Array(count) : wide ? new Float64Array(count) : new Int32Array(count);
	let n = 0;
	const push = (v: number) => {
		if (n >= count) throw new OnnxError(source.file, `tensor "${ref.name}" holds more values than its dims [${ref.dims.join(', ')}] allow`, HINT.corrupt, { subject: ref.name });
		values[n++] = v;
	};
	for (const segment of ref.typed) {
		if (segment.field !== field) continue;
		const packed = segment.wire === WIRE.bytes;
		const width = field === TENSOR.floatData ? 4 : field === TENSOR.doubleData ? 8 : 0;
		if (packed && width > 0) {
			// Packed fixed-width values are little-endian like raw_data: copy them in place (checkTensor fixed the count).
			const length = segment.end - segment.start;
			source.copyInto(segment.start, new Uint8Array(values.buffer, n * width, length));
			n += length / width;
			continue;
		}
		const r = new WireReader(source, segment.start, segment.end);
		while (r.pos < r.end) {
			if (field === TENSOR.floatData) push(r.float());
			else if (field === TENSOR.doubleData) push(r.double());
			else push(r.varint());
			if (!packed) break;
		}
	}
	if (n !== count) {
		throw new OnnxError(source.file, `tensor "${ref.name}" holds ${n} values but its dims [${ref.dims.join(', ')}] need ${count}`, HINT.corrupt, { subject: ref.name });
	}
	if (ref.dataType === DTYPE.float16 || ref.dataType === DTYPE.bfloat16) {
		const bits = Uint16Array.from(values, (v) => v & 0xffff);
		return ref.dataType === DTYPE.float16 ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
	}
	return values;
}

function fieldName(field: number | undefined): string {
	const names: Record<number, string> = { 4: 'float_data', 5: 'int32_data', 7: 'int64_data', 10: 'double_data', 11: 'uint64_data' };
	return field === undefined ? 'data' : (names[field] ?? 'data');
}
