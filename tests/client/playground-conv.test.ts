/**
 * The playground's arithmetic against independent references: the build's own designed-filter code
 * (`filter2d`, `grayscale`, `toInputTensor`) and onnxruntime running the same kernel as a Conv node.
 */
import { describe, expect, it } from 'vitest';
import { convolve, pixelTerms, toLuma, toTensor, type Slide } from '../../src/client/playground/conv.ts';
import { filter2d, grayscale, toInputTensor, type Photo } from '../../src/render/photo.ts';
import { runFirstLayer } from '../../src/render/feature-maps.ts';
import { outputSize, resolvedGeometry } from '../../src/render/playground.ts';
import type { ConvLayer } from '../../src/reader/model.ts';
import { seeded } from '../fixtures/catalog.ts';

/** A random photo as RGB bytes (the build's form) and RGBA (a canvas's). */
function randomPhoto(height: number, width: number, seed: number): { photo: Photo; rgba: Uint8ClampedArray } {
	const rand = seeded(seed);
	const rgb = Uint8Array.from({ length: height * width * 3 }, () => Math.floor(rand() * 256));
	const rgba = new Uint8ClampedArray(height * width * 4);
	for (let i = 0; i < height * width; i++) rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
	return { photo: { height, width, rgb }, rgba };
}

/** Largest |a − b| relative to the largest |b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
	expect(a.length).toBe(b.length);
	let diff = 0;
	let scale = 0;
	for (let i = 0; i < a.length; i++) {
		diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
		scale = Math.max(scale, Math.abs(b[i]!));
	}
	return diff / scale;
}

const preprocess = { size: [40, 52] as [number, number], colorOrder: 'BGR' as const, scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

describe('photo to input', () => {
	const { photo, rgba } = randomPhoto(40, 52, 3);
	it('makes the model input bit for bit as the build does', () => {
		expect(toTensor(rgba, 40, 52, preprocess).data).toEqual(toInputTensor(photo, preprocess));
	});
	it('makes the greyscale bit for bit as the build does', () => {
		expect(toLuma(rgba, 40, 52).data).toEqual(grayscale(photo));
	});
});

describe.each([3, 5, 7])('a designed filter %i pixels wide on greyscale', (k) => {
	it('matches the build’s filter2d (stride 1, edges replicated)', () => {
		const { photo, rgba } = randomPhoto(31, 45, k);
		const rand = seeded(k * 11);
		const kernel = Array.from({ length: k }, () => Array.from({ length: k }, () => rand() * 2 - 1));
		const half = (k - 1) / 2;
		const slide: Slide = { strides: [1, 1], pads: [half, half, half, half], dilations: [1, 1], edge: 'replicate' };
		const out = convolve(toLuma(rgba, 31, 45), { data: Float32Array.from(kernel.flat()), height: k, width: k, bias: 0 }, slide);
		expect([out.height, out.width]).toEqual([31, 45]);
		// filter2d multiplies by the double-precision kernel; ours by its float32 copy.
		expect(relativeDifference(out.data, filter2d(grayscale(photo), 31, 45, kernel))).toBeLessThan(1e-6);
	});
});

/** A first layer as the reader describes one, with only what the single-conv model needs. */
function layer(geometry: ConvLayer['geometry'], autoPad: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID' = 'NOTSET'): ConvLayer {
	return {
		index: 0, name: 'conv', module: null, transposed: false, weightShape: [4, 3, 0, 0], dtype: 'float32', storage: 'initializer', weight: 'w', bias: true,
		params: 0, geometry, fromGraphInput: true, followedByBatchNorm: false, note: null,
		onnx: geometry ? { op: 'Conv', autoPad, input: 'x', output: 'y', outputPadding: [0, 0], outputShape: null } : null,
	};
}

