/**
 * One model through read → analyse → render in this process, with a photograph (feature maps, the
 * playground's data), with limits and a layer selection, and with external data: what the page data
 * says must match the files written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelData } from '../../src/pipeline/atlas-data.ts';
import type { ModelJobProgress } from '../../src/pipeline/model-worker.ts';
import { samplePhotos } from '../../src/pipeline/photos.ts';
import { processModel } from '../../src/pipeline/process-model.ts';
import { ensureFixtures } from '../../scripts/make-fixtures.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { writeCnn } from './make-cnn.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-process-'));
const photos = samplePhotos(resolve(import.meta.dirname, '../../content/samples'));
// The generated ONNX fixtures (made on first use, as the reader tests do).
const fixtures = ensureFixtures();
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => writeCnn(join(root, 'net.onnx'), { channels: [4, 8, 8], size: 32, seed: 5 }));

/** Every file under a folder, relative to it. */
const files = (dir: string): string[] =>
	readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
		.sort();

async function run(name: string, file: string, extra: Record<string, unknown> = {}, options: { photo?: boolean; layers?: number[]; sha256?: string | null } = {}) {
	const config = parseModelConfig(`models/${name}.json`, JSON.stringify({ ...MINIMAL_CONFIG, source: file, preprocess: { size: [32, 32] }, ...extra }));
	const outDir = join(root, name);
	mkdirSync(outDir, { recursive: true });
	const progress: ModelJobProgress[] = [];
	const data = await processModel(
		{
			id: name,
			modelPath: file,
			sha256: options.sha256 === undefined ? null : options.sha256,
			config,
			outDir,
			photoPath: options.photo ? photos.featuredPath : null,
			samples: options.photo ? photos.samples : [],
			layers: options.layers,
		},
		(p) => progress.push(p),
	);
	return { data, progress, images: join(outDir, 'images') };
}

/** Every image the page data names, as paths under the images folder. */
function named(data: ModelData, prefix: string): string[] {
	const refs = [
		...data.layers.flatMap((l) => l.mosaic),
		...(data.inputImage ? [data.inputImage] : []),
		...data.galleries.flatMap((g) => [
			...Object.values(g.legends),
			...g.kernels.flatMap((k) => [...Object.values(k.images.summed), ...Object.values(k.images.channels), ...(k.images.rgb ? [k.images.rgb] : []), ...(k.featureMap ? [k.featureMap] : []), ...(k.demeanedMap ? [k.demeanedMap] : [])]),
		]),
	];
	return [...new Set(refs.map((r) => r.src.slice(prefix.length)))].sort();
}

