/**
 * A minimal PNG writer for images whose pixels we compute ourselves. Colormapped images are written as
 * indexed PNGs (one byte per pixel plus a palette): exact, about a third of the bytes of RGB, and several
 * times faster to compress. Output depends only on the pixels and zlib's settings: no timestamps or
 * metadata chunks, so the bytes are identical across runs.
 */
import { crc32, deflate, deflateSync, constants } from 'node:zlib';
import { promisify } from 'node:util';

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Fixed so the bytes never depend on a default that could change. Small images (kernel tiles) use a
// small window and level 3: zlib's set-up and lazy matching cost more than they save on a few kB, and
// hundreds of tiles per gallery make that the gallery's main cost.
const ZLIB_SMALL = { level: 3, memLevel: 7, strategy: constants.Z_DEFAULT_STRATEGY, windowBits: 12 };
const SMALL_BELOW = 64 * 1024;
// Level 5 for the rest: on ResNet-50's 56 mosaic pages (60 MB of scanlines) it spends 40 % less time than
// level 6 (360 against 590 ms, the largest share of a whole-model render) for 2 % more bytes (4.09 against 4.00 MB).
const ZLIB = { level: 5, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY, windowBits: 15 };
// Small images compress faster inline than through the thread pool; big ones go to the pool (both cores).
const ASYNC_ABOVE = 256 * 1024;

/** Pixels ready to encode: `indexed` (1 byte per pixel into `palette`) or `rgb` (3 bytes per pixel). */
export type RasterImage =
	| { kind: 'indexed'; width: number; height: number; pixels: Uint8Array; palette: Uint8Array }
	| { kind: 'rgb'; width: number; height: number; pixels: Uint8Array };

/**
 * An image already laid out as PNG scanlines: every row is its filter byte (0, None; or 2, Up, for a row
 * of zeros that repeats the row above) followed by `width` palette indices (or, with `palette: null`,
 * `width` RGB triples), so `rows.length === (width + 1) × height` (RGB: `(3 × width + 1) × height`).
 * Renderers that fill rows this way skip the copy {@link encodePng} makes.
 */
export interface Scanlines {
	width: number;
	height: number;
	rows: Uint8Array;
	palette: Uint8Array | null;
}

/** Scanlines of palette indices. */
export type IndexedScanlines = Scanlines & { palette: Uint8Array };

/**
 * Encodes a raster as PNG bytes.
 * @example const bytes = await encodePng({ kind: 'rgb', width: 1, height: 1, pixels: new Uint8Array([255, 0, 0]) });
 */
export async function encodePng(image: RasterImage): Promise<Buffer> {
	const bpp = image.kind === 'indexed' ? 1 : 3;
	const { width, height, pixels } = image;
	if (pixels.length !== width * height * bpp) {
		throw new TypeError(`Expected ${width * height * bpp} pixel bytes for ${width}×${height} but received ${pixels.length}`);
	}
	const stride = width * bpp;
	// Filter type 0 (None) on every row: NN-upscaled rows repeat exactly, which deflate finds anyway.
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	return assemble(width, height, raw, image.kind === 'indexed' ? image.palette : null);
}

/**
 * Encodes an image given as scanlines; with every filter byte 0, the same bytes as {@link encodePng} of its pixels.
 * @example const bytes = await encodeScanlines({ width: 2, height: 1, rows: new Uint8Array([0, 3, 4]), palette });
 */
export async function encodeScanlines(image: Scanlines): Promise<Buffer> {
	checkScanlines(image);
	return assemble(image.width, image.height, image.rows, image.palette);
}

/**
 * Encodes scanlines whose rows mostly repeat the row above as filter type 2 (Up) and zeros, on this
 * thread and at once, so the caller may reuse `rows` as soon as it returns. Such rows are fast for
 * deflate to read and leave lazy matching little to find: the small-image settings (level 3) give
 * files a few kB larger than level 6 at a third of the time.
 */
export function encodeRepeatedScanlines(image: Scanlines): Buffer {
	checkScanlines(image);
	const idat = deflateSync(image.rows, { ...ZLIB_SMALL, chunkSize: Math.max(1024, image.rows.length >> 4) });
	return chunks(image.width, image.height, idat, image.palette);
}

function checkScanlines({ width, height, rows, palette }: Scanlines): void {
	const bpp = palette ? 1 : 3;
	if (rows.length !== (width * bpp + 1) * height) {
		throw new TypeError(`Expected ${(width * bpp + 1) * height} scanline bytes for ${width}×${height} but received ${rows.length}`);
	}
}

/** Compresses the scanlines and writes the chunks into one buffer (no per-chunk copies). */
async function assemble(width: number, height: number, raw: Uint8Array, pal: Uint8Array | null): Promise<Buffer> {
	// On the pool, zlib hands each filled output chunk back to this thread before it goes on: one chunk
	// for the whole image keeps it from waiting on a busy main thread (the output bytes do not depend on it).
	const idat =
		raw.length > ASYNC_ABOVE
			? await deflateAsync(raw, { ...ZLIB, chunkSize: Math.max(64 * 1024, raw.length >> 2) })
			: deflateSync(raw, { ...(raw.length < SMALL_BELOW ? ZLIB_SMALL : ZLIB), chunkSize: Math.max(1024, raw.length >> 2) });
	return chunks(width, height, idat, pal);
}

/** The PNG file: signature, header, palette, the compressed scanlines, end. */
function chunks(width: number, height: number, idat: Buffer, pal: Uint8Array | null): Buffer {
	const size = SIGNATURE.length + (12 + 13) + (pal ? 12 + pal.length : 0) + (12 + idat.length) + 12;
	const out = Buffer.allocUnsafe(size);
	SIGNATURE.copy(out, 0);
	let at = SIGNATURE.length;
	const ihdr = at + 8;
	out.writeUInt32BE(width, ihdr);
	out.writeUInt32BE(height, ihdr + 4);
	out[ihdr + 8] = 8; // bit depth
	out[ihdr + 9] = pal ? 3 : 2; // colour type: palette / truecolour
	out.fill(0, ihdr + 10, ihdr + 13); // compression, filter, interlace methods
	at = chunkAt(out, at, 'IHDR', 13);
	if (pal) {
		out.set(pal, at + 8);
		at = chunkAt(out, at, 'PLTE', pal.length);
	}
	idat.copy(out, at + 8);
	at = chunkAt(out, at, 'IDAT', idat.length);
	chunkAt(out, at, 'IEND', 0);
	return out;
}

/** Completes the chunk whose `length` data bytes are already at `at + 8`: length, type and CRC; returns its end. */
function chunkAt(out: Buffer, at: number, type: string, length: number): number {
	out.writeUInt32BE(length, at);
	out.write(type, at + 4, 'latin1');
	out.writeUInt32BE(crc32(out.subarray(at + 4, at + 8 + length)), at + 8 + length);
	return at + 12 + length;
}
