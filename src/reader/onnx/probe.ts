/** Whether a file is ONNX, from its first bytes and name: loaded before, and without, the reader. */

/** ONNX has no magic number: a `.onnx` name, or a first byte that is protobuf's tag of `ir_version` (field 1, varint). */
export function matchOnnx(firstBytes: Uint8Array, path: string): boolean {
	return /\.onnx$/i.test(path) || firstBytes[0] === 0x08;
}
