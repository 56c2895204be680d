/** IEEE half precision and bfloat16 to float32, by hand (no dependency), exact for every bit pattern. */

let halfTable: Float32Array | null = null;

/** All 65536 float16 values; built once, 256 kB. */
function table(): Float32Array {
	if (halfTable) return halfTable;
	halfTable = new Float32Array(65536);
	for (let bits = 0; bits < 65536; bits++) {
		const sign = bits & 0x8000 ? -1 : 1;
		const exponent = (bits >> 10) & 0x1f;
		const fraction = bits & 0x3ff;
		halfTable[bits] =
			exponent === 0 ? sign * fraction * 2 ** -24 // subnormal
			: exponent === 31 ? (fraction ? NaN : sign * Infinity)
			: sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
	}
	return halfTable;
}

/** float16 bit patterns to float32 values. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
	const t = table();
	const out = new Float32Array(bits.length);
	for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
	return out;
}

/** bfloat16 bit patterns (the top half of a float32) to float32 values. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
	const out = new Uint32Array(bits.length);
	for (let i = 0; i < bits.length; i++) out[i] = bits[i]! << 16;
	return new Float32Array(out.buffer);
}

/** Rounds float32 values to the nearest float16 (ties to even), for Cast(to=FLOAT16) of a constant. */
export function roundToFloat16(values: ArrayLike<number>): Float32Array {
	const out = new Float32Array(values.length);
	for (let i = 0; i < values.length; i++) out[i] = nearestHalf(values[i]!);
	return out;
}

/** Rounds float32 values to bfloat16 (ties to even), for Cast(to=BFLOAT16) of a constant. */
export function roundToBfloat16(values: ArrayLike<number>): Float32Array {
	const f = Float32Array.from(values);
	const u = new Uint32Array(f.buffer);
	for (let i = 0; i < u.length; i++) {
		const x = u[i]!;
		if ((x & 0x7f800000) === 0x7f800000) u[i] = x & 0xffff0000 | (x & 0xffff ? 0x400000 : 0); // keep NaN a NaN
		else u[i] = ((x + 0x7fff + ((x >>> 16) & 1)) >>> 0) & 0xffff0000;
	}
	return f;
}

function nearestHalf(value: number): number {
	const v = Math.fround(value);
	if (!Number.isFinite(v) || v === 0) return v;
	const magnitude = Math.abs(v);
	if (magnitude >= 65520) return Math.sign(v) * Infinity;
	// Quantum of the float16 grid at this magnitude (subnormals share 2^-24).
	let exponent = Math.floor(Math.log2(magnitude));
	if (2 ** exponent > magnitude) exponent -= 1; // log2 can round up just below a power of two
	exponent = Math.max(exponent, -14);
	const quantum = 2 ** (exponent - 10);
	const scaled = magnitude / quantum;
	let rounded = Math.round(scaled);
	if (Math.abs(scaled - Math.trunc(scaled) - 0.5) === 0 && rounded % 2 === 1) rounded -= 1; // ties to even
	return Math.sign(v) * rounded * quantum;
}

const scratch = new DataView(new ArrayBuffer(4));

/** float32 → float16 bit patterns, round to nearest even, with subnormals, infinities and NaN. */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
	const out = new Uint16Array(values.length);
	for (let i = 0; i < values.length; i++) {
		scratch.setFloat32(0, values[i]!);
		const x = scratch.getUint32(0);
		const sign = (x >>> 16) & 0x8000;
		const exponent = (x >>> 23) & 0xff;
		const mantissa = x & 0x7fffff;
		if (exponent === 0xff) {
			out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0);
			continue;
		}
		const e = exponent - 127 + 15;
		if (e >= 31) {
			out[i] = sign | 0x7c00;
			continue;
		}
		// Normal halves keep 10 mantissa bits; subnormal ones fewer, counted by `shift`.
		const shift = e >= 1 ? 13 : 14 - e;
		if (shift > 24) {
			out[i] = sign;
			continue;
		}
		const full = e >= 1 ? mantissa : mantissa | 0x800000;
		let half = full >>> shift;
		const rest = full & ((1 << shift) - 1);
		const halfway = 1 << (shift - 1);
		if (rest > halfway || (rest === halfway && half & 1)) half++;
		// A mantissa carry rolls into the exponent, which is exactly the next representable value.
		out[i] = sign | (e >= 1 ? ((e << 10) + half) : half);
	}
	return out;
}
