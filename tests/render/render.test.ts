import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { GAP_RGB, palette, renderFirstLayerGallery, renderLayerMosaic, renderLegends, encodePng } from '../../src/render/index.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-render-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const layer = (index = 0, op = 'Conv') => ({ index, name: `conv${index}`, transposed: op === 'ConvTranspose', fromGraphInput: false });

/** Reads an image back as RGB bytes with sharp. */
async function pixels(file: string) {
	const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	return { at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)], info };
}
const color = (name: 'diverging' | 'viridis', i: number) => [...palette(name).subarray(i * 3, i * 3 + 3)];
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
/**
 * Colours as their authors publish them, not as palette() computes them: ColorBrewer RdBu (11 classes,
 * colorbrewer2.org) runs #67001f (dark red) … #f7f7f7 … #053061 (dark blue), shown reversed (negative blue);
 * matplotlib's viridis table (_cm_listed.py) gives viridis(0) = #440154, viridis(0.5) = #21918c, viridis(1) = #fde725.
 */
/** Linear interpolation between two published colours, `f` of the way from `a` to `b`. */
const mix = (a: string, b: string, f: number) => hex(a).map((v, c) => v + (hex(b)[c]! - v) * f);
const PUBLISHED = {
	negativeEnd: hex('#053061'),
	zero: hex('#f7f7f7'),
	positiveEnd: hex('#67001f'),
	viridisLow: hex('#440154'),
	viridisMid: hex('#21918c'),
	viridisHigh: hex('#fde725'),
};
const pseudo = (n: number, seed = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 0.3);

describe.each([
	{ name: 'diverging' as const, index: 0, what: 'its most negative end: RdBu dark blue', rgb: PUBLISHED.negativeEnd },
	{ name: 'diverging' as const, index: 127, what: 'zero: RdBu white', rgb: PUBLISHED.zero },
	{ name: 'diverging' as const, index: 254, what: 'its most positive end: RdBu dark red', rgb: PUBLISHED.positiveEnd },
	{ name: 'viridis' as const, index: 0, what: 'its lowest end: viridis(0)', rgb: PUBLISHED.viridisLow },
	{ name: 'viridis' as const, index: 127, what: 'its middle: viridis(0.5)', rgb: PUBLISHED.viridisMid },
	{ name: 'viridis' as const, index: 254, what: 'its highest end: viridis(1)', rgb: PUBLISHED.viridisHigh },
])('palette $name', ({ name, index, what, rgb }) => {
	it(`entry ${index} is ${what}, as published`, () => {
		expect(color(name, index)).toEqual(rgb);
	});
});

describe('encodePng', () => {
	it('writes exact indexed and RGB pixels that sharp decodes', async () => {
		const pal = new Uint8Array(768);
		pal.set([10, 20, 30, 200, 100, 0]);
		const png = await encodePng({ kind: 'indexed', width: 2, height: 1, pixels: new Uint8Array([0, 1]), palette: pal });
		const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
		expect([...data]).toEqual([10, 20, 30, 200, 100, 0]);
		const rgb = await encodePng({ kind: 'rgb', width: 1, height: 2, pixels: new Uint8Array([1, 2, 3, 4, 5, 6]) });
		expect([...(await sharp(rgb).raw().toBuffer())]).toEqual([1, 2, 3, 4, 5, 6]);
	});
});

