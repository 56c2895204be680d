/**
 * The gallery's contact sheets pixel by pixel: tile size from the scale rule (size / the kernel's
 * drawn width, rounded), the sheet gap max(2, round(scale / 4)), the grid (at most `columns` tiles a
 * row, the rest of the last row gap colour), and every weight's colour computed from the colormap's
 * published anchors (ColorBrewer RdBu reversed) or the composite rule 128 + 127 v / m, not from palette().
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgb, rdbu } from './reference-colours.ts';
import { renderFirstLayerGallery } from '../../src/render/gallery.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-gallery-sheet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GAP = [0x33, 0x33, 0x33];


describe('a gallery sheet of two-channel 1 × 2 kernels', () => {
	// Three kernels [count 3, channels 2, 1 × 2]; channel sums: k0 [1, −1], k1 [0.5, −0.25], k2 [0, 0.25].
	const data = new Float32Array([1, -1, 0, 0, 0.5, 0, 0, -0.25, 0, 0.5, 0, -0.25]);
	const kernel = { dims: [3, 2, 1, 2], data };
	// size 32 over a drawn width of 2 weights: 16 px per weight; gap max(2, round(16 / 4)) = 4; 2 columns.
	const s = 16;
	const gap = 4;
	const run = renderFirstLayerGallery(kernel, join(root, 'two'), { size: 32, columns: 2 });

	it('draws 16 px per weight and names the channels c0, c1, with no colour composite', async () => {
		const g = await run;
		expect(g.scale).toBe(s);
		expect(g.images.some((i) => i.view === 'rgb')).toBe(false);
		const channels = g.images.find((i) => i.view === 'channels')!;
		expect(channels.channels).toEqual(['c0', 'c1']);
		// One decimal: two significant digits of the layer's largest weight, 1.
		expect(channels.cells[1]!.alt.startsWith('Kernel 1, each input channel on its own, top to bottom: c0 [[0.5, 0.0]], c1 [[0.0, −0.3]].')).toBe(true);
		expect(g.note).toBe(
			'Each kernel drawn 16 pixels per weight. Views: the sum over input channels (what the kernel does to a grey image), and each input channel alone; normalised per kernel or across the layer, as each image\'s range states.',
		);
	});

	it('lays three tiles on a 2-column grid with 4-pixel gaps and the fourth cell left in the gap colour', async () => {
		const g = await run;
		const img = g.images.find((i) => i.path === 'gallery/sum-diverging-kernel.png')!;
		// Tiles 32 × 16: two columns and a gap, two rows and a gap.
		expect([img.width, img.height]).toEqual([2 * 32 + gap, 2 * 16 + gap]);
		expect(img.cells.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([
			[0, 0, 32, 16],
			[32 + gap, 0, 32, 16],
			[0, 16 + gap, 32, 16],
		]);
		const { at, width, height } = await decodeRgb(join(root, 'two', img.path));
		expect([width, height]).toEqual([img.width, img.height]);
		// Gaps between columns, between rows, and the empty fourth cell.
		for (const [x, y] of [[32, 0], [32 + gap - 1, 15], [0, 16], [40, 16 + gap - 1], [32 + gap, 16 + gap], [width - 1, height - 1]]) expect(at(x!, y!)).toEqual(GAP);
	});

	it('colours every weight of every tile from the RdBu anchors, per kernel and across the layer', async () => {
		const g = await run;
		const sums = [[1, -1], [0.5, -0.25], [0, 0.25]];
		const index = (v: number, m: number) => Math.round(((v + m) / (2 * m)) * 254);
		for (const norm of ['kernel', 'layer'] as const) {
			const img = g.images.find((i) => i.path === `gallery/sum-diverging-${norm}.png`)!;
			const { at } = await decodeRgb(join(root, 'two', img.path));
			sums.forEach((sum, k) => {
				const m = norm === 'layer' ? 1 : Math.max(...sum.map(Math.abs));
				expect(img.cells[k]!.range).toEqual([-m, m]);
				const x0 = (k % 2) * (32 + gap);
				const y0 = Math.floor(k / 2) * (16 + gap);
				for (let j = 0; j < 2; j++) {
					const want = rdbu(index(sum[j]!, m));
					// Corners of the weight's 16 × 16 square.
					for (const [dx, dy] of [[0, 0], [s - 1, 0], [0, s - 1], [s - 1, s - 1]]) expect(at(x0 + j * s + dx!, y0 + dy!), `kernel ${k} weight ${j} (${norm})`).toEqual(want);
				}
			});
		}
	});

	it('stacks the channels of each tile with a 4-pixel gap, on one scale per kernel', async () => {
		const g = await run;
		const img = g.images.find((i) => i.path === 'gallery/channels-diverging-kernel.png')!;
		const tileH = 2 * 16 + gap;
		expect([img.width, img.height]).toEqual([2 * 32 + gap, 2 * tileH + gap]);
		const { at } = await decodeRgb(join(root, 'two', img.path));
		// Kernel 1 (second column): c0 [0.5, 0], c1 [0, −0.25] on ±0.5.
		const x0 = 32 + gap;
		expect(at(x0, 0)).toEqual(rdbu(254));
		expect(at(x0 + s, s - 1)).toEqual(rdbu(127));
		expect(at(x0, 16)).toEqual(GAP);
		expect(at(x0 + s + 3, 16 + gap)).toEqual(rdbu(Math.round(0.25 * 254)));
		expect(at(x0 + 2 * s - 1, 2 * 16 + gap - 1)).toEqual(rdbu(Math.round(0.25 * 254)));
	});

	it('describes the sheet as all its kernels, then each tile\'s own text', async () => {
		const g = await run;
		for (const img of g.images) {
			const key = img.path.slice('gallery/'.length, -'.png'.length);
			expect(img.alt).toBe(`All 3 kernels, view ${key}, left to right and top to bottom. ${img.cells.map((c) => c.alt).join(' ')}`);
		}
	});
});

describe('a gallery sheet of colour composites', () => {
	// Three RGB 1 × 1 kernels; per kernel, m = max |w|, so bytes are round(128 + 127 w / m).
	const data = new Float32Array([1, 0, -1, 0.5, -0.5, 1, -1, 0.25, 0]);
	const want = [[255, 128, 1], [192, 65, 255], [1, 160, 128]];

	it('fills every gap pixel of every row, and places each tile, on a two-row sheet', async () => {
		// size 4: 4 px per weight, gap 2; two columns, so the second row holds one tile and a gap cell.
		const g = await renderFirstLayerGallery({ dims: [3, 3, 1, 1], data }, join(root, 'rgb'), { size: 4, columns: 2 });
		const img = g.images.find((i) => i.path === 'gallery/rgb-kernel.png')!;
		expect([img.width, img.height]).toEqual([4 + 2 + 4, 4 + 2 + 4]);
		const { at } = await decodeRgb(join(root, 'rgb', img.path));
		for (let y = 0; y < 10; y++) {
			for (let x = 0; x < 10; x++) {
				const col = x < 4 ? 0 : x >= 6 ? 1 : -1;
				const row = y < 4 ? 0 : y >= 6 ? 1 : -1;
				const k = col < 0 || row < 0 ? -1 : row * 2 + col;
				expect(at(x, y), `(${x}, ${y})`).toEqual(k >= 0 && k < 3 ? want[k] : GAP);
			}
		}
		expect(g.note).toContain('the three colour channels as one colour image (zero at mid-grey, a symmetric scale), and each input channel alone');
	});

	it('draws a one-pixel-high sheet: tiles and gap on a single row', async () => {
		// size 1: 1 px per weight, gap max(2, round(1 / 4)) = 2.
		const g = await renderFirstLayerGallery({ dims: [2, 3, 1, 1], data: data.subarray(0, 6) }, join(root, 'row'), { size: 1 });
		const img = g.images.find((i) => i.path === 'gallery/rgb-kernel.png')!;
		expect([img.width, img.height]).toEqual([4, 1]);
		const { at } = await decodeRgb(join(root, 'row', img.path));
		expect([at(0, 0), at(1, 0), at(2, 0), at(3, 0)]).toEqual([want[0], GAP, GAP, want[1]]);
	});
});

describe('composite scales and channel names', () => {
	it('scales the composite to each kernel\'s largest |weight|, or the layer\'s, and an all-zero layer to mid-grey', async () => {
		// k0 = (0.2, 0, 0), k1 = (0.5, −1, 0.25): k0 alone spans ±0.2, the layer ±1.
		const g = await renderFirstLayerGallery({ dims: [2, 3, 1, 1], data: new Float32Array([0.2, 0, 0, 0.5, -1, 0.25]) }, join(root, 'scales'), { size: 1 });
		const perKernel = g.images.find((i) => i.path === 'gallery/rgb-kernel.png')!;
		const perLayer = g.images.find((i) => i.path === 'gallery/rgb-layer.png')!;
		expect(perKernel.cells.map((c) => c.range)).toEqual([[-0.2, 0.2].map(Math.fround), [-1, 1]]);
		expect(perLayer.cells.map((c) => c.range)).toEqual([[-1, 1], [-1, 1]]);
		const k = await decodeRgb(join(root, 'scales', perKernel.path));
		const l = await decodeRgb(join(root, 'scales', perLayer.path));
		// 128 + 127 × w / m, rounded: k0 on ±0.2 is (255, 128, 128); on ±1, (153, 128, 128).
		expect(k.at(0, 0)).toEqual([255, 128, 128]);
		expect(l.at(0, 0)).toEqual([153, 128, 128]);
		expect(l.at(3, 0)).toEqual([192, 1, 160]);
		const zero = await renderFirstLayerGallery({ dims: [1, 3, 1, 1], data: new Float32Array(3) }, join(root, 'zero'), { size: 1 });
		for (const norm of ['kernel', 'layer']) {
			const img = zero.images.find((i) => i.path === `gallery/rgb-${norm}.png`)!;
			expect(img.cells[0]!.range).toEqual([-1, 1]);
			expect((await decodeRgb(join(root, 'zero', img.path))).at(0, 0)).toEqual([128, 128, 128]);
		}
	});

	it('labels three channels by colour only when they are drawn as colour or their order is given', async () => {
		const data = new Float32Array([1, 0, -1]);
		const plain = await renderFirstLayerGallery({ dims: [1, 3, 1, 1], data }, join(root, 'plain'), { size: 1, rgb: false });
		expect(plain.images.some((i) => i.view === 'rgb')).toBe(false);
		expect(plain.images.find((i) => i.view === 'channels')!.channels).toEqual(['c0', 'c1', 'c2']);
		const ordered = await renderFirstLayerGallery({ dims: [1, 3, 1, 1], data }, join(root, 'ordered'), { size: 1, rgb: false, colorOrder: 'BGR' });
		expect(ordered.images.find((i) => i.view === 'channels')!.channels).toEqual(['B', 'G', 'R']);
		const colour = await renderFirstLayerGallery({ dims: [1, 3, 1, 1], data }, join(root, 'colour'), { size: 1 });
		expect(colour.images.find((i) => i.view === 'channels')!.channels).toEqual(['R', 'G', 'B']);
	});
});

describe('a 3-D kernel in the gallery', () => {
	it('draws its depth planes side by side, one weight-wide gap apart', async () => {
		// [1, 1, 2, 1, 1]: two planes of one weight; 96 / (2 + 1) = 32 px per weight, so 96 × 32.
		const g = await renderFirstLayerGallery({ dims: [1, 1, 2, 1, 1], data: new Float32Array([1, -1]) }, join(root, 'deep'));
		expect(g.scale).toBe(32);
		const img = g.images.find((i) => i.path === 'gallery/sum-diverging-kernel.png')!;
		const { at, width, height } = await decodeRgb(join(root, 'deep', img.path));
		expect([width, height]).toEqual([96, 32]);
		expect([at(0, 0), at(31, 31), at(32, 0), at(63, 31), at(64, 0), at(95, 31)]).toEqual([rdbu(254), rdbu(254), GAP, GAP, rdbu(0), rdbu(0)]);
	});
});

describe('the files layout', () => {
	it('writes one image per kernel and view, each a single cell covering it, numbered to the widest index', async () => {
		const data = Float32Array.from({ length: 12 * 3 }, (_, i) => ((i * 7) % 5) - 2);
		const g = await renderFirstLayerGallery({ dims: [12, 3, 1, 1], data }, join(root, 'files'), { size: 2, layout: 'files' });
		expect(g.images).toHaveLength(12 * 10);
		const rgb = g.images.filter((i) => i.view === 'rgb' && i.norm === 'layer');
		expect(rgb.map((i) => i.path)).toEqual(Array.from({ length: 12 }, (_, k) => `gallery/k${String(k).padStart(2, '0')}-rgb-layer.png`));
		for (const [k, img] of rgb.entries()) expect(img.cells).toEqual([{ kernel: k, x: 0, y: 0, width: 2, height: 2, alt: img.alt, range: [-2, 2] }]);
		// Kernel 1 is weights 3–5: (21 % 5 − 2, 28 % 5 − 2, 35 % 5 − 2) = (−1, 1, −2) on ±2, so
		// 128 + 127 w / 2 = 64.5, 191.5, 1, rounded (half up) to (65, 192, 1).
		const { at } = await decodeRgb(join(root, 'files', rgb[1]!.path));
		expect(at(1, 1)).toEqual([65, 192, 1]);
	});
});

describe('a gallery sheet of 3-D kernels and the rows it stores', () => {
	// One RGB kernel of depth 2, height 1, width 2: weights by (channel, depth, column), m = max |w| = 1.
	// R = [[1, 0], [0.5, -1]], G = [[0, 0], [0, 0]], B = [[-0.5, 0], [0, 1]].
	const data = new Float32Array([1, 0, 0.5, -1, 0, 0, 0, 0, -0.5, 0, 0, 1]);
	const byte = (v: number) => Math.round(128 + 127 * v);

	it('draws each depth plane beside the last, one gap column apart, in the composite and the channel sum', async () => {
		// size 10 over a drawn width of 2 × 2 + 1 = 5 weights: 2 px per weight; planes at x 0–3 and 6–9, the gap at 4–5.
		const g = await renderFirstLayerGallery({ dims: [1, 3, 2, 1, 2], data }, join(root, 'depth'), { size: 10 });
		expect(g.scale).toBe(2);
		const rgb = await decodeRgb(join(root, 'depth', 'gallery/rgb-layer.png'));
		expect([rgb.width, rgb.height]).toEqual([10, 2]);
		const want = [[1, 0, -0.5], [0, 0, 0], null, [0.5, 0, 0], [-1, 0, 1]];
		for (let x = 0; x < 10; x++) {
			const w = want[Math.floor(x / 2)];
			for (const y of [0, 1]) expect(rgb.at(x, y), `(${x}, ${y})`).toEqual(w ? w.map(byte) : GAP);
		}
		// Summed over channels: [[0.5, 0], [0.5, 0]] on the layer's diverging scale (±0.5): red, white | gap | red, white.
		const sum = await decodeRgb(join(root, 'depth', 'gallery/sum-diverging-layer.png'));
		expect([sum.at(0, 0), sum.at(3, 1), sum.at(4, 0), sum.at(6, 1), sum.at(9, 0)]).toEqual([rdbu(254), rdbu(127), GAP, rdbu(254), rdbu(127)]);
	});

	it('reads each depth plane of a taller kernel from its own weights (planes of 2 × 1: [1, −1] and [0.5, 0])', async () => {
		// size 10 over max(drawn width 3, height 2): 3 px per weight; plane 0 at x 0–2, the gap at 3–5, plane 1 at 6–8.
		const g = await renderFirstLayerGallery({ dims: [1, 1, 2, 2, 1], data: new Float32Array([1, -1, 0.5, 0]) }, join(root, 'tall'), { size: 10 });
		expect(g.scale).toBe(3);
		const sum = await decodeRgb(join(root, 'tall', 'gallery/sum-diverging-layer.png'));
		expect([sum.width, sum.height]).toEqual([9, 6]);
		// On the layer's scale ±1: 1 → entry 254, −1 → 0, 0.5 → 190.5 rounded up to 191, 0 → 127.
		expect([sum.at(1, 1), sum.at(1, 4), sum.at(4, 1), sum.at(7, 1), sum.at(7, 4)]).toEqual([rdbu(254), rdbu(0), GAP, rdbu(191), rdbu(127)]);
	});

	it('stores a row that repeats the row above as filter type 2 (Up) and zeros, and every other row as type 0', async () => {
		// Three 1-channel 2 × 1 kernels, 3 px per weight, gap 2, two columns: band rows 0–5 (weights), 6–7 (gap).
		const g = await renderFirstLayerGallery({ dims: [3, 1, 2, 1], data: new Float32Array([1, -1, 0.5, 0, -0.5, 1]) }, join(root, 'rows'), { size: 6, columns: 2 });
		expect(g.scale).toBe(3);
		const png = readFileSync(join(root, 'rows', 'gallery/sum-diverging-layer.png'));
		const width = png.readUInt32BE(16);
		const height = png.readUInt32BE(20);
		expect([width, height]).toEqual([3 + 2 + 3, 6 + 2 + 6]);
		let idat = Buffer.alloc(0);
		for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat = Buffer.concat([idat, png.subarray(at + 8, at + 8 + png.readUInt32BE(at))]);
		const raw = inflateSync(idat);
		const filters = Array.from({ length: height }, (_, y) => raw[y * (width + 1)]);
		// Rows 0 and 3 start a row of weights, row 6 the gap; 8 and 11 the second row of tiles.
		expect(filters).toEqual([0, 2, 2, 0, 2, 2, 0, 2, 0, 2, 2, 0, 2, 2]);
		for (let y = 0; y < height; y++) if (filters[y] === 2) expect(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)).every((b) => b === 0), `row ${y}`).toBe(true);
	});
});
