/**
 * Small behaviours of the render helpers that mutation testing found unpinned: the photograph errors,
 * the crop path's default resampling, the scanline encoder's length check, tensorValues on a
 * non-float tensor, and the playground's explicit pads for `auto_pad` VALID and SAME.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoError, filter2d, grayscale, loadPhoto, loadPhotoFit, toInputTensor } from '../../src/render/photo.ts';
import { encodeRepeatedScanlines, encodeScanlines } from '../../src/render/png.ts';
import { ort, tensorValues } from '../../src/render/ort.ts';
import { outputSize, resolvedGeometry, writePlaygroundData } from '../../src/render/playground.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-render-edges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('photographs that cannot be read', () => {
	const bad = join(root, 'not-a-photo.png');
	beforeAll(() => writeFileSync(bad, 'plain text, not an image'));

	it.each([
		{ how: 'loadPhoto', load: () => loadPhoto(bad, 4, 4) },
		{ how: 'loadPhoto with a crop', load: () => loadPhoto(bad, 4, 4, { cropPct: 0.875 }) },
		{ how: 'loadPhotoFit', load: () => loadPhotoFit(bad, 64) },
	])('$how: a one-line PhotoError naming the file and what to use', async ({ load }) => {
		const error = await load().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PhotoError);
		const e = error as PhotoError;
		expect(e.name).toBe('PhotoError');
		expect(e.userFacing).toBe(true);
		expect(e.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the photograph \\(.+\\)\\. Use a PNG or JPEG file$`));
		expect(e.cause).toBeInstanceOf(Error);
	});
});

describe('loadPhoto with a crop and no interpolation named', () => {
	// A 40 × 30 pattern of stripes, where bilinear and sharp's default Lanczos-3 give different pixels.
	const file = join(root, 'stripes.png');
	const raw = Buffer.alloc(40 * 30 * 3);
	for (let y = 0; y < 30; y++) for (let x = 0; x < 40; x++) raw.fill((x * 7 + y * 3) % 5 < 2 ? 230 : 20, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
	beforeAll(() => sharp(raw, { raw: { width: 40, height: 30, channels: 3 } }).png().toFile(file));

	it('resamples bilinearly (timm\'s default) to the crop box, then crops the centre', async () => {
		// 16 × 16 at crop 0.8: the short side to floor(16 / 0.8) = 20, so 26 × 20 (floor(20 × 40 / 30));
		// the centre 16 × 16 starts at top (20 − 16) / 2 = 2, left (26 − 16) / 2 = 5.
		const photo = await loadPhoto(file, 16, 16, { cropPct: 0.8 });
		const bilinear = await sharp(file).resize(26, 20, { fit: 'fill', kernel: 'linear' }).extract({ left: 5, top: 2, width: 16, height: 16 }).raw().toBuffer();
		const lanczos = await sharp(file).resize(26, 20, { fit: 'fill' }).extract({ left: 5, top: 2, width: 16, height: 16 }).raw().toBuffer();
		expect(bilinear.equals(lanczos)).toBe(false);
		expect(Buffer.from(photo.rgb).equals(bilinear)).toBe(true);
	});
});

describe('encodeScanlines', () => {
	it('refuses rows that are not (width + 1) × height bytes, saying how many it expected', async () => {
		await expect(encodeScanlines({ width: 4, height: 2, rows: new Uint8Array(9), palette: new Uint8Array(768) })).rejects.toThrow(
			new TypeError('Expected 10 scanline bytes for 4×2 but received 9'),
		);
		// RGB rows: 3 bytes a pixel.
		expect(() => encodeRepeatedScanlines({ width: 2, height: 2, rows: new Uint8Array(12), palette: null })).toThrow(new TypeError('Expected 14 scanline bytes for 2×2 but received 12'));
	});

	it('rows with filter type 2 (Up) and zeros decode as copies of the row above, in RGB and with a palette (sharp decodes them)', async () => {
		// 2 × 3 RGB: row 0 red, green; rows 1 and 2 "the same as above".
		const rgb = new Uint8Array([0, 255, 0, 0, 0, 255, 0, /**/ 2, 0, 0, 0, 0, 0, 0, /**/ 2, 0, 0, 0, 0, 0, 0]);
		const a = await sharp(encodeRepeatedScanlines({ width: 2, height: 3, rows: rgb, palette: null })).raw().toBuffer({ resolveWithObject: true });
		expect([a.info.width, a.info.height, a.info.channels]).toEqual([2, 3, 3]);
		expect([...a.data]).toEqual([255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0]);
		// Palette: index 1 is blue; row 0 is [1, 0], row 1 repeats it, row 2 starts afresh as [0, 1].
		const palette = new Uint8Array(768);
		palette.set([0, 0, 255], 3);
		const indexed = new Uint8Array([0, 1, 0, /**/ 2, 0, 0, /**/ 0, 0, 1]);
		const b = await sharp(encodeRepeatedScanlines({ width: 2, height: 3, rows: indexed, palette })).raw().toBuffer({ resolveWithObject: true });
		expect([...b.data]).toEqual([0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
	});
});

