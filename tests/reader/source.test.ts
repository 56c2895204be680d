/**
 * The byte sources under every reader: BufferSource (bytes in memory) and FileSource (a file read through
 * a 1 MiB window refilled 64 KiB at a time). Ranges, window refills, files larger than the window, a file
 * that shrinks while it is read, and the one-line messages for a missing file and a folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferSource, FileSource, WINDOW_BYTES } from '../../src/reader/source.ts';
import { OnnxError } from '../../src/reader/errors.ts';
import { openDescriptors } from '../fixtures/open-files.ts';

const KIB = 1024;
const CORRUPT = 'The file is truncated or is not an ONNX model; re-export or re-download it';

/** Byte i of the test files: a pattern that differs at every offset within 251 bytes, so a misplaced read shows. */
const byteAt = (i: number) => (i * 7 + (i >> 8)) % 251;
const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => byteAt(i));

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'ka-source-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return path;
}

describe('BufferSource', () => {
	const source = new BufferSource(pattern(8), 'mem.onnx');

	it('accepts every range inside the bytes, including empty ones and the very end', () => {
		expect(() => source.ensure(0, 8)).not.toThrow();
		expect(() => source.ensure(3, 0)).not.toThrow();
		expect(() => source.ensure(8, 0)).not.toThrow();
		expect(source.base).toBe(0);
	});

	it('refuses a range past the end, a negative offset or a negative length, naming the bytes it needed', () => {
		expect(() => source.ensure(4, 8)).toThrow(new OnnxError('mem.onnx', 'unexpected end of file: needed bytes 4..12 of a 8-byte file', CORRUPT));
		expect(() => source.ensure(8, 1)).toThrow('mem.onnx: unexpected end of file: needed bytes 8..9 of a 8-byte file. ' + CORRUPT);
		expect(() => source.ensure(-1, 2)).toThrow('mem.onnx: unexpected end of file: needed bytes -1..1 of a 8-byte file. ' + CORRUPT);
		expect(() => source.ensure(2, -1)).toThrow('mem.onnx: unexpected end of file: needed bytes 2..1 of a 8-byte file. ' + CORRUPT);
	});

	it('copies exactly the bytes asked for, and refuses a copy past the end', () => {
		const target = new Uint8Array(3);
		source.copyInto(2, target);
		expect(Array.from(target)).toEqual([byteAt(2), byteAt(3), byteAt(4)]);
		const tail = new Uint8Array(2);
		source.copyInto(6, tail);
		expect(Array.from(tail)).toEqual([byteAt(6), byteAt(7)]);
		expect(() => source.copyInto(6, new Uint8Array(3))).toThrow('mem.onnx: unexpected end of file: needed bytes 6..9 of a 8-byte file. ' + CORRUPT);
		expect(() => source.copyInto(-2, new Uint8Array(1))).toThrow(/needed bytes -2\.\.-1 of a 8-byte file/);
	});
});

