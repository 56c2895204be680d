/**
 * How alike a learned feature map and a designed filter's output are: the helpers by hand, and the
 * build's whole computation (onnxruntime's Conv on the preprocessed photo, the designed filters on its
 * grayscale, lined up by window centre) against a plain loop written here from the definitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { demeanChannels, pearson, sampleMap, windowCentres } from '../../src/analysis/map-similarity.ts';
import { renderFeatureMaps } from '../../src/render/index.ts';
import { loadInputTensor } from '../../src/render/photo.ts';
import type { ConvLayer } from '../../src/reader/model.ts';

describe('pearson', () => {
	it('is 0.6 for [1, 2, 3, 4] and [2, 1, 4, 3] (by hand: 3 / √(5 · 5))', () => {
		expect(pearson([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 12);
	});
	it('ignores offset and scale, keeps sign', () => {
		expect(pearson([1, 2, 3], [10, 30, 50])).toBeCloseTo(1, 12);
		expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
	});
	it('is 0 against a flat map, and refuses maps of different lengths', () => {
		expect(pearson([1, 2, 3], [5, 5, 5])).toBe(0);
		expect(() => pearson([1], [1, 2])).toThrow('Expected maps of equal length but received 1 and 2');
	});
});

describe('windowCentres', () => {
	it.each([
		{ axis: { out: 3, stride: 2, padBegin: 0, extent: 3 }, n: 7, centres: [1, 3, 5] },
		{ axis: { out: 4, stride: 1, padBegin: 1, extent: 3 }, n: 4, centres: [0, 1, 2, 3] },
		// 7 × 7 stride 2 pad 3 (a ResNet stem): output i looks at input 2i, the first one clamped from −3 + 3 = 0.
		{ axis: { out: 3, stride: 2, padBegin: 3, extent: 7 }, n: 6, centres: [0, 2, 4] },
		// Dilation 2 on a 3-tap kernel spans 5 pixels, centred 2 in.
		{ axis: { out: 2, stride: 1, padBegin: 0, extent: 5 }, n: 6, centres: [2, 3] },
	])('$axis', ({ axis, n, centres }) => {
		expect(windowCentres(axis, n)).toEqual(centres);
	});
	it('samples a map at those rows and columns', () => {
		expect(Array.from(sampleMap([0, 1, 2, 3, 4, 5, 6, 7, 8], 3, [0, 2], [1]))).toEqual([1, 7]);
	});
});

describe('demeanChannels', () => {
	it('subtracts each slice\'s own mean', () => {
		expect(Array.from(demeanChannels(Float32Array.from([1, 3, 0, 10]), 2))).toEqual([-1, 1, -5, 5]);
	});
});

describe('feature-map similarity of the build, against a plain loop', () => {
	const dir = mkdtempSync(join(tmpdir(), 'atlas-mapsim-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const N = 17;
	// A grey photograph (R = G = B) with blobs and edges, so every filter has something to respond to.
	const grey = Array.from({ length: N * N }, (_, i) => {
		const y = Math.floor(i / N);
		const x = i % N;
		return Math.round(128 + 60 * Math.sin(x * 0.9) * Math.cos(y * 0.5) + (x > 8 ? 50 : -40));
	});
	const sobelV = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
	const sobelH = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];
	const lap = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];
	// Kernel 0: a vertical Sobel plus a large mean in every channel (responds mostly to brightness);
	// kernel 1: a Laplacian in red only.
	const k0 = [0, 1, 2].map(() => sobelV.map((r) => r.map((v) => v / 3 + 0.5)));
	const k1 = [lap, lap.map((r) => r.map(() => 0)), lap.map((r) => r.map(() => 0))];
	const kernel = { dims: [2, 3, 3, 3], data: Float32Array.from([k0, k1].flat(3)), bias: Float32Array.from([0.3, -0.2]) };
	const layer: ConvLayer = {
		index: 0, name: 'conv', module: null, transposed: false, weightShape: [2, 3, 3, 3], dtype: 'float32', storage: 'initializer', weight: 'w', bias: true, params: 56,
		geometry: { strides: [2, 2], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 }, fromGraphInput: true, followedByBatchNorm: false, note: null, onnx: null,
	};
	const preprocess = { size: [N, N] as [number, number], colorOrder: 'RGB' as const, scale: 1 / 255, mean: [0.4, 0.5, 0.6], std: [0.2, 0.25, 0.3] };

	it('gives each map\'s Pearson correlation with the Laplacian and Sobel outputs, raw and with channel means removed', async () => {
		const photo = join(dir, 'grey.png');
		await sharp(Buffer.from(grey.flatMap((v) => [v, v, v])), { raw: { width: N, height: N, channels: 3 } }).png().toFile(photo);
		const { tensor } = await loadInputTensor(photo, preprocess);
		const fm = await renderFeatureMaps(layer, kernel, photo, preprocess, dir);

		// The reference: a valid 3 × 3 stride-2 cross-correlation over the 3 preprocessed channels, and the
		// designed filters on the luma grayscale at the same window centres (2i + 1).
		const out = (N - 3) / 2 + 1;
		const conv = (w: number[][][], c0: (y: number, x: number) => number[]) => {
			const m: number[] = [];
			for (let i = 0; i < out; i++) for (let j = 0; j < out; j++) {
				let s = 0;
				for (let c = 0; c < 3; c++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += w[c]![a]![b]! * c0(2 * i + a, 2 * j + b)[c]!;
				m.push(s);
			}
			return m;
		};
		const input = (y: number, x: number) => [0, 1, 2].map((c) => tensor[c * N * N + y * N + x]!);
		const luma = (y: number, x: number) => { const v = grey[y * N + x]! / 255; return [v, 0, 0]; };
		const designed = (k: number[][]) => conv([k, k.map((r) => r.map(() => 0)), k.map((r) => r.map(() => 0))], luma);
		const demean = (w: number[][][]) => w.map((ch) => { const m = ch.flat().reduce((a, b) => a + b) / 9; return ch.map((r) => r.map((v) => v - m)); });
		// Pearson written another way: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
		const r = (x: number[], y: number[]) => {
			const n = x.length;
			const sx = x.reduce((a, b) => a + b), sy = y.reduce((a, b) => a + b);
			const sxy = x.reduce((a, v, i) => a + v * y[i]!, 0), sxx = x.reduce((a, v) => a + v * v, 0), syy = y.reduce((a, v) => a + v * v, 0);
			const d = (n * sxx - sx * sx) * (n * syy - sy * sy);
			return d <= 1e-18 ? 0 : (n * sxy - sx * sy) / Math.sqrt(d);
		};
		const filters = { laplacian: designed(lap), 'sobel-horizontal': designed(sobelH), 'sobel-vertical': designed(sobelV) };
		[k0, k1].forEach((w, c) => {
			for (const [name, d] of Object.entries(filters)) {
				expect(fm.similarity[c]!.raw[name], `kernel ${c} raw vs ${name}`).toBeCloseTo(r(conv(w, input), d), 2);
				expect(fm.similarity[c]!.demeaned[name], `kernel ${c} demeaned vs ${name}`).toBeCloseTo(r(conv(demean(w), input), d), 2);
			}
		});
		// By reasoning: on a grey photograph, kernel 0 with its means removed is the vertical Sobel on a
		// per-channel affine copy of the grayscale, so its map is the Sobel output up to scale and offset.
		expect(fm.similarity[0]!.demeaned['sobel-vertical']).toBeCloseTo(1, 3);
		// With its mean kept, brightness dominates and the likeness drops.
		expect(fm.similarity[0]!.raw['sobel-vertical']).toBeLessThan(0.9);
		expect(fm.demeaned).toHaveLength(2);
	});
});