describe('tensorValues', () => {
	it('refuses a tensor that is not float32 or float16, naming its type', () => {
		expect(() => tensorValues(new ort.Tensor('int32', new Int32Array([1, 2]), [2]))).toThrow(new TypeError('Expected a float32 or float16 tensor but received int32'));
	});
});

describe('src/render/ort.ts imported too late', () => {
	it('refuses to load when onnxruntime-node made a tensor first, saying what to import instead', () => {
		// A fresh process (the choice of float16 array is made once per process): the wrong order on purpose.
		const door = resolve('src/render/ort.ts');
		const script = `import * as o from 'onnxruntime-node'; new o.Tensor('float32', new Float32Array(1), [1]); try { await import(${JSON.stringify(door)}); console.log('loaded'); } catch (e) { console.log(e.message); }`;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
		expect(run.stdout.trim()).toBe(
			'onnxruntime-node was used before src/render/ort.ts was imported, so float16 models cannot run: import { ort } from src/render/ort.ts instead of onnxruntime-node',
		);
	});
});

describe('resolvedGeometry', () => {
	const geometry = { strides: [2, 2], pads: [1, 2, 1, 2], dilations: [1, 1], group: 1 };
	const onnx = (autoPad: string) => ({ autoPad }) as never;

	it('drops explicit pads under auto_pad VALID', () => {
		const g = resolvedGeometry({ geometry, onnx: onnx('VALID') }, [3, 3], [9, 9]);
		expect(g.pads).toEqual([0, 0, 0, 0]);
		// floor((9 − 3) / 2) + 1 = 4.
		expect(outputSize(g, [3, 3], [9, 9])).toEqual([4, 4]);
	});

	it('puts the odd padding pixel at the end for SAME_UPPER and at the start for SAME_LOWER', () => {
		// 224 at stride 2: 112 outputs need (112 − 1) × 2 + 3 = 225 input pixels, one more than there are.
		expect(resolvedGeometry({ geometry, onnx: onnx('SAME_UPPER') }, [3, 3], [224, 224]).pads).toEqual([0, 0, 1, 1]);
		const lower = resolvedGeometry({ geometry, onnx: onnx('SAME_LOWER') }, [3, 3], [224, 224]);
		expect(lower.pads).toEqual([1, 1, 0, 0]);
		expect(outputSize(lower, [3, 3], [224, 224])).toEqual([112, 112]);
	});

	it('assumes stride 1 and same padding when the file records no geometry, and says so', () => {
		expect(resolvedGeometry({ geometry: null, onnx: null }, [5, 4], [10, 10])).toEqual({ strides: [1, 1], pads: [2, 2, 2, 1], dilations: [1, 1], assumed: true });
	});
});