describe('renderLayerMosaic', () => {
	// Two kernels, two channels, 3 × 3: kernel 0 channel 0 holds the extremes at known positions.
	const data = new Float32Array(36);
	data[0] = 2; // kernel 0, channel 0, top-left: the layer maximum → last colour
	data[4] = -2; // centre → first colour
	data[9 + 8] = 0.5;
	const kernel = { dims: [2, 2, 3, 3], data };

	it('draws each weight as an s × s block, with gaps between tiles', async () => {
		const m = await renderLayerMosaic(kernel, layer(1), { outDir: root });
		expect(m.files).toHaveLength(1);
		const { at, info } = await pixels(join(root, m.files[0].path));
		expect([info.width, info.height]).toEqual([m.width, m.height]);
		const s = m.scale;
		expect(m.range).toEqual([-2, 2]);
		// Positive is red and negative blue on the page: pinned to RdBu's published ends, not to palette().
		expect(at(0, 0)).toEqual(PUBLISHED.positiveEnd);
		expect(at(s - 1, s - 1)).toEqual(PUBLISHED.positiveEnd);
		expect(at(s, 0)).toEqual(PUBLISHED.zero); // zero → the neutral middle
		expect(at(s + s / 2, s + 1)).toEqual(PUBLISHED.negativeEnd);
		expect(at(3 * s, 0)).toEqual(GAP_RGB); // gap column after the first tile
		// Channel 1 of kernel 0 starts after one tile and a 1-pixel gap; its bottom-right holds 0.5.
		expect(at(3 * s + 1 + 3 * s - 1, 3 * s - 1)).toEqual(color('diverging', Math.round((0.5 / 4 + 0.5) * 254)));
		expect(m.note).toMatch(/scaled to the layer's range −2\.0 to 2\.0/);
	});

	const normCases: { colormap: 'diverging' | 'viridis'; norm: 'layer' | 'kernel'; samples: { kernel: number; weight: number; rgb: number[] }[] }[] = [
		// Kernel 1 spans ±0.5 inside the layer's ±2: on the layer's scale 0.5 is 0.625 of the way, a pale red
		// between RdBu's classes #fddbc7 (0.6) and #f4a582 (0.7); on its own scale it is the darkest red.
		{ colormap: 'diverging', norm: 'layer', samples: [{ kernel: 1, weight: 0, rgb: mix('#fddbc7', '#f4a582', 0.25) }, { kernel: 1, weight: 1, rgb: mix('#92c5de', '#d1e5f0', 0.75) }] },
		{ colormap: 'diverging', norm: 'kernel', samples: [{ kernel: 1, weight: 0, rgb: PUBLISHED.positiveEnd }, { kernel: 1, weight: 1, rgb: PUBLISHED.negativeEnd }] },
		// Kernel 2 spans 0…2: its zero is the middle of the layer's −2…2 but the bottom of its own range.
		{ colormap: 'viridis', norm: 'layer', samples: [{ kernel: 2, weight: 1, rgb: PUBLISHED.viridisMid }, { kernel: 2, weight: 0, rgb: PUBLISHED.viridisHigh }] },
		{ colormap: 'viridis', norm: 'kernel', samples: [{ kernel: 2, weight: 1, rgb: PUBLISHED.viridisLow }, { kernel: 2, weight: 0, rgb: PUBLISHED.viridisHigh }] },
	];
	describe.each(normCases)('$colormap colours scaled per $norm', ({ colormap, norm, samples }) => {
		// Three single-channel 3 × 3 kernels with different ranges, so the layer's and each kernel's scales differ.
		const data = new Float32Array(27);
		data.set([2, -2], 0);
		data.set([0.5, -0.5], 9);
		data.set([2, 0], 18);

		it.each(samples)('kernel $kernel, weight $weight', async ({ kernel, weight, rgb }) => {
			const m = await renderLayerMosaic({ dims: [3, 1, 3, 3], data }, layer(4), { outDir: root, colormap, norm, name: `norm-${colormap}-${norm}` });
			const { at } = await pixels(join(root, m.files[0].path));
			const { kernelsPerRow, tileWidth, tileHeight } = m.layout;
			// Blocks are 3 px apart, rows 1 px (see the gap assertions above); weight (row, col) is an s × s square.
			const x = (kernel % kernelsPerRow) * (tileWidth + 3) + (weight % 3) * m.scale;
			const y = Math.floor(kernel / kernelsPerRow) * (tileHeight + 1) + Math.floor(weight / 3) * m.scale;
			const got = at(x, y);
			for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - rgb[c]!), `channel ${c} of ${got} vs ${rgb}`).toBeLessThanOrEqual(2);
		});
	});

	it('is byte-identical across runs', async () => {
		const a = await renderLayerMosaic(kernel, layer(2), { outDir: join(root, 'a') });
		const b = await renderLayerMosaic(kernel, layer(2), { outDir: join(root, 'b') });
		expect(readFileSync(join(root, 'a', a.files[0].path)).equals(readFileSync(join(root, 'b', b.files[0].path)))).toBe(true);
	});

	it('uses viridis over min–max and per-kernel scales when asked', async () => {
		const m = await renderLayerMosaic(kernel, layer(3), { outDir: root, colormap: 'viridis', norm: 'kernel' });
		expect(m.range).toBeNull();
		const { at } = await pixels(join(root, m.files[0].path));
		expect(at(0, 0)).toEqual(PUBLISHED.viridisHigh);
		expect(m.files[0].path).toBe('layers/layer-3-viridis-kernel.png');
	});

	it.each([
		{ name: '1 × 1 (matrix)', dims: [64, 32, 1, 1] },
		{ name: '3 × 3', dims: [16, 8, 3, 3] },
		{ name: '5 × 5', dims: [8, 4, 5, 5] },
		{ name: '7 × 7 first layer', dims: [64, 3, 7, 7] },
		{ name: '11 × 11', dims: [96, 3, 11, 11] },
		{ name: 'depthwise', dims: [480, 1, 3, 3] },
		{ name: 'grouped', dims: [64, 8, 3, 3] },
		{ name: 'ConvTranspose', dims: [16, 8, 4, 4], op: 'ConvTranspose' },
		{ name: '1-D', dims: [32, 16, 5] },
		{ name: '3-D', dims: [8, 4, 3, 3, 3] },
		{ name: 'non-square', dims: [8, 4, 1, 7] },
	])('renders $name $dims whole', async ({ dims, op }) => {
		const n = dims.reduce((a, b) => a * b);
		const m = await renderLayerMosaic({ dims, data: pseudo(n) }, layer(10, op), { outDir: root, name: `shape-${dims.join('x')}` });
		const file = m.files[0];
		const { info } = await pixels(join(root, file.path));
		expect([info.width, info.height]).toEqual([file.width, file.height]);
		expect(m.files.at(-1)!.lastKernel).toBe(dims[0] - 1);
		expect(file.width).toBeLessThanOrEqual(2400);
		expect(file.alt).toContain(`${dims[0]} kernels`);
		if (op === 'ConvTranspose') expect(m.layout.rowsAre).toBe('input channel');
	});

	it('pages a 512 × 512 × 3 × 3 layer within the budget, keeping every kernel', async () => {
		const dims = [512, 512, 3, 3];
		const m = await renderLayerMosaic({ dims, data: pseudo(512 * 512 * 9, 2) }, layer(40), { outDir: root });
		expect(m.files.length).toBeGreaterThan(1);
		for (const f of m.files) expect(f.bytes).toBeLessThanOrEqual(1_500_000);
		expect(m.files[0].firstKernel).toBe(0);
		for (let i = 1; i < m.files.length; i++) expect(m.files[i].firstKernel).toBe(m.files[i - 1].lastKernel + 1);
		expect(m.files.at(-1)!.lastKernel).toBe(511);
		expect(m.note).toMatch(/Split into \d+ pages .* nothing is left out/);
		expect(m.files[0].path).toBe('layers/layer-40-diverging-layer-p1.png');
	});

	it('puts the numbers of a small layer in the text alternative', async () => {
		const m = await renderLayerMosaic({ dims: [1, 1, 2, 2], data: new Float32Array([0.5, -0.25, 0, 0.125]) }, layer(5), { outDir: root });
		expect(m.files[0].alt).toContain('kernel 0: [[0.50, −0.25], [0.00, 0.13]]');
	});
});

