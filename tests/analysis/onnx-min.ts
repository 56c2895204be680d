/**
 * A minimal ONNX writer for tests: one Conv node reading the graph input, its weight an initializer.
 * Just enough protobuf (varints, length-delimited fields) to make a file the reader and onnxruntime accept.
 */

function varint(n: number | bigint): number[] {
	let v = BigInt(n);
	const out: number[] = [];
	do {
		let b = Number(v & 0x7fn);
		v >>= 7n;
		if (v > 0n) b |= 0x80;
		out.push(b);
	} while (v > 0n);
	return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, v: number) => [...key(field, 0), ...varint(v)];
const bytes = (field: number, b: ArrayLike<number>) => [...key(field, 2), ...varint(b.length), ...Array.from(b)];
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));

function valueInfo(name: string, dims: number[]): number[] {
	const shape = dims.flatMap((d) => bytes(1, int(1, d)));
	const tensorType = [...int(1, 1), ...bytes(2, shape)];
	return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** Bytes of an ONNX model computing `y = Conv(x, w)` with the given float32 weight (no padding, stride 1). */
export function convModel(weight: { dims: number[]; data: Float32Array }, inputHW = 8): Uint8Array {
	const [n, c, kh, kw] = weight.dims;
	const raw = new Uint8Array(weight.data.buffer, weight.data.byteOffset, weight.data.byteLength);
	const tensor = [...weight.dims.flatMap((d) => int(1, d)), ...int(2, 1), ...str(8, 'w'), ...bytes(9, raw)];
	const node = [...str(1, 'x'), ...str(1, 'w'), ...str(2, 'y'), ...str(3, 'planted_conv'), ...str(4, 'Conv')];
	const out = inputHW - kh + 1;
	const graph = [
		...bytes(1, node),
		...str(2, 'planted'),
		...bytes(5, tensor),
		...bytes(11, valueInfo('x', [1, c, inputHW, inputHW])),
		...bytes(12, valueInfo('y', [1, n, out, inputHW - kw + 1])),
	];
	const model = [...int(1, 8), ...str(2, 'kernel-atlas-tests'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])];
	return new Uint8Array(model);
}
