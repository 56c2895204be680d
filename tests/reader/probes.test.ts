/** The format probes openModel tries before loading any reader: hand-made first bytes and names. */
import { describe, expect, it } from 'vitest';
import { matchOnnx } from '../../src/reader/onnx/probe.ts';
import { matchTorch } from '../../src/reader/pytorch/probe.ts';
import { matchSafetensors } from '../../src/reader/safetensors/probe.ts';

/** A u64 little-endian length, then `text`. */
const withLength = (text: string, length = text.length) => {
	const bytes = new Uint8Array(8 + text.length);
	new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
	bytes.set(new TextEncoder().encode(text), 8);
	return bytes;
};

describe('matchSafetensors', () => {
	it.each([
		['a JSON object header', withLength('{"a":1}'), true],
		['a JSON array header (named as wrong by the reader, not taken for ONNX)', withLength('[1,2]'), true],
		['text that is not JSON after the length', withLength('hello'), false],
		['a control byte inside the header', withLength('{"a"\u0001}'), false],
		['JSON whitespace inside the header', withLength('{\t"a":\n1\r}'), true],
		['a length of 2^32 or more (byte 4 set)', withLength('{"a":1}', 2 ** 32 + 7), false],
		['fewer than 9 bytes', withLength('{').subarray(0, 8), false],
	])('%s', (_, bytes, expected) => {
		expect(matchSafetensors(bytes, 'model.safetensors')).toBe(expected);
	});

	it('takes a shard index by its name when it starts like a JSON object, and nothing else by that name', () => {
		const text = (s: string) => new TextEncoder().encode(s);
		expect(matchSafetensors(text('  {"weight_map": {}}'), 'model.safetensors.index.json')).toBe(true);
		expect(matchSafetensors(text('x {"weight_map": {}}'), 'model.safetensors.index.json')).toBe(false);
		expect(matchSafetensors(text('{"weight_map": {}}'), 'model.index.json')).toBe(false);
	});
});

describe('matchOnnx', () => {
	it('takes a .onnx name (any case) or a first byte 0x08, and not a name that only contains .onnx', () => {
		const other = Uint8Array.of(0x0a, 0x00);
		expect(matchOnnx(other, 'net.onnx')).toBe(true);
		expect(matchOnnx(other, 'NET.ONNX')).toBe(true);
		expect(matchOnnx(Uint8Array.of(0x08, 0x07), 'net.bin')).toBe(true);
		expect(matchOnnx(other, 'net.onnx.bak')).toBe(false);
		expect(matchOnnx(other, 'net.bin')).toBe(false);
	});
});

describe('matchTorch', () => {
	it('takes any zip and the legacy magic number, and not a prefix of either', () => {
		expect(matchTorch(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0))).toBe(true);
		expect(matchTorch(Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19))).toBe(true);
		expect(matchTorch(Uint8Array.of(0x50, 0x4b, 0x03))).toBe(false);
		expect(matchTorch(Uint8Array.of(0x50, 0x4b, 0x05, 0x06))).toBe(false);
		expect(matchTorch(Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x18))).toBe(false);
	});
});
