/** Writing images and describing them: every image function returns `ImageMeta` for the site. */
import { mkdir, writeFile, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { type RasterImage, encodePng } from './png.ts';

/** What a page needs to show an image. */
export interface ImageMeta {
	/** Path relative to the output directory, with forward slashes. */
	path: string;
	width: number;
	height: number;
	/** Text alternative: what the image shows, with the numbers where they fit. */
	alt: string;
	/** File size in bytes. */
	bytes: number;
}

// The callback API, promisified: node:fs/promises takes ~4 ms to load, a noticeable part of `render --layer 0`.
const mkdirAsync = promisify(mkdir);
const writeFileAsync = promisify(writeFile);

/** Encodes `image` as PNG and writes it to `outDir/path`, creating folders as needed. */
export async function writeImage(outDir: string, path: string, image: RasterImage, alt: string, makeDir = true): Promise<ImageMeta> {
	return writeEncoded(outDir, path, await encodePng(image), image.width, image.height, alt, makeDir);
}

/** Writes already-encoded image bytes to `outDir/path`. */
export async function writeEncoded(outDir: string, path: string, bytes: Buffer, width: number, height: number, alt: string, makeDir = true): Promise<ImageMeta> {
	const file = join(outDir, path);
	// Callers writing hundreds of files into one folder create it once and pass makeDir = false.
	if (makeDir) await mkdirAsync(dirname(file), { recursive: true });
	// Small files: a synchronous write is one open/write/close on this thread, far cheaper than three
	// thread-pool round trips, and galleries write hundreds of them.
	if (bytes.length < 64 * 1024) writeFileSync(file, bytes);
	else await writeFileAsync(file, bytes);
	return { path, width, height, alt, bytes: bytes.length };
}

/**
 * Decimal places that show two significant digits of the largest magnitude, so a kernel's numbers
 * read the same whatever its scale (0.12 for weights near 0.5, 0.0012 for weights near 0.005).
 */
export function decimalsFor(maxAbs: number): number {
	if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return 2;
	return Math.min(8, Math.max(0, 1 - Math.floor(Math.log10(maxAbs))));
}

/** Formats numbers with `decimals` places, a real minus sign, and no "-0". */
export function formatNumber(v: number, decimals: number): string {
	const s = v.toFixed(decimals);
	return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s.replace('-', '−');
}

/** A 2-D slice (row-major `h` × `w`) as `[[a, b], [c, d]]` text. */
export function formatMatrix(values: ArrayLike<number>, h: number, w: number, decimals: number): string {
	const rows: string[] = [];
	for (let i = 0; i < h; i++) {
		const row: string[] = [];
		for (let j = 0; j < w; j++) row.push(formatNumber(values[i * w + j], decimals));
		rows.push(`[${row.join(', ')}]`);
	}
	return `[${rows.join(', ')}]`;
}

/** Runs `task` over `items` with at most `limit` in flight (encodes overlap on the thread pool). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await task(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}