describe.each([
	{ name: 'stride 2, no padding (SqueezeNet’s conv1)', k: [3, 3], l: layer({ strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }) },
	{ name: 'no geometry recorded (a checkpoint: stride 1, same padding assumed)', k: [3, 3], l: layer(null) },
	{ name: '7 × 7, stride 2, padding 3 (ResNet’s stem)', k: [7, 7], l: layer({ strides: [2, 2], pads: [3, 3, 3, 3], dilations: [1, 1], group: 1 }) },
	{ name: 'uneven pads and dilation 2', k: [3, 5], l: layer({ strides: [1, 2], pads: [2, 1, 0, 3], dilations: [2, 2], group: 1 }) },
	{ name: 'auto_pad SAME_UPPER with stride 2', k: [4, 4], l: layer({ strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, 'SAME_UPPER') },
	{ name: 'auto_pad SAME_LOWER', k: [2, 2], l: layer({ strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, 'SAME_LOWER') },
])('a learned kernel: $name', ({ k, l }) => {
	it('gives onnxruntime’s feature map for every output channel, from the resolved geometry', async () => {
		const [kh, kw] = k as [number, number];
		const rand = seeded(kh * 100 + kw);
		const weights = Float32Array.from({ length: 4 * 3 * kh * kw }, () => rand() * 2 - 1);
		const bias = Float32Array.from({ length: 4 }, () => rand() - 0.5);
		const { photo, rgba } = randomPhoto(40, 52, 9);
		const tensor = toTensor(rgba, 40, 52, preprocess);
		const expected = await runFirstLayer({ ...l, weightShape: [4, 3, kh, kw] }, { dims: [4, 3, kh, kw], data: weights, bias }, toInputTensor(photo, preprocess), [40, 52]);
		const geometry = resolvedGeometry(l, [kh, kw], [40, 52]);
		expect(outputSize(geometry, [kh, kw], [40, 52])).toEqual([expected.height, expected.width]);
		for (let o = 0; o < 4; o++) {
			const per = 3 * kh * kw;
			const out = convolve(tensor, { data: weights.subarray(o * per, (o + 1) * per), height: kh, width: kw, bias: bias[o]! }, { ...geometry, edge: 'zero' });
			const n = out.height * out.width;
			expect(relativeDifference(out.data, expected.data.subarray(o * n, (o + 1) * n))).toBeLessThan(1e-6);
		}
	});
});

describe('the terms of one output pixel', () => {
	// The image 1..9 row by row and the 4-neighbour Laplacian, worked by hand.
	const image = { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), channels: 1, height: 3, width: 3 };
	const laplacian = { data: Float32Array.of(0, 1, 0, 1, -4, 1, 0, 1, 0), height: 3, width: 3, bias: 0 };
	const same = { strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] } as const;

	it('in the middle: 2 + 4 + 6 + 8 − 4 × 5 = 0', () => {
		const terms = pixelTerms(image, laplacian, { ...same, edge: 'replicate' } as Slide, 1, 1);
		expect(terms.patch[0]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(terms.products[0]).toEqual([0, 2, 0, 4, -20, 6, 0, 8, 0]);
		expect(terms.total).toBe(0);
	});

	it('in a corner with edges replicated: 1 + 1 + 2 + 4 − 4 × 1 = 4', () => {
		const slide = { ...same, edge: 'replicate' } as Slide;
		const terms = pixelTerms(image, laplacian, slide, 0, 0);
		expect(terms.patch[0]).toEqual([1, 1, 2, 1, 1, 2, 4, 4, 5]);
		expect(terms.total).toBe(4);
		expect(convolve(image, laplacian, slide).data[0]).toBe(4);
	});

	it('in a corner with zero padding: padding cells are marked, 2 + 4 − 4 × 1 = 2', () => {
		const slide = { ...same, edge: 'zero' } as Slide;
		const terms = pixelTerms(image, laplacian, slide, 0, 0);
		expect(terms.patch[0]).toEqual([null, null, null, null, 1, 2, null, 4, 5]);
		expect(terms.total).toBe(2);
		expect(convolve(image, laplacian, slide).data[0]).toBe(2);
	});

	it('adds per-channel sums and the bias to exactly the value convolve computes', () => {
		const rand = seeded(5);
		const input = { data: Float32Array.from({ length: 3 * 8 * 9 }, () => rand() * 200 - 100), channels: 3, height: 8, width: 9 };
		const kernel = { data: Float32Array.from({ length: 27 }, () => rand() - 0.5), height: 3, width: 3, bias: 0.25 };
		const slide: Slide = { strides: [2, 2], pads: [1, 0, 1, 0], dilations: [1, 1], edge: 'zero' };
		const out = convolve(input, kernel, slide);
		for (const [y, x] of [[0, 0], [1, 2], [out.height - 1, out.width - 1]] as const) {
			const terms = pixelTerms(input, kernel, slide, y, x);
			expect(Math.fround(terms.total)).toBe(out.data[y * out.width + x]);
			expect(terms.sums.reduce((a, b) => a + b, 0) + terms.bias).toBeCloseTo(terms.total, 9);
		}
	});
});
