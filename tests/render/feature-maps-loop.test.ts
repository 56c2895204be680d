/**
 * Feature maps and designed filters on a photograph whose responses are known: a 16 × 16 image, its
 * left half grey 60 and its right half grey 200. Every expected value comes from a plain-loop 2-D
 * convolution written here (zero padding for the model's layer, replicated edges for the designed
 * filters) and the scale rule "the 99.5th percentile of |value|", and colours from the RdBu anchors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb, rdbu } from './reference-colours.ts';
import { renderClassicalFilters, renderFeatureMaps } from '../../src/render/feature-maps.ts';
import type { ConvLayer } from '../../src/reader/model.ts';
import { ModelError } from '../../src/reader/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-feature-maps-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const N = 16;
const photo = join(root, 'halves.png');
const grey = (x: number) => (x < 8 ? 60 : 200);
beforeAll(async () => {
	const raw = Buffer.alloc(N * N * 3);
	for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) raw.fill(grey(x), (y * N + x) * 3, (y * N + x) * 3 + 3);
	await sharp(raw, { raw: { width: N, height: N, channels: 3 } }).png().toFile(photo);
});

const rgbAt = async (file: string, x: number, y: number) => (await decodeRgb(file)).at(x, y);
const near = (got: number[], want: number[], tol: number) => got.every((v, c) => Math.abs(v - want[c]!) <= tol);

/** Cross-correlation of one channel with a k × k kernel, stride 1, `edge` 'zero' (padding) or 'replicate'. */
function conv(image: (x: number, y: number) => number, kernel: number[][], edge: 'zero' | 'replicate'): number[] {
	const r = (kernel.length - 1) / 2;
	const out: number[] = [];
	for (let y = 0; y < N; y++) {
		for (let x = 0; x < N; x++) {
			let acc = 0;
			for (let i = 0; i < kernel.length; i++) {
				for (let j = 0; j < kernel.length; j++) {
					let yy = y + i - r;
					let xx = x + j - r;
					if (edge === 'replicate') [yy, xx] = [Math.min(N - 1, Math.max(0, yy)), Math.min(N - 1, Math.max(0, xx))];
					else if (yy < 0 || yy >= N || xx < 0 || xx >= N) continue;
					acc += kernel[i]![j]! * image(xx, yy);
				}
			}
			out.push(acc);
		}
	}
	return out;
}
/** The 99.5th percentile of |values| (the plain maximum when that is 0), as the colour scale's end. */
function scaleEnd(values: number[]): number {
	const m = values.map(Math.abs).sort((a, b) => a - b);
	const at = m[Math.min(m.length - 1, Math.floor(0.995 * m.length))]!;
	return at > 0 ? at : m.at(-1)!;
}
const toIndex = (v: number, m: number) => Math.min(254, Math.max(0, Math.round(((v + m) / (2 * m)) * 254)));