describe('writePlaygroundData', () => {
	it('writes the weights then the biases as little-endian float32, each photo as lossless PNG, and the manifest', async () => {
		const photo = join(root, 'play.png');
		const raw = Buffer.from(Array.from({ length: 6 * 4 * 3 }, (_, i) => (i * 37) % 256));
		await sharp(raw, { raw: { width: 6, height: 4, channels: 3 } }).png().toFile(photo);
		const data = Float32Array.from({ length: 2 * 3 * 3 * 3 }, (_, i) => i / 8 - 3);
		const bias = new Float32Array([0.5, -1.25]);
		const layer = {
			index: 0, name: 'stem', module: null, transposed: false, weightShape: [2, 3, 3, 3], dtype: 'float32' as const, storage: 'initializer' as const, weight: 'w', bias: true,
			params: 56, geometry: { strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1], group: 1 }, fromGraphInput: true, followedByBatchNorm: false, note: null, onnx: null,
		};
		const preprocess = { size: [4, 6] as [number, number], colorOrder: 'BGR' as const, scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };
		const out = join(root, 'site');
		const manifest = await writePlaygroundData(layer, { dims: [2, 3, 3, 3], data, bias }, { id: 'net', preprocess, channelNames: ['B', 'G', 'R'], matches: ['sobel', 'gabor'] }, [{ id: 'cat', path: photo, title: { ja: '猫', en: 'Cat' } }], out);
		const bin = readFileSync(join(out, 'playground', 'kernels.bin'));
		expect(bin.length).toBe(4 * 56);
		for (let i = 0; i < 54; i++) expect(bin.readFloatLE(4 * i)).toBe(i / 8 - 3);
		expect([bin.readFloatLE(4 * 54), bin.readFloatLE(4 * 55)]).toEqual([0.5, -1.25]);
		// The photo is already 6 × 4: the PNG holds its very pixels.
		const png = await sharp(join(out, 'playground', 'cat.png')).raw().toBuffer();
		expect(png.equals(raw)).toBe(true);
		// (4 + 2 − 3) / 2 + 1 = 2 rows, (6 + 2 − 3) / 2 + 1 = 3 columns.
		expect(manifest).toEqual({
			model: 'net',
			layer: { index: 0, name: 'stem' },
			kernels: { file: 'kernels.bin', count: 2, channels: 3, height: 3, width: 3, bias: true },
			channelNames: ['B', 'G', 'R'],
			matches: ['sobel', 'gabor'],
			geometry: { strides: [2, 2], pads: [1, 1, 1, 1], dilations: [1, 1], assumed: false },
			output: [2, 3],
			preprocess,
			photos: [{ id: 'cat', file: 'cat.png', title: { ja: '猫', en: 'Cat' } }],
		});
		expect(JSON.parse(readFileSync(join(out, 'playground', 'manifest.json'), 'utf8'))).toEqual(manifest);
	});
});

describe('photograph to numbers', () => {
	// Two pixels: (R, G, B) = (255, 0, 10) and (20, 40, 60).
	const photo = { width: 2, height: 1, rgb: new Uint8Array([255, 0, 10, 20, 40, 60]) };

	it('makes an NCHW tensor in the model\'s channel order, ((pixel × scale) − mean) / std per channel', () => {
		const p = { size: [1, 2] as [number, number], colorOrder: 'BGR' as const, scale: 2, mean: [10, 20, 30], std: [2, 4, 5] };
		// Channel 0 is B: (10 × 2 − 10) / 2 = 5, (60 × 2 − 10) / 2 = 55; channel 1 G; channel 2 R.
		expect([...toInputTensor(photo, p)]).toEqual([5, 55, -5, 15, 96, 2]);
		expect([...toInputTensor(photo, { ...p, colorOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1], scale: 1 })]).toEqual([255, 20, 0, 40, 10, 60]);
	});

	it('takes BT.601 luma, 0.299 R + 0.587 G + 0.114 B, in 0–1', () => {
		const g = grayscale(photo);
		expect(g[0]).toBeCloseTo((0.299 * 255 + 0.114 * 10) / 255, 6);
		expect(g[1]).toBeCloseTo((0.299 * 20 + 0.587 * 40 + 0.114 * 60) / 255, 6);
	});

	it('filters by cross-correlation with the edges replicated', () => {
		// A 2 × 3 image; the kernel picks the right-hand neighbour minus the upper one.
		const image = new Float32Array([1, 2, 3, 4, 5, 6]);
		const kernel = [[0, -1, 0], [0, 0, 1], [0, 0, 0]];
		// Row 0: the upper neighbour is the row itself (replicated): 2 − 1, 3 − 2, 3 − 3; row 1: 5 − 1, 6 − 2, 6 − 3.
		expect([...filter2d(image, 2, 3, kernel)]).toEqual([1, 1, 0, 4, 4, 3]);
	});
});
