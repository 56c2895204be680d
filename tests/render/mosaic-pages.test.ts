/**
 * Mosaic facts from the layout rules of src/render/mosaic.ts: pointwise (1 × 1) kernels as squares
 * with no gap between channels, pages split by the byte budget into equal parts of whole rows, and the
 * note and text alternatives that say what is drawn. Colours come from the RdBu anchors, not palette().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgb, rdbu } from './reference-colours.ts';
import { renderLayerMosaic } from '../../src/render/mosaic.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-mosaic-pages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const layer = (index: number) => ({ index, name: `conv${index}`, transposed: false, fromGraphInput: false });
const pseudo = (n: number, seed = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 0.3);


describe('a pointwise layer', () => {
	// Two kernels of three 1 × 1 channels. Blocks per row round(sqrt(2 × 1 / (3 + 2))) = 1; the largest
	// scale, 32, fits 1200 px; pointwise tiles have no channel gap and no row gap.
	const data = new Float32Array([1, 0, -1, 0.5, -0.5, 0.25]);

	it('draws each weight as a 32 × 32 square, channels side by side, kernels one per row', async () => {
		const m = await renderLayerMosaic({ dims: [2, 3, 1, 1], data }, layer(1), { outDir: root });
		expect(m.scale).toBe(32);
		expect(m.layout).toMatchObject({ kernelsPerRow: 1, tileWidth: 32, tileHeight: 32, channelGap: 0, blockWidth: 96, blockGap: 2, rowGap: 0 });
		const { at, width, height } = await decodeRgb(join(root, m.files[0]!.path));
		expect([width, height]).toEqual([96, 64]);
		// Layer scale ±1: index round((v + 1) / 2 × 254).
		const want = [[254, 127, 0], [191, 64, 159]];
		for (let k = 0; k < 2; k++) {
			for (let c = 0; c < 3; c++) {
				for (const [dx, dy] of [[0, 0], [31, 0], [0, 31], [31, 31], [16, 16]]) expect(at(c * 32 + dx!, k * 32 + dy!), `kernel ${k} channel ${c}`).toEqual(rdbu(want[k]![c]!));
			}
		}
	});

	it('describes weights with no spatial axes as 1 wide, and per-kernel scales in words', async () => {
		const m = await renderLayerMosaic({ dims: [2, 3], data }, layer(2), { outDir: root, norm: 'kernel' });
		expect(m.files[0]!.alt).toBe(
			'Layer 2 (conv2): 2 kernels of 3 × 1 weights. Blue is negative, near-white zero, red positive, each kernel on its own scale. Weights: kernel 0: [[1.0]] [[0.0]] [[−1.0]]; kernel 1: [[0.5]] [[−0.5]] [[0.3]].',
		);
		expect(m.note).toBe(
			'Blue is negative, near-white zero, red positive, each kernel scaled to its own range. Rows of blocks: one block per output channel, its input channel (within group) slices side by side.',
		);
	});
});

describe('a 3-D layer', () => {
	it('says its depth planes run left to right', async () => {
		const m = await renderLayerMosaic({ dims: [2, 1, 3, 2, 2], data: pseudo(24) }, layer(3), { outDir: root });
		expect(m.note).toContain('its input channel (within group) slices side by side, each slice\'s 3 depth planes left to right.');
	});
});

describe('paging by the byte budget', () => {
	// 24 kernels of 4 × 3 × 3: two blocks per row (round(sqrt(24 × 4 / (4·3 + 3 + 3)))), so 12 rows.
	const dims = [24, 4, 3, 3];
	const kernel = { dims, data: pseudo(24 * 36, 5) };

	it('splits a page twice the budget into ceil(1.1 × 2) = 3 parts of 4 rows, in kernel order', async () => {
		const whole = await renderLayerMosaic(kernel, layer(4), { outDir: root, name: 'whole' });
		expect(whole.layout.kernelsPerRow).toBe(2);
		expect(whole.files).toHaveLength(1);
		const budget = whole.files[0]!.bytes / 2;
		const m = await renderLayerMosaic(kernel, layer(4), { outDir: root, name: 'half', budgetBytes: budget });
		expect(m.files.map((f) => [f.path, f.firstKernel, f.lastKernel])).toEqual([
			['half-p1.png', 0, 7],
			['half-p2.png', 8, 15],
			['half-p3.png', 16, 23],
		]);
		for (const f of m.files) expect(f.bytes).toBeLessThanOrEqual(budget);
		expect(m.files[1]!.alt).toMatch(/^Layer 4 \(conv4\): 24 kernels of 4 × 3×3 weights, page 2 of 3, kernels 8–15\. Blue is negative/);
		expect(m.note).toMatch(/ Split into 3 pages of whole kernels to keep each image under 0\.0 MB and 4 megapixels; nothing is left out\.$/);
	});

	it('splits again a part that is still over the budget, wherever it starts', async () => {
		// 96 kernels drawn 1 px per weight (target width 100); the first half is zero (a few bytes of PNG),
		// the second half noise. Equal parts of the whole leave the noisy parts over the budget, so each
		// of those is split again on its own, from wherever it starts.
		const wide = [96, 4, 3, 3];
		const data = pseudo(96 * 36, 5);
		data.fill(0, 0, 48 * 36);
		const whole = await renderLayerMosaic({ dims: wide, data }, layer(11), { outDir: root, name: 'skew-whole', targetWidth: 100 });
		expect(whole.scale).toBe(1);
		const budget = whole.files[0]!.bytes / 2;
		const m = await renderLayerMosaic({ dims: wide, data }, layer(11), { outDir: root, name: 'skew', budgetBytes: budget, targetWidth: 100 });
		expect(m.files.length).toBeGreaterThan(3);
		expect(m.files[0]!.firstKernel).toBe(0);
		for (let i = 1; i < m.files.length; i++) expect(m.files[i]!.firstKernel).toBe(m.files[i - 1]!.lastKernel + 1);
		expect(m.files.at(-1)!.lastKernel).toBe(95);
		const perRow = m.layout.kernelsPerRow;
		for (const f of m.files) expect(f.bytes <= budget || f.lastKernel - f.firstKernel < perRow, f.path).toBe(true);
	});

	it('states the budget in megabytes, one decimal', async () => {
		// A budget below every one-row page: each row becomes its own page (a row is never split).
		const m = await renderLayerMosaic(kernel, layer(5), { outDir: root, name: 'rows', budgetBytes: 1 });
		expect(m.files).toHaveLength(12);
		expect(m.files.map((f) => f.firstKernel)).toEqual(Array.from({ length: 12 }, (_, r) => 2 * r));
		expect(m.note).toContain('under 0.0 MB and 4 megapixels');
		const big = await renderLayerMosaic({ dims: [512, 512, 3, 3], data: pseudo(512 * 512 * 9, 2) }, layer(6), { outDir: root, name: 'big', budgetBytes: 2_340_000 });
		expect(big.note).toContain('under 2.3 MB and 4 megapixels');
	});
});

describe('weights of other ranks, drawn pixel by pixel', () => {
	it('puts a 3-D kernel\'s depth planes side by side, one gap pixel apart', async () => {
		// [1, 1, 2, 1, 2]: depth 2, height 1, width 2; a tile is 2 × 2 × 32 + 1 = 129 px wide at scale 32.
		const m = await renderLayerMosaic({ dims: [1, 1, 2, 1, 2], data: new Float32Array([1, -1, 0.5, 0]) }, layer(7), { outDir: root });
		expect(m.scale).toBe(32);
		const { at, width, height } = await decodeRgb(join(root, m.files[0]!.path));
		expect([width, height]).toEqual([129, 32]);
		const columns: [number, number[]][] = [[0, rdbu(254)], [31, rdbu(254)], [32, rdbu(0)], [63, rdbu(0)], [64, [0x33, 0x33, 0x33]], [65, rdbu(191)], [96, rdbu(191)], [97, rdbu(127)], [128, rdbu(127)]];
		for (const [x, want] of columns) for (const y of [0, 31]) expect(at(x, y), `(${x}, ${y})`).toEqual(want);
	});

	it('draws a 1-D kernel as one row per channel slice, channels one gap pixel apart', async () => {
		// [1, 2, 3]: two channels of 3 weights; tiles 96 × 32, the second at x = 97.
		const m = await renderLayerMosaic({ dims: [1, 2, 3], data: new Float32Array([1, 0, -1, -0.5, 0.5, 0.25]) }, layer(8), { outDir: root });
		const { at, width, height } = await decodeRgb(join(root, m.files[0]!.path));
		expect([width, height]).toEqual([193, 32]);
		expect(m.files[0]!.alt).toContain('1 kernels of 2 × 3 weights');
		const want = [254, 127, 0, 64, 191, 159];
		for (let c = 0; c < 2; c++) for (let j = 0; j < 3; j++) expect(at(c * 97 + j * 32 + 5, 20), `channel ${c} weight ${j}`).toEqual(rdbu(want[c * 3 + j]!));
		expect(at(96, 10)).toEqual([0x33, 0x33, 0x33]);
	});
});

describe('the scale rule', () => {
	it('takes the largest integer scale whose image fits the target width', async () => {
		// Four 3 × 3 kernels: 2 blocks a row (round(sqrt(4 × 4 / 6))), 2 × 3s + 3 ≤ 100 gives s = 16.
		const m = await renderLayerMosaic({ dims: [4, 1, 3, 3], data: pseudo(36) }, layer(9), { outDir: root, targetWidth: 100 });
		expect([m.scale, m.width, m.height]).toEqual([16, 99, 2 * 48 + 1]);
	});

	it('also keeps the image at most twice the target width tall', async () => {
		// One 50 × 1 kernel: 50 s ≤ 200 gives s = 4, though s = 100 would fit the width.
		const m = await renderLayerMosaic({ dims: [1, 1, 50, 1], data: pseudo(50) }, layer(10), { outDir: root, targetWidth: 100 });
		expect([m.scale, m.width, m.height]).toEqual([4, 4, 200]);
	});
});