describe('renderFirstLayerGallery', () => {
	const data = pseudo(32 * 27, 3);
	data[0] = 0; // kernel 0, channel 0 (B), top-left
	const kernel = { dims: [32, 3, 3, 3], data };

	it('writes one sheet per view with every kernel located', async () => {
		const g = await renderFirstLayerGallery(kernel, join(root, 'g1'), { colorOrder: 'BGR' });
		expect(g.images.map((i) => i.path).sort()).toEqual(
			['rgb-kernel', 'rgb-layer', ...['sum', 'channels'].flatMap((v) => ['diverging', 'viridis'].flatMap((c) => ['kernel', 'layer'].map((n) => `${v}-${c}-${n}`)))]
				.map((k) => `gallery/${k}.png`)
				.sort(),
		);
		for (const img of g.images) {
			expect(img.cells).toHaveLength(32);
			const { info } = await pixels(join(root, 'g1', img.path));
			expect([info.width, info.height]).toEqual([img.width, img.height]);
			const last = img.cells[31];
			expect(last.x + last.width).toBeLessThanOrEqual(img.width);
			expect(last.y + last.height).toBe(img.height);
		}
		expect(g.scale).toBe(32);
		const channels = g.images.find((i) => i.view === 'channels')!;
		expect(channels.channels).toEqual(['B', 'G', 'R']);
		expect(channels.cells[0].alt).toMatch(/^Kernel 0, each input channel on its own, top to bottom: B \[\[0\.00?,/);
	});

	it('draws the RGB composite with zero at mid-grey and channels in R, G, B order', async () => {
		const k = { dims: [1, 3, 1, 1], data: new Float32Array([1, 0, -1]) }; // B = 1, G = 0, R = −1
		const g = await renderFirstLayerGallery(k, join(root, 'g2'), { colorOrder: 'BGR', size: 4 });
		const img = g.images.find((i) => i.view === 'rgb' && i.norm === 'kernel')!;
		const { at } = await pixels(join(root, 'g2', img.path));
		expect(at(0, 0)).toEqual([1, 128, 255]);
		expect(img.cells[0].range).toEqual([-1, 1]);
	});

	it('can write one file per kernel and view, byte-identical across runs', async () => {
		const a = await renderFirstLayerGallery(kernel, join(root, 'g3'), { layout: 'files' });
		await renderFirstLayerGallery(kernel, join(root, 'g4'), { layout: 'files' });
		expect(a.images).toHaveLength(32 * 10);
		expect(a.images[0].path).toBe('gallery/k00-sum-diverging-kernel.png');
		for (const img of a.images) expect(readFileSync(join(root, 'g3', img.path)).equals(readFileSync(join(root, 'g4', img.path)))).toBe(true);
	});
});

describe('renderLegends', () => {
	it('writes colour bars whose ends are the scale ends', async () => {
		const legends = await renderLegends(root);
		const div = legends.find((l) => l.colormap === 'diverging')!;
		const { at, info } = await pixels(join(root, div.path));
		expect(at(0, 0)).toEqual(PUBLISHED.negativeEnd);
		expect(at(info.width - 1, 5)).toEqual(PUBLISHED.positiveEnd);
		expect(at(127, 0)).toEqual(PUBLISHED.zero);
		const rgb = legends.find((l) => l.colormap === 'rgb')!;
		expect((await pixels(join(root, rgb.path))).at(127, 0)).toEqual([128, 128, 128]);
	});
});
