/**
 * processModel's options and reports: the model's hash as the build knows it, the progress clock, where
 * images go and how their addresses start, the feature maps' scale, and a model opened by the caller.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelJobInput, ModelJobProgress } from '../../src/pipeline/model-worker.ts';
import { samplePhotos } from '../../src/pipeline/photos.ts';
import { processModel } from '../../src/pipeline/process-model.ts';
import { openModel } from '../../src/reader/index.ts';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { buildModel } from '../fixtures/onnx-builder.ts';
import { ensureFixtures } from '../../scripts/make-fixtures.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { writeCnn } from './make-cnn.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-process-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The generated ONNX fixtures, made on first use: this file must not depend on another having run first.
const FIXTURES = ensureFixtures();
const photos = samplePhotos(resolve(import.meta.dirname, '../../content/samples'));
const MODEL = join(root, 'net.onnx');
beforeAll(() => writeCnn(MODEL, { channels: [4, 4], size: 32, seed: 9 }));

function input(name: string, extra: Partial<ModelJobInput> = {}): ModelJobInput {
	const config = parseModelConfig(`models/${name}.json`, JSON.stringify({ ...MINIMAL_CONFIG, source: 'net.onnx', preprocess: { size: [32, 32] } }));
	const outDir = join(root, name);
	mkdirSync(outDir, { recursive: true });
	return { id: name, modelPath: MODEL, sha256: null, config, outDir, photoPath: null, samples: [], ...extra };
}

describe('processModel options', () => {
	it('takes the model\'s sha256 as the build gives it, and computes none for the command line', async () => {
		const given = await processModel(input('given', { sha256: 'f'.repeat(64) }), () => {});
		expect(given.info.sha256).toBe('f'.repeat(64));
		const none = await processModel(input('none'), () => {});
		expect(none.info.sha256).toBe('');
	});

	it('reports the seconds since it started, never more than the call took', async () => {
		const progress: ModelJobProgress[] = [];
		const t0 = performance.now();
		await processModel(input('clock'), (p) => progress.push(p));
		const elapsed = (performance.now() - t0) / 1000;
		const seconds = progress.map((p) => p.seconds);
		expect(seconds.every((s) => s >= 0 && s <= elapsed)).toBe(true);
		expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
		expect(progress.map((p) => p.done)).toEqual([...progress.slice(1).map(() => false), true]);
	});

	it('writes into the images folder given and starts every address with the prefix given', async () => {
		const imagesDir = join(root, 'elsewhere', 'img');
		const data = await processModel(input('prefixed', { imagesDir, srcPrefix: 'custom/net/', photoPath: photos.featuredPath, samples: photos.samples }), () => {});
		const srcs = [...data.layers.flatMap((l) => l.mosaic), data.inputImage!, ...data.galleries.flatMap((g) => g.kernels.map((k) => k.featureMap!))].map((r) => r.src);
		for (const src of srcs) expect(src).toMatch(/^custom\/net\//);
		expect(data.playground?.src).toBe('custom/net/playground/manifest.json');
		const written = readdirSync(imagesDir, { recursive: true, encoding: 'utf8' });
		for (const src of srcs) expect(written).toContain(src.slice('custom/net/'.length));
		expect(readdirSync(join(root, 'prefixed'))).toEqual([]);
	});

	it('a feature map is drawn on its own symmetric scale, with the strongest 0.5 % of responses clipped', async () => {
		const data = await processModel(input('maps', { photoPath: photos.featuredPath, samples: photos.samples }), () => {});
		for (const k of data.galleries[0]!.kernels) {
			for (const map of [k.featureMap!, k.demeanedMap!]) {
				expect(map.scale).toEqual({ colormap: 'diverging', norm: 'image', range: [expect.any(Number), expect.any(Number)], clippedPercent: 0.5 });
				const [lo, hi] = map.scale!.range!;
				expect(hi).toBeGreaterThan(0);
				expect(lo).toBe(-hi);
			}
		}
	});

	it('leaves a model the caller opened open, for the caller to close', async () => {
		const model = await openModel(MODEL, { hash: false });
		try {
			const data = await processModel(input('opened'), () => {}, model);
			expect(data.kernelCount).toBe(8);
			const kernel = await model.readKernel(model.layers[1]!);
			expect(kernel.dims).toEqual([4, 4, 3, 3]);
		} finally {
			model.close();
		}
	});

	it('layers past limits.maxLayers: listed with their facts and receptive field, no analysis or images, counted in progress', async () => {
		const progress: ModelJobProgress[] = [];
		const limited = input('limited');
		limited.config = { ...limited.config, limits: { ...limited.config.limits, maxLayers: 1 } };
		const data = await processModel(limited, (p) => progress.push(p));
		const { index, name, weightShape, stats, histogram, families, groups, shares, mosaic, mosaicNote, mosaicLayout, skipped, receptiveField, hasGallery } = data.layers[1]!;
		// Two stacked 3 × 3 convolutions of stride 1: the second sees 3 + 2 = 5 pixels.
		expect({ index, weightShape, stats, histogram, families, groups, shares, mosaic, mosaicNote, mosaicLayout, skipped, receptiveField, hasGallery }).toEqual({
			index: 1,
			weightShape: [4, 4, 3, 3],
			stats: null,
			histogram: null,
			families: {},
			groups: {},
			shares: null,
			mosaic: [],
			mosaicNote: '',
			mosaicLayout: null,
			skipped: 'limit',
			receptiveField: 5,
			hasGallery: false,
		});
		expect(name).toBe(data.layers[1]!.name);
		expect(data.kernelCount).toBe(8);
		expect(progress.map((p) => p.layersDone)).toEqual([0, 1, 2, 2]);
	});

	it('kernels computed at run time are not counted: only stored ones are', async () => {
		const fixture = join(FIXTURES, 'dynamic-weight.onnx');
		const data = await processModel(input('dynamic', { modelPath: fixture }), () => {});
		const stored = data.layers.filter((l) => l.storage !== 'dynamic');
		expect(data.layers.length).toBeGreaterThan(stored.length);
		expect(data.kernelCount).toBe(stored.reduce((n, l) => n + l.weightShape[0]!, 0));
	});

	it('a first layer whose feature maps cannot fit the configured input: the error names the model file', async () => {
		// A 5 × 5 kernel without padding on a 2 × 2 input would make a map of −2 × −2.
		const f = DTYPE.float;
		const { bytes } = buildModel({
			producer: 'kernel-atlas tests',
			inputs: [{ name: 'image', dtype: f, dims: [1, 3, 8, 8] }],
			outputs: [{ name: 'y', dtype: f }],
			initializers: [{ name: 'w', dtype: f, dims: [2, 3, 5, 5], data: Float32Array.from({ length: 150 }, (_, i) => (i % 7) - 3) }],
			nodes: [{ op: 'Conv', name: 'conv', inputs: ['image', 'w'], outputs: ['y'], attrs: { kernel_shape: [5, 5] } }],
		});
		const file = join(root, 'wide.onnx');
		writeFileSync(file, bytes);
		const job = input('wide', { modelPath: file, photoPath: photos.featuredPath, samples: photos.samples });
		job.config = { ...job.config, preprocess: { ...job.config.preprocess, size: [2, 2] } };
		const error = await processModel(job, () => {}).then(() => null, (e: Error) => e);
		expect(error?.message).toContain(`${file}: layer 0 ("conv") with strides`);
	});

	it('a 1-D or 3-D kernel\'s gallery numbers: rows of the last dimension, in the order the file stores them', async () => {
		const fixture = join(FIXTURES, 'conv1d-conv3d.onnx');
		const job = input('dims', { modelPath: fixture });
		job.config = { ...job.config, limits: { ...job.config.limits, galleryLayers: 10 } };
		const data = await processModel(job, () => {});
		const model = await openModel(fixture, { hash: false });
		try {
			expect(data.galleries.length).toBe(model.layers.length);
			for (const g of data.galleries) {
				const kernel = await model.readKernel(model.layers[g.layerIndex]!);
				const [count, channels, ...spatial] = kernel.dims as number[];
				const per = kernel.data.length / count!;
				const cols = spatial.at(-1)!;
				for (const [k, page] of g.kernels.entries()) {
					expect(page.values).toHaveLength(channels!);
					for (const channel of page.values) {
						expect(channel).toHaveLength(spatial.slice(0, -1).reduce((a, b) => a * b, 1));
						for (const row of channel) expect(row).toHaveLength(cols);
					}
					const expected = Array.from(kernel.data.subarray(k * per, (k + 1) * per), (v) => Number(v.toPrecision(6)));
					expect(page.values.flat(2)).toEqual(expected);
				}
			}
		} finally {
			model.close();
		}
	});

	it('closes a model it opened itself: no file descriptor is left open', async () => {
		const fds = () => readdirSync('/proc/self/fd').length;
		await processModel(input('warm'), () => {});
		const before = fds();
		await processModel(input('fds'), () => {});
		expect(fds()).toBe(before);
	});
});
