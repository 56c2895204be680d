/** Whether a file is safetensors, from its first bytes and name: loaded before, and without, the reader. */

/** The name ending of a sharded checkpoint's index. */
export const INDEX_SUFFIX = '.safetensors.index.json';

/** A `.safetensors` file's first bytes, or a shard index (by its name) that starts like a JSON object. */
export function matchSafetensors(firstBytes: Uint8Array, path: string): boolean {
	if (path.endsWith(INDEX_SUFFIX)) return /^\s*\{/.test(new TextDecoder().decode(firstBytes));
	return plausibleHeader(firstBytes);
}

/**
 * A u64 length below 2^32 (the reader refuses anything over 100 MB anyway), then what can start a JSON
 * header: `{` or `[` (the reader names anything but an object), followed by text. Not only `{`: a
 * header length of 8 makes the file start with 0x08, as ONNX's ir_version does, and a damaged
 * safetensors file must get a safetensors error, not a protobuf one. No ONNX file starts like this: its
 * bytes 4 to 7 would be protobuf tags, never four zeros followed by text.
 */
function plausibleHeader(bytes: Uint8Array): boolean {
	if (bytes.length < 9 || bytes[4] !== 0 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) return false;
	if (bytes[8] !== 0x7b && bytes[8] !== 0x5b) return false;
	const length = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! * 2 ** 24);
	// Text: no control bytes but JSON's whitespace, within the header and the probe.
	return bytes.subarray(8, 8 + length).every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}
