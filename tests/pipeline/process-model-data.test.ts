/**
 * processModel's page data for a hand-built model whose kernels are known: the gallery's numbers are the
 * weights written into the file, the families are the ones the kernels were drawn as, and the facts of each
 * image (scale, page, legend range) follow from those weights by their definitions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelJobProgress } from '../../src/pipeline/model-worker.ts';
import { samplePhotos } from '../../src/pipeline/photos.ts';
import { processModel } from '../../src/pipeline/process-model.ts';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { buildModel } from '../fixtures/onnx-builder.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-process-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const photos = samplePhotos(resolve(import.meta.dirname, '../../content/samples'));

const SOBEL = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const BOX = [1, 1, 1, 1, 1, 1, 1, 1, 1];
const ZERO = new Array(9).fill(0);
// Layer 0 (reads the RGB image): a vertical Sobel in every channel; +box in red, −box in green (a red–green opponent).
const W0 = [...SOBEL, ...SOBEL, ...SOBEL, ...BOX, ...BOX.map((v) => -v), ...ZERO];
const B0 = [0.5, -0.25];
// Layer 1: 3 kernels of 2 channels, 2 rows × 3 columns, numbered so each value tells its place: k·100 + c·10 + (r·3 + x), halved.
const W1 = Array.from({ length: 3 * 2 * 6 }, (_, i) => {
	const k = Math.floor(i / 12);
	const c = Math.floor((i % 12) / 6);
	return (k * 100 + c * 10 + (i % 6)) / 2 - 60;
});
const B1 = [1, 2, 3];

function writeModel(path: string): void {
	const f = DTYPE.float;
	const { bytes } = buildModel({
		producer: 'kernel-atlas tests',
		inputs: [{ name: 'image', dtype: f, dims: [1, 3, 16, 16] }],
		outputs: [{ name: 'y1', dtype: f }],
		initializers: [
			{ name: 'w0', dtype: f, dims: [2, 3, 3, 3], data: Float32Array.from(W0) },
			{ name: 'b0', dtype: f, dims: [2], data: Float32Array.from(B0) },
			{ name: 'w1', dtype: f, dims: [3, 2, 2, 3], data: Float32Array.from(W1) },
			{ name: 'b1', dtype: f, dims: [3], data: Float32Array.from(B1) },
		],
		nodes: [
			{ op: 'Conv', name: 'conv0', inputs: ['image', 'w0', 'b0'], outputs: ['y0'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] } },
			{ op: 'Conv', name: 'conv1', inputs: ['y0', 'w1', 'b1'], outputs: ['y1'], attrs: { kernel_shape: [2, 3] } },
		],
	});
	writeFileSync(path, bytes);
}

async function run(name: string, extra: Record<string, unknown> = {}, options: { photo?: boolean; srcPrefix?: string; imagesDir?: string } = {}) {
	const config = parseModelConfig(`models/${name}.json`, JSON.stringify({ ...MINIMAL_CONFIG, source: 'hand.onnx', preprocess: { size: [16, 16] }, ...extra }));
	const outDir = join(root, name);
	mkdirSync(outDir, { recursive: true });
	const progress: ModelJobProgress[] = [];
	const data = await processModel(
		{ id: name, modelPath: join(root, 'hand.onnx'), sha256: null, config, outDir, photoPath: options.photo ? photos.featuredPath : null, samples: options.photo ? photos.samples : [], srcPrefix: options.srcPrefix, imagesDir: options.imagesDir },
		(p) => progress.push(p),
	);
	return { data, progress };
}

/** Rows of `cols` numbers from a flat list. */
const grid = (v: number[], cols: number) => Array.from({ length: v.length / cols }, (_, r) => v.slice(r * cols, r * cols + cols));
const maxAbs = (v: number[]) => Math.max(...v.map(Math.abs));

beforeAll(() => writeModel(join(root, 'hand.onnx')));

