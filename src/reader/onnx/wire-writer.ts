/**
 * A minimal protobuf wire-format writer: a message is a list of byte chunks, so large payloads (tensor
 * bytes, copied ranges of an existing model) are referenced, not copied, until finish().
 */

const encoder = new TextEncoder();

/** Builds one protobuf message from fields written in order. */
export class ProtoWriter {
	private parts: Uint8Array[] = [];
	/** Bytes written so far. */
	length = 0;

	/** Appends bytes as they are (an already-encoded field). */
	raw(bytes: Uint8Array): this {
		this.parts.push(bytes);
		this.length += bytes.length;
		return this;
	}

	/** A varint field (int32/int64/enum/bool); negative values take 10 bytes, as int64 requires. */
	varint(field: number, value: number): this {
		return this.raw(encodeVarint(field * 8)).raw(encodeVarint(value));
	}

	/** A fixed32 float field. */
	float(field: number, value: number): this {
		const b = new Uint8Array(4);
		new DataView(b.buffer).setFloat32(0, value, true);
		return this.raw(encodeVarint(field * 8 + 5)).raw(b);
	}

	/** A length-delimited field holding bytes, a nested message or several chunks. */
	bytes(field: number, payload: Uint8Array | ProtoWriter): this {
		const length = payload.length;
		this.raw(encodeVarint(field * 8 + 2)).raw(encodeVarint(length));
		if (payload instanceof ProtoWriter) {
			for (const part of payload.parts) this.parts.push(part);
			this.length += length;
			return this;
		}
		return this.raw(payload);
	}

	/** A UTF-8 string field. */
	string(field: number, text: string): this {
		return this.bytes(field, encoder.encode(text));
	}

	/** A packed repeated varint field. */
	packedVarints(field: number, values: ArrayLike<number>): this {
		const inner = new ProtoWriter();
		for (let i = 0; i < values.length; i++) inner.raw(encodeVarint(values[i]!));
		return this.bytes(field, inner);
	}

	/** A packed repeated float field. */
	packedFloats(field: number, values: ArrayLike<number>): this {
		const f = Float32Array.from(values);
		return this.bytes(field, new Uint8Array(f.buffer));
	}

	/** A packed repeated double field. */
	packedDoubles(field: number, values: ArrayLike<number>): this {
		const f = Float64Array.from(values);
		return this.bytes(field, new Uint8Array(f.buffer));
	}

	/** The encoded message as the chunks it was built from, for writing a large message to a file piece by piece. */
	chunks(): readonly Uint8Array[] {
		return this.parts;
	}

	/** The message as one buffer. */
	finish(): Uint8Array {
		const out = new Uint8Array(this.length);
		let at = 0;
		for (const part of this.parts) {
			out.set(part, at);
			at += part.length;
		}
		return out;
	}
}

/** Varint bytes of an integer (two's complement over 64 bits when negative). */
export function encodeVarint(value: number): Uint8Array {
	if (value >= 0 && value < 0x80) return Uint8Array.of(value);
	let v = BigInt.asUintN(64, BigInt(value));
	const out: number[] = [];
	while (v >= 0x80n) {
		out.push(Number(v & 0x7fn) | 0x80);
		v >>= 7n;
	}
	out.push(Number(v));
	return Uint8Array.from(out);
}
