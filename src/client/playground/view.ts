/** Drawing: a map through the site's diverging colour scale, its legend, and photographs, on canvases. */
import { STEPS, palette, rangeFor, robustMax, toIndex } from '../../render/colormap.ts';
import type { Pixels } from './data.ts';

const PALETTE = palette('diverging');

function context(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
	if (canvas.width !== width) canvas.width = width;
	if (canvas.height !== height) canvas.height = height;
	return canvas.getContext('2d')!;
}

/**
 * Paints `values` as the build paints feature maps (symmetric about zero, scaled to the 99.5th
 * percentile of |value|, the rest clipped) and returns the value at the red end.
 */
export function paintMap(canvas: HTMLCanvasElement, values: Float32Array, height: number, width: number): number {
	const m = robustMax(values);
	const [lo, hi] = rangeFor('diverging', -m, m);
	const ctx = context(canvas, width, height);
	const image = ctx.createImageData(width, height);
	const px = image.data;
	for (let i = 0; i < values.length; i++) {
		const c = toIndex(values[i]!, lo, hi) * 3;
		px[i * 4] = PALETTE[c]!;
		px[i * 4 + 1] = PALETTE[c + 1]!;
		px[i * 4 + 2] = PALETTE[c + 2]!;
		px[i * 4 + 3] = 255;
	}
	ctx.putImageData(image, 0, 0);
	return hi;
}

/** The colour bar: the whole scale, or only its zero-to-positive half once ReLU has removed the negatives. */
export function paintLegend(canvas: HTMLCanvasElement, positiveOnly: boolean): void {
	const first = positiveOnly ? (STEPS - 1) / 2 : 0;
	const n = STEPS - first;
	const ctx = context(canvas, n, 1);
	const image = ctx.createImageData(n, 1);
	for (let i = 0; i < n; i++) {
		image.data.set(PALETTE.subarray((first + i) * 3, (first + i) * 3 + 3), i * 4);
		image.data[i * 4 + 3] = 255;
	}
	ctx.putImageData(image, 0, 0);
}

/** Shows a photo's pixels as they are (in a box of the photo's proportions: models differ in input size). */
export function paintPhoto(canvas: HTMLCanvasElement, photo: Pixels): void {
	canvas.style.aspectRatio = `${photo.width} / ${photo.height}`;
	context(canvas, photo.width, photo.height).putImageData(new ImageData(new Uint8ClampedArray(photo.rgba), photo.width, photo.height), 0, 0);
}