describe('processModel', () => {
	let full: Awaited<ReturnType<typeof run>>;
	beforeAll(async () => {
		full = await run('net', join(root, 'net.onnx'), {}, { photo: true });
	});

	it('lists every layer with its facts, and reports progress up to done', () => {
		const { data, progress } = full;
		expect(data.layers.map((l) => [l.index, l.weightShape, l.skipped])).toEqual([
			[0, [4, 3, 3, 3], null],
			[1, [8, 4, 3, 3], null],
			[2, [8, 8, 3, 3], null],
		]);
		expect(data.kernelCount).toBe(4 + 8 + 8);
		expect(progress[0]).toMatchObject({ layers: 3, layersDone: 0, done: false });
		expect(progress.at(-1)).toMatchObject({ layers: 3, layersDone: 3, done: true });
		expect(progress.map((p) => p.layersDone)).toEqual([...progress.map((p) => p.layersDone)].sort((a, b) => a - b));
	});

	it('writes every image the data names, at its path, and counts them', () => {
		const { data, images } = full;
		const written = files(images).filter((f) => f.endsWith('.png') || f.endsWith('.jpg') || f.endsWith('.webp'));
		for (const src of named(data, 'atlas/net/')) expect(written, src).toContain(src);
		expect(data.imageCount).toBe(written.length);
	});

	it('draws the feature map of every first-layer kernel on the photograph, and the photograph as the model saw it', () => {
		const { data } = full;
		const [gallery] = data.galleries;
		expect(gallery!.kernels).toHaveLength(4);
		for (const k of gallery!.kernels) {
			expect(k.featureMap?.src).toMatch(/^atlas\/net\//);
			expect(k.demeanedMap?.src).toMatch(/^atlas\/net\//);
			expect(k.featureMap!.scale?.norm).toBe('image');
			expect(k.mapSimilarity).not.toBeNull();
		}
		expect(data.inputImage).toMatchObject({ width: 32, height: 32 });
		// No labels in the config: no classification.
		expect(data.classification).toBeNull();
	});

	it('prepares the playground: the first layer\'s kernels and every sample photograph at the input size', () => {
		const { data, images } = full;
		expect(data.playground?.src).toBe('atlas/net/playground/manifest.json');
		const manifest = JSON.parse(readFileSync(join(images, 'playground', 'manifest.json'), 'utf8'));
		expect(manifest.kernels).toMatchObject({ count: 4, channels: 3, height: 3, width: 3 });
		expect(manifest.photos).toHaveLength(photos.samples.length);
		// Kernels as float32, and the bias after them (4 × 3 × 3 × 3 + 4 numbers).
		expect(readFileSync(join(images, 'playground', manifest.kernels.file)).length).toBe(4 * (4 * 27 + 4));
	});

	it('without a photograph: no feature maps, input image or playground, and no files for them', async () => {
		const { data, images } = await run('plain', join(root, 'net.onnx'));
		expect(data.inputImage).toBeNull();
		expect(data.playground).toBeNull();
		expect(data.galleries[0]!.kernels.every((k) => k.featureMap === null)).toBe(true);
		expect(existsSync(join(images, 'playground'))).toBe(false);
		expect(data.imageCount).toBe(files(images).length);
	});

	it('limits.maxLayers and galleryLayers: later layers listed without images, their kernels still counted', async () => {
		const { data, images } = await run('limited', join(root, 'net.onnx'), { limits: { maxLayers: 1, galleryLayers: 1 } });
		expect(data.layers.map((l) => [l.index, l.skipped, l.mosaic.length, l.stats === null])).toEqual([
			[0, null, 1, false],
			[1, 'limit', 0, true],
			[2, 'limit', 0, true],
		]);
		expect(data.kernelCount).toBe(20);
		expect(files(images).filter((f) => f.startsWith('layers/'))).toEqual(['layers/layer-0-diverging-layer.png']);
	});

	it('two gallery layers: the second gets its own gallery folder', async () => {
		const { data, images } = await run('two', join(root, 'net.onnx'), { limits: { galleryLayers: 2 } });
		expect(data.galleries.map((g) => g.layerIndex)).toEqual([0, 1]);
		expect(data.layers.map((l) => l.hasGallery)).toEqual([true, true, false]);
		expect(existsSync(join(images, 'gallery', 'layer-1'))).toBe(true);
	});

	it('a selection of layers: only those are read, drawn and listed', async () => {
		const { data, images } = await run('one', join(root, 'net.onnx'), {}, { layers: [2] });
		expect(data.layers.map((l) => l.index)).toEqual([2]);
		expect(data.galleries).toEqual([]);
		expect(data.kernelCount).toBe(8);
		expect(files(images).filter((f) => f.startsWith('layers/'))).toEqual(['layers/layer-2-diverging-layer.png']);
	});

	it('a kernel computed at run time is listed as such, without images', async () => {
		const { data } = await run('dynamic', join(fixtures, 'dynamic-weight.onnx'));
		const dynamic = data.layers.filter((l) => l.storage === 'dynamic');
		expect(dynamic.length).toBeGreaterThan(0);
		for (const l of dynamic) expect([l.skipped, l.mosaic, l.stats]).toEqual(['dynamic', [], null]);
	});

	it('records the hash of each external-data file when the build asks (sha256 given), and none for the command line', async () => {
		const model = join(fixtures, 'external-data.onnx');
		const hash = (location: string) => createHash('sha256').update(readFileSync(join(fixtures, location))).digest('hex');
		const built = await run('ext-build', model, {}, { sha256: 'a'.repeat(64) });
		// The fixture keeps its weights in two files, one in a subfolder.
		expect([...built.data.externalData].sort((a, b) => a.location.localeCompare(b.location))).toEqual(
			['ext/external-data-b.bin', 'external-data.bin'].map((location) => ({ location, sha256: hash(location) })),
		);
		const cli = await run('ext-cli', model);
		expect(cli.data.externalData).toEqual([]);
	});
});
