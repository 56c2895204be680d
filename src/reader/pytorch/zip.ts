/**
 * The central directory of a zip archive as torch.save writes it (PyTorch's miniz-based
 * PyTorchStreamWriter): stored entries, each aligned to 64 bytes, sizes in the central directory (the
 * local headers carry a data descriptor instead), and always a zip64 end record. Only what a checkpoint
 * needs is accepted: no compression, no encryption, no names that leave the archive, no entries that
 * overlap, nothing larger than the file.
 */
import { ModelError } from '../errors.ts';
import type { FileSource } from '../source.ts';
import { CHECKPOINT_HINT, readRange } from '../checkpoint/files.ts';

/** A stored entry: where its bytes are in the file. */
export interface ZipEntry {
	name: string;
	/** File offset of the entry's first data byte. */
	offset: number;
	size: number;
	crc32: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator64: 0x07064b50 } as const;
/** A central directory larger than this is not a checkpoint's (torch writes ~100 bytes per tensor). */
const MAX_DIRECTORY_BYTES = 64 << 20;
const MAX_COMMENT = 0xffff;

/** Little-endian reads that fail with a ModelError instead of a RangeError. */
class Reader {
	readonly view: DataView;
	private readonly fail: (what: string) => never;
	constructor(bytes: Uint8Array, fail: (what: string) => never) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.fail = fail;
	}
	u16(at: number): number {
		return at + 2 <= this.view.byteLength ? this.view.getUint16(at, true) : this.fail('a zip record is cut short');
	}
	u32(at: number): number {
		return at + 4 <= this.view.byteLength ? this.view.getUint32(at, true) : this.fail('a zip record is cut short');
	}
	/** A u64 as a number; values past 2^53 are far beyond any file and are caught by the size checks. */
	u64(at: number): number {
		return this.u32(at) + this.u32(at + 4) * 2 ** 32;
	}
}

/**
 * Reads and checks the zip's central directory; returns its entries by name.
 * @example
 * const entries = readZipDirectory(new FileSource('model.pt'));
 * const pickle = entries.get('archive/data.pkl');
 */
export function readZipDirectory(source: FileSource): Map<string, ZipEntry> {
	const fail = (what: string): never => {
		throw new ModelError(source.file, what, CHECKPOINT_HINT.torch);
	};
	const end = findEnd(source, fail);
	const directory = new Reader(readRange(source, end.directoryOffset, end.directorySize, CHECKPOINT_HINT.torch), fail);
	const entries = new Map<string, ZipEntry>();
	const spans: { name: string; start: number; end: number }[] = [];
	let at = 0;
	for (let i = 0; i < end.count; i++) {
		if (directory.u32(at) !== SIG.central) fail(`central directory entry ${i} has no valid signature`);
		const flags = directory.u16(at + 8);
		const method = directory.u16(at + 10);
		const nameLength = directory.u16(at + 28);
		const extraLength = directory.u16(at + 30);
		const nameEnd = at + 46 + nameLength;
		if (nameEnd + extraLength > end.directorySize) fail(`central directory entry ${i} runs past the directory`);
		const nameBytes = new Uint8Array(directory.view.buffer, directory.view.byteOffset + at + 46, nameLength);
		const name = new TextDecoder().decode(nameBytes);
		const sizes = zip64Sizes(directory, at, nameEnd, extraLength);
		const crc32 = directory.u32(at + 16);
		at = nameEnd + extraLength + directory.u16(at + 32);
		checkName(name, fail);
		if (entries.has(name)) fail(`the archive holds "${name}" twice`);
		if (flags & 1) fail(`entry "${name}" is encrypted`);
		if (method !== 0) fail(`entry "${name}" is compressed (method ${method}); torch.save stores every entry uncompressed`);
		if (sizes.compressed !== sizes.size) fail(`entry "${name}" is stored but claims ${sizes.compressed} bytes for ${sizes.size}`);
		const offset = dataOffset(source, sizes.local, nameBytes, end.directoryOffset, fail);
		if (offset + sizes.size > end.directoryOffset) fail(`entry "${name}" claims ${sizes.size} bytes, more than the file holds before its directory`);
		entries.set(name, { name, offset, size: sizes.size, crc32 });
		spans.push({ name, start: sizes.local, end: offset + sizes.size });
	}
	// Overlapping entries let one byte range be two entries at once (the trick of zip bombs): refused.
	spans.sort((a, b) => a.start - b.start);
	for (let i = 1; i < spans.length; i++) {
		if (spans[i]!.start < spans[i - 1]!.end) fail(`entries "${spans[i - 1]!.name}" and "${spans[i]!.name}" overlap`);
	}
	return entries;
}