describe('FileSource', () => {
	/** The bytes `ensure(offset, length)` made readable, read back through `bytes` and `base`. */
	const window = (s: FileSource, offset: number, length: number) => Array.from(s.bytes.subarray(offset - s.base, offset - s.base + length));
	const expected = (offset: number, length: number) => Array.from({ length }, (_, i) => byteAt(offset + i));
	/** The first file offset in `[offset, offset + length)` that `bytes` does not hold correctly, or -1: for long ranges, whose diff would be huge. */
	const firstWrongByte = (bytes: Uint8Array, start: number, offset: number, length: number) => {
		for (let i = 0; i < length; i++) if (bytes[start + i] !== byteAt(offset + i)) return offset + i;
		return -1;
	};

	it('reads a small file whole on the first refill, and serves later pieces of it from the same window', () => {
		const s = new FileSource(file('small.bin', pattern(100)), 'small.onnx');
		try {
			expect(s.size).toBe(100);
			s.ensure(10, 4);
			expect(s.base).toBe(10);
			expect(window(s, 10, 4)).toEqual(expected(10, 4));
			s.ensure(50, 50); // up to the last byte: inside the window already
			expect(s.base).toBe(10);
			expect(window(s, 50, 50)).toEqual(expected(50, 50));
			s.ensure(0, 100); // before the window: refilled from 0
			expect(s.base).toBe(0);
			expect(window(s, 0, 100)).toEqual(expected(0, 100));
		} finally {
			s.close();
		}
	});

	it('refills 64 KiB at a time: a piece that crosses the end of the window is read again from its own offset', () => {
		const size = 300 * KIB;
		const s = new FileSource(file('medium.bin', pattern(size)), 'medium.onnx');
		try {
			s.ensure(1000, 4);
			expect(s.base).toBe(1000);
			// 1000 + 64 KiB is the end of the window: the last 4 bytes before it are still in it…
			s.ensure(1000 + 64 * KIB - 4, 4);
			expect(s.base).toBe(1000);
			expect(window(s, 1000 + 64 * KIB - 4, 4)).toEqual(expected(1000 + 64 * KIB - 4, 4));
			// …the 4 bytes across it are not.
			s.ensure(1000 + 64 * KIB - 2, 4);
			expect(s.base).toBe(1000 + 64 * KIB - 2);
			expect(window(s, 1000 + 64 * KIB - 2, 4)).toEqual(expected(1000 + 64 * KIB - 2, 4));
			// A piece later in the new window is served from it, without a refill.
			s.ensure(1000 + 64 * KIB + 100, 8);
			expect(s.base).toBe(1000 + 64 * KIB - 2);
			expect(window(s, 1000 + 64 * KIB + 100, 8)).toEqual(expected(1000 + 64 * KIB + 100, 8));
			// A piece at the current base but shorter than what is buffered: no refill either.
			s.ensure(1000 + 64 * KIB - 2, 1);
			expect(s.base).toBe(1000 + 64 * KIB - 2);
		} finally {
			s.close();
		}
	});

	it('reads a piece larger than 64 KiB in one refill, and keeps all of it in the window', () => {
		const size = 300 * KIB;
		const s = new FileSource(file('large-piece.bin', pattern(size)), 'large-piece.onnx');
		try {
			s.ensure(0, 100 * KIB);
			expect(firstWrongByte(s.bytes, 0 - s.base, 0, 100 * KIB)).toBe(-1);
			s.ensure(0, 4);
			expect(s.base).toBe(0);
			s.ensure(90 * KIB, 4); // past 64 KiB, within the 100 KiB read
			expect(s.base).toBe(0);
			expect(window(s, 90 * KIB, 4)).toEqual(expected(90 * KIB, 4));
		} finally {
			s.close();
		}
	});

	it('in a file larger than the 1 MiB window, refills only 64 KiB, not the rest of the file', () => {
		const size = 2 * WINDOW_BYTES + 512 * KIB;
		const s = new FileSource(file('huge.bin', pattern(size)), 'huge.onnx');
		try {
			expect(s.size).toBe(size);
			s.ensure(0, 8);
			s.ensure(100 * KIB, 8); // beyond the first 64 KiB: refilled there
			expect(s.base).toBe(100 * KIB);
			expect(window(s, 100 * KIB, 8)).toEqual(expected(100 * KIB, 8));
			s.ensure(size - 8, 8); // the last bytes, past the first 1 MiB
			expect(window(s, size - 8, 8)).toEqual(expected(size - 8, 8));
			s.ensure(WINDOW_BYTES - 16, WINDOW_BYTES); // a full-window piece across the 1 MiB mark
			expect(firstWrongByte(s.bytes, WINDOW_BYTES - 16 - s.base, WINDOW_BYTES - 16, WINDOW_BYTES)).toBe(-1);
			const target = new Uint8Array(size - 3);
			s.copyInto(3, target); // a tensor larger than the window goes straight into its own buffer
			expect(firstWrongByte(target, 0, 3, size - 3)).toBe(-1);
		} finally {
			s.close();
		}
	});

	it('refuses ranges past the end of the file, before reading anything', () => {
		const s = new FileSource(file('ten.bin', pattern(10)), 'ten.onnx');
		try {
			s.ensure(0, 10); // exactly the whole file
			expect(window(s, 0, 10)).toEqual(expected(0, 10));
			expect(() => s.ensure(8, 4)).toThrow('ten.onnx: unexpected end of file: needed bytes 8..12 of a 10-byte file. ' + CORRUPT);
			expect(() => s.ensure(20, 1)).toThrow('ten.onnx: unexpected end of file: needed bytes 20..21 of a 10-byte file. ' + CORRUPT);
			expect(() => s.copyInto(8, new Uint8Array(3))).toThrow('ten.onnx: unexpected end of file: needed bytes 8..11 of a 10-byte file. ' + CORRUPT);
			const target = new Uint8Array(10);
			s.copyInto(0, target);
			expect(Array.from(target)).toEqual(expected(0, 10));
		} finally {
			s.close();
		}
	});

	it('says the file shrank when it gets shorter while it is read (window refill and tensor copy)', () => {
		const path = file('shrinks.bin', pattern(200 * KIB));
		const s = new FileSource(path, 'shrinks.onnx');
		try {
			s.ensure(0, 16);
			truncateSync(path, 100 * KIB);
			expect(() => s.ensure(90 * KIB, 20 * KIB)).toThrow(
				'shrinks.onnx: the file shrank while it was being read (at byte 92160). Do not modify the model while it is read',
			);
			expect(() => s.copyInto(99 * KIB, new Uint8Array(2 * KIB))).toThrow(
				'shrinks.onnx: the file shrank while it was being read (at byte 101376). Do not modify the model while it is read',
			);
			// What is still there reads as before.
			s.ensure(99 * KIB, KIB);
			expect(window(s, 99 * KIB, KIB)).toEqual(expected(99 * KIB, KIB));
		} finally {
			s.close();
		}
	});

	it('keeps to the size it saw when opened, even if the file grows while it is read', () => {
		const path = file('grows.bin', pattern(100));
		const s = new FileSource(path, 'grows.onnx');
		try {
			appendFileSync(path, pattern(200).subarray(100));
			s.ensure(10, 4);
			expect(window(s, 10, 4)).toEqual(expected(10, 4));
			expect(() => s.ensure(98, 4)).toThrow('grows.onnx: unexpected end of file: needed bytes 98..102 of a 100-byte file. ' + CORRUPT);
		} finally {
			s.close();
		}
	});

	it('names a missing file in one line, with the system error as the cause', () => {
		let error: unknown;
		try {
			new FileSource(join(dir, 'nope.onnx'), 'nope.onnx');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(OnnxError);
		expect((error as Error).message).toBe('nope.onnx: cannot open the file (ENOENT). Check that the file exists and is readable');
		expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
	});

	it('refuses a folder as not a regular file, and does not keep it open', () => {
		const folder = join(dir, 'a-folder');
		mkdirSync(folder);
		expect(() => new FileSource(folder, 'a-folder')).toThrow(
			'a-folder: is not a regular file. Point at a .onnx file (or its external-data file), not a folder, pipe or device',
		);
		expect(openDescriptors(folder)).toBe(0);
	});

	it('closes its file once; a closed source can no longer be read, and closing again is harmless', () => {
		const path = file('closed.bin', pattern(10));
		const s = new FileSource(path, 'closed.onnx');
		expect(openDescriptors(path)).toBe(1);
		expect(s.stat().size).toBe(10);
		s.close();
		expect(openDescriptors(path)).toBe(0);
		expect(() => s.stat()).toThrow();
		expect(() => s.copyInto(0, new Uint8Array(4))).toThrow();
		expect(() => s.close()).not.toThrow();
	});
});