function layer(geometry: ConvLayer['geometry'], autoPad: 'NOTSET' | 'SAME_UPPER' = 'NOTSET'): ConvLayer {
	return {
		index: 0, name: 'conv', module: null, transposed: false, weightShape: [2, 3, 3, 3], dtype: 'float32', storage: 'initializer', weight: 'w', bias: false,
		params: 54, geometry, fromGraphInput: true, followedByBatchNorm: false, note: null,
		onnx: geometry ? { op: 'Conv', autoPad, input: 'x', output: 'y', outputPadding: [0, 0], outputShape: null } : null,
	};
}
// Kernel 0: a vertical-edge detector on R only; kernel 1: G passed through (centre 1).
const EDGE = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]];
const CENTRE = [[0, 0, 0], [0, 1, 0], [0, 0, 0]];
const weights = new Float32Array(2 * 27);
weights.set(EDGE.flat(), 0);
weights.set(CENTRE.flat(), 27 + 9);
const kernel = { dims: [2, 3, 3, 3], data: weights, bias: null };
const preprocess = { size: [N, N] as [number, number], colorOrder: 'RGB' as const, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
const pixel = (x: number) => grey(x) / 255;

describe('renderFeatureMaps on a layer with no recorded geometry', () => {
	let fm: Awaited<ReturnType<typeof renderFeatureMaps>>;
	beforeAll(async () => {
		fm = await renderFeatureMaps(layer(null), kernel, photo, preprocess, root);
	});

	it('assumes stride 1 and same padding, and says so', () => {
		expect(fm.note).toBe(
			'Output of the first convolution before any normalisation or activation that follows it (the file records no stride or padding, so stride 1 and same padding are assumed: 16 × 16); each map on its own scale, symmetric about zero.',
		);
		expect(fm.maps.map((m) => [m.path, m.width, m.height])).toEqual([['feature-maps/map-0.webp', N, N], ['feature-maps/map-1.webp', N, N]]);
	});

	it('scales each map to the 99.5th percentile of a plain-loop convolution with zero padding', () => {
		const edge = conv(pixel, EDGE, 'zero');
		const centre = conv(pixel, CENTRE, 'zero');
		// By hand: the largest |edge response| is at the right border, 3 × (0 − 200) / 255.
		expect(scaleEnd(edge)).toBeCloseTo((3 * 200) / 255, 10);
		expect(fm.maps[0]!.range[1]).toBeCloseTo(scaleEnd(edge), 5);
		expect(fm.maps[0]!.range[0]).toBeCloseTo(-scaleEnd(edge), 5);
		expect(fm.maps[1]!.range[1]).toBeCloseTo(scaleEnd(centre), 5);
		// Demeaned: kernel 0's channels already have mean 0; kernel 1's G loses 1/9 from every weight.
		const demeaned = conv(pixel, CENTRE.map((row) => row.map((v) => v - 1 / 9)), 'zero');
		expect(fm.demeaned[0]!.range[1]).toBeCloseTo(fm.maps[0]!.range[1], 5);
		expect(fm.demeaned[1]!.range[1]).toBeCloseTo(scaleEnd(demeaned), 5);
		expect(fm.maps[1]!.alt).toMatch(/^Output channel 1 of layer 0 \(conv\) on the photograph, 16 × 16 pixels: −0\.78 \(blue\) to 0\.78 \(red\)/);
	});

	it('colours the pass-through map from the RdBu anchors', async () => {
		const m = scaleEnd(conv(pixel, CENTRE, 'zero'));
		const file = join(root, fm.maps[1]!.path);
		// WebP is lossy: a flat region keeps its colour within a few levels.
		expect(near(await rgbAt(file, 3, 8), rdbu(toIndex(60 / 255, m)), 6)).toBe(true);
		expect(near(await rgbAt(file, 12, 8), rdbu(254), 6)).toBe(true);
	});
});

describe('renderFeatureMaps geometry', () => {
	it('assumes same padding from the spatial size alone, whatever the kernel count', async () => {
		// 40 kernels of 3 × 3: same padding is 1 pixel a side, so 16 × 16 maps (a padding taken from the
		// count, 20, would make 35 × 35 and be refused).
		const many = { dims: [40, 3, 3, 3], data: new Float32Array(40 * 27).fill(0.1), bias: null };
		const fm = await renderFeatureMaps({ ...layer(null), weightShape: [40, 3, 3, 3] }, many, photo, preprocess, root, { dir: 'forty' });
		expect(fm.maps).toHaveLength(40);
		expect(fm.maps[39]).toMatchObject({ path: 'forty/map-39.webp', width: N, height: N });
	});

	it('gives ceil(16 / 3) = 6 outputs a side for SAME_UPPER at stride 3', async () => {
		const fm = await renderFeatureMaps(layer({ strides: [3, 3], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, 'SAME_UPPER'), kernel, photo, preprocess, root, { dir: 'same' });
		expect([fm.maps[0]!.width, fm.maps[0]!.height]).toEqual([6, 6]);
		expect(fm.note).toContain('(stride 3×3, so 6 × 6)');
	});

	it('refuses padding that would make maps over twice the input, naming the model file and the layer', async () => {
		// 16 + 20 + 20 − 3 + 1 = 54 outputs a side, more than 32.
		const l = layer({ strides: [1, 1], pads: [20, 20, 20, 20], dilations: [1, 1], group: 1 });
		const error = await renderFeatureMaps(l, kernel, photo, preprocess, root, { modelFile: 'net.onnx' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ModelError);
		expect((error as ModelError).message).toBe(
			'net.onnx: layer 0 ("conv") with strides [1,1], dilations [1,1] and pads [20,20,20,20] would make 54 × 54 feature maps of the 16 × 16 input; expected at least 1 and at most twice the input per side. Check "preprocess.size" in the model config against the model\'s input size',
		);
		expect((error as ModelError).subject).toBe('conv');
		// Without a model file the layer's name stands for it.
		await expect(renderFeatureMaps(l, kernel, photo, preprocess, root)).rejects.toThrow(/^conv: layer 0/);
	});
});

describe('renderClassicalFilters', () => {
	let result: Awaited<ReturnType<typeof renderClassicalFilters>>;
	beforeAll(async () => {
		result = await renderClassicalFilters(photo, root);
	});

	it('writes the greyscale photograph under filters/, each half its own grey', async () => {
		expect(result.grayscale).toMatchObject({ path: 'filters/grayscale.webp', width: N, height: N, alt: 'The photograph in greyscale, 16 × 16 pixels.' });
		const file = join(root, result.grayscale.path);
		// BT.601 weights sum to 1, so a neutral grey keeps its value; checked away from the edge, in every row.
		for (const y of [1, 8, 14]) {
			expect(near(await rgbAt(file, 2, y), [60, 60, 60], 4), `left, row ${y}`).toBe(true);
			expect(near(await rgbAt(file, 13, y), [200, 200, 200], 4), `right, row ${y}`).toBe(true);
		}
	});

	it('scales each filter to the 99.5th percentile of a plain-loop convolution with replicated edges', () => {
		const laplacian = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];
		const sobelV = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
		const byName = Object.fromEntries(result.filters.map((f) => [f.name, f]));
		// By hand: the Laplacian's strongest response is at the edge, ±(3 × (200 − 60)) / 255; the
		// vertical Sobel's 4 × (200 − 60) / 255; the horizontal Sobel sees nothing, so the scale falls back to ±1.
		expect(scaleEnd(conv(pixel, laplacian, 'replicate'))).toBeCloseTo((3 * 140) / 255, 10);
		expect(byName.laplacian!.range[1]).toBeCloseTo((3 * 140) / 255, 5);
		expect(byName['sobel-vertical']!.range[1]).toBeCloseTo(scaleEnd(conv(pixel, sobelV, 'replicate')), 5);
		expect(byName['sobel-vertical']!.range[1]).toBeCloseTo((4 * 140) / 255, 5);
		expect(byName['sobel-horizontal']!.range).toEqual([-1, 1]);
		expect(byName.laplacian!.path).toBe('filters/laplacian.webp');
		expect(byName.laplacian!.alt).toBe(
			'The greyscale photograph filtered by the 8-neighbour Laplacian [[-1,-1,-1],[-1,8,-1],[-1,-1,-1]]: −1.6 (blue) to 1.6 (red), zero near-white, the strongest 0.5% of responses clipped.',
		);
	});
});

describe('similarity of a map to the designed filters', () => {
	// A kernel that is the Laplacian applied to BT.601 luma (0.299, 0.587, 0.114 times the Laplacian per
	// channel), with pixels scaled to 0–1, computes exactly the Laplacian of the greyscale photograph:
	// wherever the layer's windows lie inside the image, its map and the designed filter's agree.
	const LAP = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];
	const luma = [0.299, 0.587, 0.114];
	const lapKernel = { dims: [1, 3, 3, 3], data: Float32Array.from(luma.flatMap((w) => LAP.flat().map((v) => w * v))), bias: null };
	const colourful = join(root, 'colourful.png');
	beforeAll(async () => {
		const raw = Buffer.from(Array.from({ length: N * N * 3 }, (_, i) => Math.floor(128 + 127 * Math.sin(i * 12.9898 + 78.233))));
		await sharp(raw, { raw: { width: N, height: N, channels: 3 } }).png().toFile(colourful);
	});

	it.each([
		{ name: 'stride 1, no padding', geometry: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, side: 14 },
		{ name: 'stride 2, no padding', geometry: { strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, side: 7 },
		{ name: 'stride 3, no padding', geometry: { strides: [3, 3], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, side: 5 },
	])('correlates 1 with the Laplacian ($name), read at each window\'s centre', async ({ geometry, side }) => {
		const fm = await renderFeatureMaps({ ...layer(geometry), weightShape: [1, 3, 3, 3] }, lapKernel, colourful, preprocess, root, { dir: `lap-${side}` });
		expect([fm.maps[0]!.width, fm.maps[0]!.height]).toEqual([side, side]);
		expect(fm.similarity[0]!.raw.laplacian).toBe(1);
		// The Laplacian's channels each sum to zero, so removing their means changes nothing.
		expect(fm.similarity[0]!.demeaned.laplacian).toBe(1);
		expect(Math.abs(fm.similarity[0]!.raw['sobel-vertical']!)).toBeLessThan(0.9);
	});

	it('lines rows and columns up on a non-square input with different strides', async () => {
		// 12 × 16 input, strides 1 down and 2 across: 10 rows, floor((16 − 3) / 2) + 1 = 7 columns.
		const geometry = { strides: [1, 2], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 };
		const wide = { ...preprocess, size: [12, 16] as [number, number] };
		const fm = await renderFeatureMaps({ ...layer(geometry), weightShape: [1, 3, 3, 3] }, lapKernel, colourful, wide, root, { dir: 'lap-wide' });
		expect([fm.maps[0]!.width, fm.maps[0]!.height]).toEqual([7, 10]);
		expect(fm.similarity[0]!.raw.laplacian).toBe(1);
	});
});
