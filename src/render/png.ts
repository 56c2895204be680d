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
const ZLIB = { level: 6, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY, windowBits: 15 };
// Small images compress faster inline than through the thread pool; big ones go to the pool (both cores).
const ASYNC_ABOVE = 256 * 1024;

/** Pixels ready to encode: `indexed` (1 byte per pixel into `palette`) or `rgb` (3 bytes per pixel). */
export type RasterImage =
	| { kind: 'indexed'; width: number; height: number; pixels: Uint8Array; palette: Uint8Array }
	| { kind: 'rgb'; width: number; height: number; pixels: Uint8Array };

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
	const idat =
		raw.length > ASYNC_ABOVE ? await deflateAsync(raw, ZLIB) : deflateSync(raw, raw.length < SMALL_BELOW ? ZLIB_SMALL : ZLIB);
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = image.kind === 'indexed' ? 3 : 2; // colour type: palette / truecolour
	const chunks = [SIGNATURE, chunk('IHDR', ihdr)];
	if (image.kind === 'indexed') chunks.push(chunk('PLTE', Buffer.from(image.palette)));
	chunks.push(chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0)));
	return Buffer.concat(chunks);
}

function chunk(type: string, data: Buffer): Buffer {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}