interface End {
	count: number;
	directoryOffset: number;
	directorySize: number;
}

/** The end-of-central-directory record, and the zip64 one when a locator points at it (torch always writes both). */
function findEnd(source: FileSource, fail: (what: string) => never): End {
	const tailLength = Math.min(source.size, 22 + MAX_COMMENT);
	const tailStart = source.size - tailLength;
	const tail = new Reader(readRange(source, tailStart, tailLength, CHECKPOINT_HINT.torch), fail);
	let at = -1;
	for (let i = tailLength - 22; i >= 0; i--) {
		if (tail.view.getUint32(i, true) === SIG.end && i + 22 + tail.u16(i + 20) === tailLength) {
			at = i;
			break;
		}
	}
	if (at < 0) fail('no zip end record was found (the file is truncated or not a zip archive)');
	if (tail.u16(at + 4) !== 0 || tail.u16(at + 6) !== 0) fail('the archive spans several disks');
	let end: End = { count: tail.u16(at + 10), directorySize: tail.u32(at + 12), directoryOffset: tail.u32(at + 16) };
	let limit = tailStart + at; // the directory ends where the end records begin
	if (at >= 20 && tail.u32(at - 20) === SIG.locator64) {
		const recordOffset = tail.u64(at - 20 + 8);
		if (recordOffset + 56 > tailStart + at - 20) fail('the zip64 end record lies outside the file');
		const record = new Reader(readRange(source, recordOffset, 56, CHECKPOINT_HINT.torch), fail);
		if (record.u32(0) !== SIG.end64) fail('the zip64 end record has no valid signature');
		end = { count: record.u64(32), directorySize: record.u64(40), directoryOffset: record.u64(48) };
		limit = recordOffset;
	}
	if (end.directoryOffset + end.directorySize > limit) fail(`the central directory (${end.directorySize} bytes at ${end.directoryOffset}) lies outside the file`);
	if (end.directorySize > MAX_DIRECTORY_BYTES) fail(`the central directory claims ${end.directorySize} bytes, far more than a checkpoint needs`);
	if (end.count * 46 > end.directorySize) fail(`the archive claims ${end.count} entries in a ${end.directorySize}-byte directory`);
	return end;
}

/** Sizes and local-header offset, from the zip64 extra field where the 32-bit fields say 0xffffffff. */
function zip64Sizes(directory: Reader, at: number, extraStart: number, extraLength: number) {
	const values = { size: directory.u32(at + 24), compressed: directory.u32(at + 20), local: directory.u32(at + 42) };
	const wanted = (['size', 'compressed', 'local'] as const).filter((k) => values[k] === 0xffffffff);
	for (let p = extraStart; wanted.length && p + 4 <= extraStart + extraLength; ) {
		const id = directory.u16(p);
		const length = directory.u16(p + 2);
		if (id === 0x0001) {
			for (let k = 0; k < wanted.length && 8 * (k + 1) <= length; k++) values[wanted[k]!] = directory.u64(p + 4 + 8 * k);
			break;
		}
		p += 4 + length;
	}
	return values;
}

/** Where an entry's data begins: after its local header, whose name must match the directory's. */
function dataOffset(source: FileSource, local: number, name: Uint8Array, limit: number, fail: (what: string) => never): number {
	const label = new TextDecoder().decode(name);
	if (local + 30 + name.length > limit) fail(`entry "${label}" has its local header outside the file`);
	const header = readRange(source, local, 30 + name.length, CHECKPOINT_HINT.torch);
	const reader = new Reader(header, fail);
	if (reader.u32(0) !== SIG.local) fail(`entry "${label}" has no valid local header`);
	if (reader.u16(26) !== name.length || header.subarray(30).some((b, i) => b !== name[i])) fail(`entry "${label}" has a different name in its local header`);
	return local + 30 + name.length + reader.u16(28);
}

/** Names that could leave the archive if it were ever extracted are refused, as zip tools do. */
function checkName(name: string, fail: (what: string) => never): void {
	if (name === '' || name.includes('\0') || name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..')) {
		fail(`entry name ${JSON.stringify(name)} would leave the archive`);
	}
}
