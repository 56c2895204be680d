/**
 * Seeded mutations in the manner of AFL's "havoc" stage: a stack of 1 to 8 small edits (bit flips,
 * interesting bytes and words, inserted, deleted, copied or dictionary chunks, truncation) or a splice
 * with another input of the corpus. The same seed gives the same sequence of inputs.
 */

/** Largest input a mutation may produce. */
export const MAX_INPUT = 1 << 20;

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x7e, 0x40, 0x10];
const INTERESTING_32 = [0, 1, -1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, -0x80000000, 0xffffffff];
const INTERESTING_64 = [0n, 1n, -1n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 62n, 2n ** 63n - 1n, 2n ** 63n];

/** A random source in [0, 1) (mulberry32 from tests/fixtures/catalog.ts). */
export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const below = (random: Random, n: number) => Math.floor(random() * n);

/** `input` changed by a stack of edits; `dictionary` tokens are inserted or written over. */
export function mutate(input: Uint8Array, random: Random, dictionary: Uint8Array[], others: Uint8Array[]): Uint8Array {
	let bytes: Buffer = Buffer.from(input);
	const edits = 1 + below(random, 8);
	for (let e = 0; e < edits; e++) bytes = edit(bytes, random, dictionary, others);
	return bytes.length > MAX_INPUT ? bytes.subarray(0, MAX_INPUT) : bytes;
}

function edit(bytes: Buffer, random: Random, dictionary: Uint8Array[], others: Uint8Array[]): Buffer {
	const at = bytes.length ? below(random, bytes.length) : 0;
	switch (below(random, 12)) {
		case 0: // flip a bit
			if (bytes.length) bytes[at]! ^= 1 << below(random, 8);
			return bytes;
		case 1: // an interesting byte
			if (bytes.length) bytes[at] = pick(random, INTERESTING_8);
			return bytes;
		case 2: // a random byte
			if (bytes.length) bytes[at] = below(random, 256);
			return bytes;
		case 3: { // an interesting 32-bit word, either byte order
			if (bytes.length < 4) return bytes;
			const p = below(random, bytes.length - 3);
			const v = pick(random, INTERESTING_32) >>> 0;
			if (random() < 0.5) bytes.writeUInt32LE(v, p);
			else bytes.writeUInt32BE(v, p);
			return bytes;
		}
		case 4: { // an interesting 64-bit word (lengths, offsets, numel)
			if (bytes.length < 8) return bytes;
			bytes.writeBigUInt64LE(BigInt.asUintN(64, pick(random, INTERESTING_64)), below(random, bytes.length - 7));
			return bytes;
		}
		case 5: // add or subtract a little from a byte (lengths and counts)
			if (bytes.length) bytes[at] = (bytes[at]! + (below(random, 35) - 17)) & 0xff;
			return bytes;
		case 6: { // delete a chunk
			const length = Math.min(bytes.length - at, 1 + below(random, 32));
			return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
		}
		case 7: { // duplicate a chunk in place
			const length = Math.min(bytes.length - at, 1 + below(random, 32));
			return Buffer.concat([bytes.subarray(0, at + length), bytes.subarray(at, at + length), bytes.subarray(at + length)]);
		}
		case 8: { // insert random bytes
			const chunk = Buffer.from(Array.from({ length: 1 + below(random, 16) }, () => below(random, 256)));
			return Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
		}
		case 9: { // insert or write over with a dictionary token
			if (!dictionary.length) return bytes;
			const token = pick(random, dictionary);
			if (random() < 0.5) return Buffer.concat([bytes.subarray(0, at), token, bytes.subarray(at)]);
			const out = Buffer.from(bytes);
			out.set(token.subarray(0, Math.max(0, out.length - at)), at);
			return out;
		}
		case 10: { // splice: this input's head with another's tail
			if (!others.length) return bytes;
			const other = pick(random, others);
			return Buffer.concat([bytes.subarray(0, at), other.subarray(below(random, other.length + 1))]);
		}
		default: // truncate
			return bytes.subarray(0, at);
	}
}
