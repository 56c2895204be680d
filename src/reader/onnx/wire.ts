/**
 * A protobuf wire-format walker over a ByteSource. It never decodes a message into objects by itself:
 * callers loop over fields, descend into the messages they care about and record byte ranges of the
 * rest (tensor data), so a model is scanned without copying its weights.
 */
import { OnnxError, HINT } from '../errors.ts';
import { WINDOW_BYTES, type ByteSource } from '../source.ts';

/** Wire types of the protobuf encoding. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** A byte range `[start, end)` in a source. */
export interface Range {
	start: number;
	end: number;
}

const decoder = new TextDecoder('utf-8');
const TWO_32 = 2 ** 32;
const scratch = new DataView(new ArrayBuffer(8));

/** Reads the fields of one message, `[start, end)`, in order. */
export class WireReader {
	readonly source: ByteSource;
	readonly end: number;
	pos: number;
	/** The current field's number and wire type, set by next(). */
	field = 0;
	wire = 0;

	constructor(source: ByteSource, start: number, end: number) {
		this.source = source;
		this.pos = start;
		this.end = end;
	}

	/** Advances to the next field; false at the end of the message. */
	next(): boolean {
		if (this.pos >= this.end) return false;
		const tag = this.varint();
		this.field = Math.floor(tag / 8);
		this.wire = tag % 8;
		if (this.field === 0 || (this.wire !== 0 && this.wire !== 1 && this.wire !== 2 && this.wire !== 5)) {
			this.fail(`invalid field tag ${tag}`);
		}
		return true;
	}

	/** A varint as a number: exact up to 2^53, negative int64 (10-byte two's complement) decoded as negative. */
	varint(): number {
		const src = this.source;
		const available = this.end - this.pos;
		if (available <= 0) this.fail('unexpected end of message');
		src.ensure(this.pos, Math.min(10, available));
		const bytes = src.bytes;
		const limit = this.end - src.base;
		let i = this.pos - src.base;
		let lo = 0;
		let b = 0;
		for (let shift = 0; shift < 28; shift += 7) {
			if (i >= limit) this.fail('varint runs past the end of its message');
			b = bytes[i++]!;
			lo |= (b & 0x7f) << shift;
			if (b < 0x80) {
				this.pos = i + src.base;
				return lo >>> 0;
			}
		}
		if (i >= limit) this.fail('varint runs past the end of its message');
		b = bytes[i++]!;
		lo |= (b & 0x0f) << 28;
		let hi = (b & 0x7f) >> 4;
		for (let shift = 3; b >= 0x80; shift += 7) {
			if (shift > 31) this.fail('varint longer than 10 bytes');
			if (i >= limit) this.fail('varint runs past the end of its message');
			b = bytes[i++]!;
			hi |= (b & 0x7f) << shift;
		}
		this.pos = i + src.base;
		if (hi & 0x80000000) {
			const nlo = (~lo + 1) >>> 0;
			const nhi = (~hi >>> 0) + (nlo === 0 ? 1 : 0);
			return -(nhi * TWO_32 + nlo);
		}
		return (hi >>> 0) * TWO_32 + (lo >>> 0);
	}

	/** A fixed32 field read as a little-endian float32. */
	float(): number {
		this.load(4);
		this.pos += 4;
		return scratch.getFloat32(0, true);
	}

	/** A fixed64 field read as a little-endian float64. */
	double(): number {
		this.load(8);
		this.pos += 8;
		return scratch.getFloat64(0, true);
	}

	/** The range of a length-delimited field's payload, skipped over. */
	range(): Range {
		const length = this.varint();
		const start = this.pos;
		if (length > this.end - start) this.fail(`a field claims ${length} bytes but only ${this.end - start} remain in its message`);
		this.pos = start + length;
		return { start, end: start + length };
	}

	/** A reader for the embedded message in the current length-delimited field. */
	message(): WireReader {
		const { start, end } = this.range();
		return new WireReader(this.source, start, end);
	}

	/** A (short) length-delimited field as UTF-8 text. */
	string(): string {
		const { start, end } = this.range();
		if (end === start) return '';
		if (end - start > WINDOW_BYTES) this.fail(`a name or text field of ${end - start} bytes`);
		this.source.ensure(start, end - start);
		const base = this.source.base;
		return decoder.decode(this.source.bytes.subarray(start - base, end - base));
	}

	/** Skips the current field's value. */
	skip(): void {
		if (this.wire === WIRE.varint) this.varint();
		else if (this.wire === WIRE.fixed64) this.advance(8);
		else if (this.wire === WIRE.fixed32) this.advance(4);
		else this.range();
	}

	/** Appends a repeated integer field, written packed or one element per tag, to `out`. */
	ints(out: number[]): void {
		if (this.wire !== WIRE.bytes) {
			out.push(this.varint());
			return;
		}
		const { start, end } = this.range();
		const inner = new WireReader(this.source, start, end);
		while (inner.pos < end) out.push(inner.varint());
	}

	/** Appends a repeated float field, written packed or one element per tag, to `out`. */
	floats(out: number[]): void {
		if (this.wire !== WIRE.bytes) {
			out.push(this.float());
			return;
		}
		const { start, end } = this.range();
		if ((end - start) % 4 !== 0) this.fail('a packed float list whose length is not a multiple of 4');
		const inner = new WireReader(this.source, start, end);
		while (inner.pos < end) out.push(inner.float());
	}

	/** Throws the reader's error for a malformed message at the current position. */
	fail(what: string): never {
		throw new OnnxError(this.source.file, `not a valid ONNX protobuf (${what} at byte ${this.pos})`, HINT.corrupt);
	}

	private advance(n: number): void {
		if (n > this.end - this.pos) this.fail('a fixed-size field runs past the end of its message');
		this.pos += n;
	}

	/** Copies the n bytes at pos into `scratch`. */
	private load(n: number): void {
		if (n > this.end - this.pos) this.fail('a fixed-size field runs past the end of its message');
		this.source.ensure(this.pos, n);
		const at = this.pos - this.source.base;
		for (let k = 0; k < n; k++) scratch.setUint8(k, this.source.bytes[at + k]!);
	}
}
