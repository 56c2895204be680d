/**
 * Random access to the bytes of a model without loading it: a file read through a small window, or a
 * buffer already in memory. The protobuf walker only asks for small pieces (tags, lengths, names); tensor
 * bytes are copied straight into their final typed array with `copyInto`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { OnnxError, HINT } from './errors.ts';

/** Largest piece the walker asks for at once (a name, an attribute list); larger ones are a corrupt file. */
export const WINDOW_BYTES = 1 << 20;
const REFILL_BYTES = 1 << 16;

/** Bytes the reader can address by offset. */
export interface ByteSource {
	/** The file name used in error messages. */
	readonly file: string;
	readonly size: number;
	/** The buffer made readable by the last ensure(), and the file offset of its first byte. */
	readonly bytes: Uint8Array;
	readonly base: number;
	/** Makes `[offset, offset + length)` readable in `bytes` (length at most WINDOW_BYTES) until the next call. */
	ensure(offset: number, length: number): void;
	/** Copies `[offset, offset + target.length)` into `target` (a tensor's own buffer). */
	copyInto(offset: number, target: Uint8Array): void;
	close(): void;
}

function checkRange(source: ByteSource, offset: number, length: number): void {
	if (offset < 0 || length < 0 || offset + length > source.size) {
		throw new OnnxError(
			source.file,
			`unexpected end of file: needed bytes ${offset}..${offset + length} of a ${source.size}-byte file`,
			HINT.corrupt,
		);
	}
}

/** A file read on demand through one reusable window, so scanning a 500 MB model stays within a few MB. */
export class FileSource implements ByteSource {
	readonly file: string;
	readonly size: number;
	private fd: number;
	readonly bytes = Buffer.allocUnsafe(WINDOW_BYTES);
	base = 0;
	private filled = 0;

	constructor(path: string, file: string = path) {
		this.file = file;
		// Non-blocking open: a FIFO or device planted where a model or its external data should be would
		// otherwise block here for ever, before any "is it a regular file" check could run.
		try {
			this.fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new OnnxError(file, `cannot open the file (${code})`, 'Check that the file exists and is readable', { cause: error });
		}
		const stat = fstatSync(this.fd);
		if (!stat.isFile()) {
			closeSync(this.fd);
			throw new OnnxError(file, 'is not a regular file', 'Point at a .onnx file (or its external-data file), not a folder, pipe or device');
		}
		this.size = stat.size;
	}

	ensure(offset: number, length: number): void {
		if (offset >= this.base && offset + length <= this.base + this.filled) return;
		checkRange(this, offset, length);
		// Refill with little more than asked: after skipping a tensor's bytes the walker needs only a few
		// header bytes, and a full 1 MB read each time would read a model of small tensors twice over.
		const want = Math.min(Math.max(length, REFILL_BYTES), this.size - offset);
		this.filled = this.readFully(offset, this.bytes.subarray(0, want));
		this.base = offset;
		if (this.filled < length) this.shrank(offset);
	}

	copyInto(offset: number, target: Uint8Array): void {
		checkRange(this, offset, target.length);
		if (this.readFully(offset, target) !== target.length) this.shrank(offset);
	}

	/** fstat of the open file (the very file that is read, not whatever the path names now). */
	stat(): Stats {
		return fstatSync(this.fd);
	}

	close(): void {
		if (this.fd >= 0) closeSync(this.fd);
		this.fd = -1;
	}

	private shrank(offset: number): never {
		throw new OnnxError(this.file, `the file shrank while it was being read (at byte ${offset})`, 'Do not modify the model while it is read');
	}

	private readFully(offset: number, target: Uint8Array): number {
		let done = 0;
		while (done < target.length) {
			const n = readSync(this.fd, target, done, target.length - done, offset + done);
			if (n === 0) break;
			done += n;
		}
		return done;
	}
}

/** A model already in memory (bytes handed to the reader, or a rewritten copy). */
export class BufferSource implements ByteSource {
	readonly file: string;
	readonly size: number;
	readonly bytes: Uint8Array;
	readonly base = 0;

	constructor(bytes: Uint8Array, file: string) {
		this.bytes = bytes;
		this.size = bytes.length;
		this.file = file;
	}

	ensure(offset: number, length: number): void {
		checkRange(this, offset, length);
	}

	copyInto(offset: number, target: Uint8Array): void {
		checkRange(this, offset, target.length);
		target.set(this.bytes.subarray(offset, offset + target.length));
	}

	close(): void {}
}
