/**
 * Colours as published, for render tests that check pixels: ColorBrewer RdBu (11 classes, colorbrewer2.org)
 * reversed as the diverging scale shows it (negative blue), its 255 entries interpolated by hand; and
 * images read back as RGB with sharp.
 */
import sharp from 'sharp';

export const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
/** RdBu's 11 classes, dark blue to dark red. */
export const RDBU_R = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];

/** Scale entry `i` of 0–254: linear between the 11 anchors, entry 0 the first and 254 the last. */
export function rdbu(i: number): number[] {
	const t = (i / 254) * 10;
	const a = Math.min(Math.floor(t), 9);
	const f = t - a;
	return [0, 1, 2].map((c) => Math.round(hex(RDBU_R[a]!)[c]! * (1 - f) + hex(RDBU_R[a + 1]!)[c]! * f));
}

/** An image file decoded to RGB: its size and the colour at (x, y). */
export async function decodeRgb(file: string) {
	const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	return { width: info.width, height: info.height, at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)] };
}
