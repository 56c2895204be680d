/**
 * The playground's inputs: the build's manifest and float32 kernels, and photographs as RGBA pixels at
 * the model's input size (the build's lossless PNGs exactly; a reader's own photo resized here).
 */
import type { PlaygroundManifest } from '../../render/playground.ts';

/** RGBA pixels of a photo at the model's input size. */
export interface Pixels {
	rgba: Uint8ClampedArray;
	height: number;
	width: number;
}

/** A model's playground data, ready to use. */
export interface ModelKernels {
	manifest: PlaygroundManifest;
	/** The manifest's folder URL, which its file names are relative to. */
	folder: URL;
	/** [count, channels, height, width] float32 weights. */
	weights: Float32Array;
	bias: Float32Array | null;
}

/** Fetches a model's manifest and its kernels; throws when either is missing or the sizes disagree. */
export async function loadModelKernels(manifestUrl: URL): Promise<ModelKernels> {
	const response = await fetch(manifestUrl);
	if (!response.ok) throw new Error(`${manifestUrl}: HTTP ${response.status}`);
	const manifest = (await response.json()) as PlaygroundManifest;
	const folder = new URL('.', manifestUrl);
	const bin = await fetch(new URL(manifest.kernels.file, folder));
	if (!bin.ok) throw new Error(`${manifest.kernels.file}: HTTP ${bin.status}`);
	const bytes = await bin.arrayBuffer();
	const { count, channels, height, width, bias } = manifest.kernels;
	const n = count * channels * height * width;
	if (bytes.byteLength !== 4 * (n + (bias ? count : 0))) throw new Error(`${manifest.kernels.file}: ${bytes.byteLength} bytes, not ${4 * (n + (bias ? count : 0))}`);
	return { manifest, folder, weights: new Float32Array(bytes, 0, n), bias: bias ? new Float32Array(bytes, 4 * n, count) : null };
}

/** Draws a bitmap into a canvas region and reads the pixels back. */
function readPixels(bitmap: ImageBitmap, height: number, width: number, source?: { x: number; y: number; w: number; h: number }): Pixels {
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
	if (source) {
		ctx.imageSmoothingQuality = 'high';
		ctx.drawImage(bitmap, source.x, source.y, source.w, source.h, 0, 0, width, height);
	} else {
		ctx.drawImage(bitmap, 0, 0);
	}
	return { rgba: ctx.getImageData(0, 0, width, height).data, height, width };
}

/**
 * A sample photograph as the build prepared it: the PNG's exact bytes (no colour management, no
 * resampling), which is what makes the browser's learned-kernel output equal the build's.
 */
export async function loadSamplePhoto(url: URL, height: number, width: number): Promise<Pixels> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	const bitmap = await createImageBitmap(await response.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
	if (bitmap.height !== height || bitmap.width !== width) throw new Error(`${url}: ${bitmap.width} × ${bitmap.height}, not ${width} × ${height}`);
	return readPixels(bitmap, height, width);
}

/**
 * A reader's own image, read locally (never uploaded) and resized as the model's preprocessing says:
 * scaled to cover `size / cropPct` and cropped in the centre. The browser's resampling is not sharp's,
 * so this is close to, not exactly, what the build would compute.
 */
export async function loadOwnPhoto(file: Blob, height: number, width: number, cropPct = 1): Promise<Pixels> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	// The region of the original that covers the output after scaling to size / cropPct and cropping.
	const scale = Math.max(Math.floor(height / cropPct) / bitmap.height, Math.floor(width / cropPct) / bitmap.width);
	const h = height / scale;
	const w = width / scale;
	return readPixels(bitmap, height, width, { x: (bitmap.width - w) / 2, y: (bitmap.height - h) / 2, w, h });
}
