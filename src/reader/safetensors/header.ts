/**
 * The safetensors header: an 8-byte little-endian length N, N bytes of JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`), then the data, with
 * offsets relative to the end of the header. Every claim is checked against the file before anything
 * is read or allocated, with the limits of the official library (a header of at most 100 MB).
 */
import { ModelError } from '../errors.ts';
import type { KernelDtype } from '../model.ts';
import type { FileSource } from '../source.ts';
import { CHECKPOINT_HINT, readRange } from '../checkpoint/files.ts';
import type { CheckpointTensor } from '../checkpoint/tensor.ts';

/** The official library's limit on the header (safetensors' MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;

/** Each safetensors dtype: the type it decodes to (null: listed, not decoded) and its width in bits. */
const DTYPES: Record<string, [KernelDtype | null, number]> = {
	F64: ['float64', 64], F32: ['float32', 32], F16: ['float16', 16], BF16: ['bfloat16', 16],
	I64: ['int64', 64], U64: ['uint64', 64], I32: ['int32', 32], U32: ['uint32', 32],
	I16: ['int16', 16], U16: ['uint16', 16], I8: ['int8', 8], U8: ['uint8', 8],
	BOOL: [null, 8], F8_E4M3: [null, 8], F8_E5M2: [null, 8], F8_E8M0: [null, 8],
	F6_E2M3: [null, 6], F6_E3M2: [null, 6], F4: [null, 4], C64: [null, 64],
};

/** A safetensors file's tensors (header order) and its `__metadata__` strings. */
export interface SafetensorsContents {
	tensors: CheckpointTensor[];
	metadata: Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the header of `source`; tensors stay byte ranges until a kernel is read. */
export function parseSafetensors(source: FileSource): SafetensorsContents {
	const file = source.file;
	const fail = (what: string, tensor?: string): never => {
		throw new ModelError(file, tensor === undefined ? what : `tensor "${tensor}" ${what}`, CHECKPOINT_HINT.safetensors, tensor === undefined ? {} : { subject: tensor });
	};
	if (source.size < 8) fail(`is ${source.size} bytes long, too short for a safetensors header`);
	const prefix = readRange(source, 0, 8, CHECKPOINT_HINT.safetensors);
	const view = new DataView(prefix.buffer);
	const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
	if (length > MAX_HEADER_BYTES) fail(`the header claims ${length} bytes, more than the ${MAX_HEADER_BYTES / 1e6} MB the safetensors format allows`);
	if (8 + length > source.size) fail(`the header claims ${length} bytes but the file has only ${source.size - 8} after the length`);
	const text = readRange(source, 8, length, CHECKPOINT_HINT.safetensors);
	if (text[0] !== 0x7b) fail('the header does not start with "{"');
	let header: Json;
	try {
		header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text)) as Json;
	} catch (error) {
		return fail(`the header is not valid JSON (${(error as Error).message})`);
	}
	if (!isObject(header)) return fail('the header is not a JSON object');
	const dataStart = 8 + length;
	const dataBytes = source.size - dataStart;
	const metadata: Record<string, string> = {};
	const tensors: CheckpointTensor[] = [];
	const ranges: Range[] = [];
	for (const [name, info] of Object.entries(header)) {
		if (name === '__metadata__') {
			if (!isObject(info)) fail('"__metadata__" is not a JSON object');
			for (const [key, value] of Object.entries(info as object)) if (typeof value === 'string') metadata[key] = value;
			continue;
		}
		if (!isObject(info)) return fail('is not described by a JSON object', name);
		const kind = typeof info.dtype === 'string' ? DTYPES[info.dtype] : undefined;
		if (!kind) return fail(`has an unknown dtype ${JSON.stringify(info.dtype)}`, name);
		const shape = info.shape;
		if (!Array.isArray(shape)) return fail('has no shape list', name);
		let count = 1;
		for (const d of shape) {
			if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return fail(`has an invalid dimension ${JSON.stringify(d)} in shape ${JSON.stringify(shape)}`, name);
			// Checked before multiplying (with room for the widest dtype), so sizes stay exact integers.
			if (d !== 0 && count > Number.MAX_SAFE_INTEGER / 64 / d) fail(`claims an absurd shape [${shape.join(', ')}]`, name);
			count *= d;
		}
		const offsets = info.data_offsets;
		if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
			return fail(`has invalid data_offsets ${JSON.stringify(offsets)} (expected [begin, end])`, name);
		}
		const [begin, end] = offsets as [number, number];
		if (begin > end) fail(`has data_offsets [${begin}, ${end}] that end before they begin`, name);
		if (end > dataBytes) fail(`has data_offsets [${begin}, ${end}] outside the ${dataBytes}-byte data area`, name);
		const bits = count * kind[1];
		if (bits % 8 !== 0 || bits / 8 !== end - begin) {
			fail(`has shape [${shape.join(', ')}] of ${info.dtype} (${bits / 8} bytes) but data_offsets [${begin}, ${end}] hold ${end - begin}`, name);
		}
		ranges.push({ name, begin, end });
		tensors.push({
			name,
			dtype: kind[0],
			storedAs: info.dtype as string,
			shape: shape as number[],
			readInto: (target) => source.copyInto(dataStart + begin, target),
		});
	}
	checkOverlaps(ranges, fail);
	return { tensors, metadata };
}

interface Range {
	name: string;
	begin: number;
	end: number;
}

/** Two tensors sharing bytes is how a hostile file makes one byte mean two things; the official library refuses it too. */
function checkOverlaps(ranges: Range[], fail: (what: string, tensor?: string) => never): void {
	const sorted = ranges.filter((r) => r.end > r.begin).sort((a, b) => a.begin - b.begin);
	let reach: Range | null = null; // the range that reaches furthest so far
	for (const current of sorted) {
		if (reach && current.begin < reach.end) fail(`overlaps tensor "${reach.name}" (bytes ${current.begin}..${current.end} and ${reach.begin}..${reach.end})`, current.name);
		if (!reach || current.end > reach.end) reach = current;
	}
}