describe('processModel on hand-built kernels', () => {
	let both: Awaited<ReturnType<typeof run>>;
	beforeAll(async () => {
		both = await run('both', { limits: { galleryLayers: 2 } });
	});

	it('the gallery\'s numbers are the weights written, per channel and summed, with the bias', () => {
		const [g0, g1] = both.data.galleries;
		expect(g0!.kernels.map((k) => k.values)).toEqual([
			[grid(SOBEL, 3), grid(SOBEL, 3), grid(SOBEL, 3)],
			[grid(BOX, 3), grid(BOX.map((v) => -v), 3), grid(ZERO, 3)],
		]);
		expect(g0!.kernels.map((k) => k.summed)).toEqual([grid(SOBEL.map((v) => 3 * v), 3), grid(ZERO, 3)]);
		expect(g0!.kernels.map((k) => k.bias)).toEqual(B0);
		// Layer 1: 2 rows × 3 columns; value (k·100 + c·10 + i) / 2 − 60 at row ⌊i / 3⌋, column i mod 3.
		const expected = [0, 1, 2].map((k) => [0, 1].map((c) => grid([0, 1, 2, 3, 4, 5].map((i) => (k * 100 + c * 10 + i) / 2 - 60), 3)));
		expect(g1!.kernels.map((k) => k.values)).toEqual(expected);
		expect(g1!.kernels.map((k) => k.summed)).toEqual(expected.map(([a, b]) => a!.map((row, r) => row.map((v, x) => v + b![r]![x]!))));
		expect(g1!.kernels.map((k) => k.bias)).toEqual(B1);
		expect(g1!.kernels.map((k) => k.index)).toEqual([0, 1, 2]);
	});

	it('names the first layer\'s channels as colours and later ones by number', () => {
		expect(both.data.galleries.map((g) => g.channelNames)).toEqual([
			['R', 'G', 'B'],
			['c0', 'c1'],
		]);
	});

	it('the families are the ones the kernels were drawn as, with the colour opponent described', () => {
		const [first] = both.data.galleries;
		const [sobel, opponent] = first!.kernels;
		expect([sobel!.match, opponent!.match]).toEqual(['sobel-vertical', 'color-opponent']);
		expect(sobel!.colorOpponent).toBeNull();
		expect(opponent!.colorOpponent).toEqual({ axis: 'red-green', positive: 'red', negative: 'green', strength: 1 });
		expect(both.data.layers[0]!.families).toEqual({ 'sobel-vertical': 1, 'color-opponent': 1 });
		// What the Sobel kernel was compared as: its plain sum over channels, 3 × 3.
		expect(sobel!.compared).toEqual({ view: 'sum', weights: [1, 1, 1], height: 3, width: 3, values: grid(SOBEL.map((v) => 3 * v), 3) });
		expect(sobel!.top[0]).toMatchObject({ family: 'sobel-vertical', cosine: 1 });
		expect(Object.keys(sobel!.top[0]!).sort()).toEqual(['cosine', 'detail', 'family', 'values']);
		for (const t of sobel!.top) {
			expect(t.values.map((row) => row.length)).toEqual([3, 3, 3]);
			expect(Math.abs(t.cosine)).toBeLessThanOrEqual(1);
		}
		expect(sobel!.score).toBeCloseTo(1, 6);
		expect(sobel!.polarity).toBe(1);
	});

	it('a mosaic states its scale, the layer\'s own symmetric range, and which kernels its page shows', () => {
		const [l0, l1] = both.data.layers;
		expect(l0!.mosaic).toEqual([
			{ src: 'atlas/both/layers/layer-0-diverging-layer.png', width: expect.any(Number), height: expect.any(Number), alt: expect.any(String), scale: { colormap: 'diverging', norm: 'layer', range: [-2, 2] }, page: { index: 1, count: 1, firstKernel: 0, lastKernel: 1 } },
		]);
		const m1 = maxAbs(W1);
		expect(l1!.mosaic.map((m) => [m.scale, m.page])).toEqual([[{ colormap: 'diverging', norm: 'layer', range: [-m1, m1] }, { index: 1, count: 1, firstKernel: 0, lastKernel: 2 }]]);
	});

	it('each kernel has its summed and per-channel images in every colour scale, and a first-layer kernel its colour image', () => {
		const variants = ['diverging-kernel', 'diverging-layer', 'viridis-kernel', 'viridis-layer'];
		for (const g of both.data.galleries) {
			for (const k of g.kernels) {
				expect(Object.keys(k.images.summed).sort()).toEqual(variants);
				expect(Object.keys(k.images.channels).sort()).toEqual(variants);
				for (const [variant, image] of [...Object.entries(k.images.summed), ...Object.entries(k.images.channels)]) {
					const [colormap, norm] = variant.split('-');
					expect(image.scale).toMatchObject({ colormap, norm });
					expect(image.src).toMatch(new RegExp(`^atlas/both/gallery/layer-${g.layerIndex}/`));
				}
				// Summed and per-channel images are different files.
				expect(k.images.summed['diverging-layer']!.src).not.toBe(k.images.channels['diverging-layer']!.src);
			}
		}
		expect(both.data.galleries[0]!.kernels.map((k) => k.images.rgb?.scale?.norm)).toEqual(['layer', 'layer']);
		expect(both.data.galleries[1]!.kernels.map((k) => k.images.rgb)).toEqual([null, null, null]);
		// The summed diverging images on the layer's scale share the range of the summed kernels.
		const summedMax = maxAbs(SOBEL.map((v) => 3 * v));
		expect(both.data.galleries[0]!.kernels.map((k) => k.images.summed['diverging-layer']!.scale!.range)).toEqual([
			[-summedMax, summedMax],
			[-summedMax, summedMax],
		]);
	});

	it('each kernel\'s image is its own cell of the view\'s sheet: the colours there are its weights\' (diverging: negative blue, zero white, positive red)', async () => {
		const images = join(root, 'both', 'images');
		/** The RGB colour at weight (row, col) of a `rows` × 3 grid drawn in the cell `image` points to. */
		const colourAt = async (image: { src: string; width: number; height: number; cell?: { x: number; y: number } }, row: number, col: number, rows = 3) => {
			expect(image.cell, image.src).toBeDefined();
			const { data, info } = await sharp(join(images, image.src.replace(/^atlas\/both\//, ''))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
			const x = image.cell!.x + Math.floor(((col + 0.5) * image.width) / 3);
			const y = image.cell!.y + Math.floor(((row + 0.5) * image.height) / rows);
			const o = (y * info.width + x) * info.channels;
			return [data[o]!, data[o + 1]!, data[o + 2]!];
		};
		const kind = ([r, g, b]: number[]) => (r > 240 && g > 240 && b > 240 ? 'white' : r > b + 40 ? 'red' : b > r + 40 ? 'blue' : 'other');
		const [k0, k1] = both.data.galleries[0]!.kernels;
		// Kernel 0 summed is 3 × a vertical Sobel: negative left column, zero middle, positive right.
		const sum0 = k0!.images.summed['diverging-layer']!;
		expect(await Promise.all([0, 1, 2].map(async (c) => kind(await colourAt(sum0, 1, c))))).toEqual(['blue', 'white', 'red']);
		// Kernel 1 sums to zero (+box, −box, 0): white everywhere, though it shares kernel 0's sheet.
		const sum1 = k1!.images.summed['diverging-layer']!;
		expect(sum1.src).toBe(sum0.src);
		expect(await Promise.all([0, 1, 2].map(async (c) => kind(await colourAt(sum1, 1, c))))).toEqual(['white', 'white', 'white']);
		// Kernel 1 channel by channel (stacked top to bottom): red +box, green −box, blue all zero.
		const ch1 = k1!.images.channels['diverging-layer']!;
		const strip = await Promise.all([0, 1, 2].map(async (c) => kind(await colourAt({ ...ch1, height: ch1.height }, c * 3 + 1, 1, 9))));
		expect(strip).toEqual(['red', 'blue', 'white']);
	});

	it('legends: one per colour scale; the layer scales give the range of the summed kernels, per-kernel scales none', () => {
		const { legends } = both.data.galleries[0]!;
		expect(Object.keys(legends).sort()).toEqual(['diverging-kernel', 'diverging-layer', 'viridis-kernel', 'viridis-layer']);
		// Summed kernels: 3 × Sobel (−6 … 6) and all zeros.
		expect([legends['diverging-layer']!.min, legends['diverging-layer']!.max]).toEqual([-6, 6]);
		expect([legends['viridis-layer']!.min, legends['viridis-layer']!.max]).toEqual([-6, 6]);
		expect([legends['diverging-kernel']!.min, legends['viridis-kernel']!.max]).toEqual([Number.NaN, Number.NaN]);
		expect(legends['diverging-layer']!.src).not.toBe(legends['viridis-layer']!.src);
		expect(legends['diverging-layer']!.src).toBe(legends['diverging-kernel']!.src);
		expect(legends['diverging-layer']!.src).toMatch(/^atlas\/both\/.*diverging/);
		expect(legends['viridis-layer']!.src).toMatch(/^atlas\/both\/.*viridis/);
		// Layer 1's summed kernels are 100k + i − 115 (k = 0…2, i = 0…5): −115 … 90, so the two layer scales differ:
		// diverging is symmetric (±115), viridis spans the values; kernel 0's own range (−115 … −110) is neither.
		const second = both.data.galleries[1]!.legends;
		expect([second['diverging-layer']!.min, second['diverging-layer']!.max]).toEqual([-115, 115]);
		expect([second['viridis-layer']!.min, second['viridis-layer']!.max]).toEqual([-115, 90]);
	});

	it('reads the first layer\'s channels in the configured colour order: in BGR, channel 0 is blue', async () => {
		const { data } = await run('bgr', { preprocess: { size: [16, 16], colorOrder: 'BGR' } });
		expect(data.galleries[0]!.kernels[1]!.colorOpponent).toMatchObject({ positive: 'blue', negative: 'green' });
	});

	it('gives the playground the first layer\'s families, in kernel order', async () => {
		const { data } = await run('playground', {}, { photo: true });
		expect(data.playground).toMatchObject({ matches: ['sobel-vertical', 'color-opponent'], channelNames: ['R', 'G', 'B'] });
	});

	it('the receptive field along the height: 3, then 3 + (2 − 1) × the first layer\'s stride 2 = 5', () => {
		expect(both.data.layers.map((l) => l.receptiveField)).toEqual([3, 5]);
	});
});
