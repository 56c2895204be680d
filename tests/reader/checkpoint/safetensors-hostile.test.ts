/** Hostile and damaged safetensors files: each fails fast with a one-line ModelError naming the file and the tensor. */
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/reader/errors.ts';
import { safetensorsReader } from '../../../src/reader/safetensors/index.ts';
import { safetensorsBytes } from '../../fixtures/checkpoint-writer.ts';
import { expectModelError, tempFolder } from './support.ts';

const folder = tempFolder('safetensors-hostile');
afterAll(() => folder.remove());

/** A file whose header is `header` (JSON text) followed by `dataBytes` zero bytes. */
function withHeader(header: unknown, dataBytes = 16): Uint8Array {
	return Buffer.concat([safetensorsBytes([], undefined, typeof header === 'string' ? header : JSON.stringify(header)), Buffer.alloc(dataBytes)]);
}

/** A file whose 8-byte length prefix says `length`, followed by `rest`. */
function withLength(length: bigint, rest: string | Buffer): Uint8Array {
	const prefix = Buffer.alloc(8);
	prefix.writeBigUInt64LE(length);
	return Buffer.concat([prefix, Buffer.from(rest)]);
}

const notUtf8 = Buffer.from([...Buffer.from('{"'), 0xff, 0xfe, ...Buffer.from('": 1}')]);

const f32 = (shape: unknown, offsets: unknown) => ({ dtype: 'F32', shape, data_offsets: offsets });

const CASES: { name: string; bytes: Uint8Array; message: RegExp; subject?: string }[] = [
	{ name: 'a file shorter than the length prefix', bytes: Buffer.from([1, 0, 0]), message: /is 3 bytes long, too short/ },
	{ name: 'a header length past the end of the file', bytes: withLength(1000n, '{}'), message: /the header claims 1000 bytes but the file has only 2/ },
	{ name: 'a 200 MB header claim', bytes: withLength(200_000_000n, '{}'), message: /the header claims 200000000 bytes, more than the 100 MB/ },
	{ name: 'a 2^63-byte header claim', bytes: withLength(2n ** 63n, '{}'), message: /more than the 100 MB/ },
	{ name: 'a header that is not an object', bytes: withHeader('[1, 2]'), message: /does not start with "\{"/ },
	{ name: 'invalid JSON', bytes: withHeader('{"conv.weight": {"dtype": '), message: /the header is not valid JSON/ },
	{ name: 'invalid UTF-8', bytes: withLength(BigInt(notUtf8.length), notUtf8), message: /the header is not valid JSON/ },
	{ name: 'offsets outside the data area', bytes: withHeader({ 'conv.weight': f32([2, 2], [0, 1000]) }), message: /tensor "conv.weight" has data_offsets \[0, 1000\] outside the 16-byte data area/, subject: 'conv.weight' },
	{ name: 'begin after end', bytes: withHeader({ 'conv.weight': f32([0], [8, 4]) }), message: /tensor "conv.weight" has data_offsets \[8, 4\] that end before they begin/, subject: 'conv.weight' },
	{ name: 'a byte length that does not match the shape', bytes: withHeader({ 'conv.weight': f32([2, 2], [0, 12]) }), message: /tensor "conv.weight" has shape \[2, 2\] of F32 \(16 bytes\) but data_offsets \[0, 12\] hold 12/, subject: 'conv.weight' },
	{ name: 'overlapping tensors', bytes: withHeader({ a: f32([2], [0, 8]), 'conv.weight': f32([1, 1, 2], [4, 12]) }), message: /tensor "conv.weight" overlaps tensor "a"/, subject: 'conv.weight' },
	{ name: 'a tensor inside another', bytes: withHeader({ big: f32([4], [0, 16]), x: f32([1], [4, 8]), y: f32([1], [8, 12]) }), message: /tensor "x" overlaps tensor "big"/, subject: 'x' },
	{ name: 'a shape whose product overflows', bytes: withHeader({ 'conv.weight': f32([2 ** 40, 2 ** 40, 3], [0, 16]) }), message: /tensor "conv.weight" claims an absurd shape/, subject: 'conv.weight' },
	{ name: 'a shape that claims terabytes', bytes: withHeader({ 'conv.weight': f32([1e6, 1e6, 1], [0, 16]) }), message: /\(4000000000000 bytes\) but data_offsets \[0, 16\] hold 16/, subject: 'conv.weight' },
	{ name: 'a negative dimension', bytes: withHeader({ 'conv.weight': f32([-1, 4], [0, 16]) }), message: /tensor "conv.weight" has an invalid dimension -1/, subject: 'conv.weight' },
	{ name: 'a fractional dimension', bytes: withHeader({ 'conv.weight': f32([1.5], [0, 16]) }), message: /has an invalid dimension 1.5/, subject: 'conv.weight' },
	{ name: 'a dimension given as a string', bytes: withHeader({ 'conv.weight': f32(['4'], [0, 16]) }), message: /has an invalid dimension "4"/, subject: 'conv.weight' },
	{ name: 'an unknown dtype', bytes: withHeader({ 'conv.weight': { dtype: 'F7', shape: [1], data_offsets: [0, 1] } }), message: /has an unknown dtype "F7"/, subject: 'conv.weight' },
	{ name: 'offsets that are not two integers', bytes: withHeader({ 'conv.weight': f32([1], [0]) }), message: /has invalid data_offsets \[0\]/, subject: 'conv.weight' },
	{ name: 'a tensor that is not an object', bytes: withHeader({ 'conv.weight': 3 }), message: /tensor "conv.weight" is not described by a JSON object/, subject: 'conv.weight' },
	{ name: 'metadata that is not an object', bytes: withHeader({ __metadata__: 'pt' }), message: /"__metadata__" is not a JSON object/ },
];

describe.each(CASES)('$name', ({ name, bytes, message, subject }) => {
	it('fails fast with a ModelError', async () => {
		const path = folder.write(`${name.replace(/\W+/g, '-')}.safetensors`, bytes);
		const started = performance.now();
		const error = await expectModelError(safetensorsReader, path, message);
		expect(performance.now() - started).toBeLessThan(1000);
		expect(error.subject).toBe(subject ?? null);
	});
});

it('a 200 MB header claim is refused before anything is allocated', async () => {
	const path = folder.write('huge-claim.safetensors', withLength(200_000_000n, `{${' '.repeat(1000)}}`));
	const before = process.memoryUsage().arrayBuffers;
	const error = await safetensorsReader.open(path).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(ModelError);
	expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50e6);
});
