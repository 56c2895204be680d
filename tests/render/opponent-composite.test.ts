/**
 * The colour-opponent labels against the RGB composite a reader sees: for planted kernels stored in RGB
 * and in BGR order, the composite's pixel where the kernel's pattern peaks shows the colour named
 * `positive`, and where it dips the colour named `negative` (the channels above / below mid-grey).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseLayer } from '../../src/analysis/index.ts';
import { renderFirstLayerGallery } from '../../src/render/index.ts';
import { toWeights } from '../analysis/planted.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-opponent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A pattern that peaks at the top-left (+1) and dips at the bottom-right (−1).
const P = [[1, 0.5, 0], [0.5, 0, -0.5], [0, -0.5, -1]];
const times = (f: number) => P.map((r) => r.map((v) => v * f));
const layer = { index: 0, name: 'conv1', transposed: false, fromGraphInput: true };

/** The colour a composite pixel shows, by hand: the channels clearly above mid-grey (128). */
function seen([r, g, b]: number[]): string {
	const up = [r! > 160, g! > 160, b! > 160];
	const names: Record<string, string> = { '100': 'red', '010': 'green', '001': 'blue', '110': 'yellow', '011': 'cyan', '101': 'magenta' };
	return names[up.map(Number).join('')] ?? 'grey';
}

describe.each(['RGB', 'BGR'] as const)('colour-opponent labels and the composite (%s storage)', (order) => {
	it.each([
		{ name: 'red minus blue', rgb: [times(1), times(0), times(-1)], positive: 'red', negative: 'blue' },
		{ name: 'yellow minus blue', rgb: [times(1), times(1), times(-1)], positive: 'yellow', negative: 'blue' },
		{ name: 'green minus magenta', rgb: [times(-1), times(1), times(-1)], positive: 'green', negative: 'magenta' },
	])('$name: the composite shows $positive at the peak and $negative at the dip', async ({ rgb, positive, negative }) => {
		const weights = toWeights([rgb], order);
		const k = analyseLayer(weights, layer, { colorOrder: order }).kernels[0]!;
		expect(k.colorOpponent).toMatchObject({ positive, negative });
		const out = join(dir, `${order}-${positive}`);
		const g = await renderFirstLayerGallery({ dims: weights.dims, data: weights.data }, out, { colorOrder: order, rgb: true, layout: 'files' });
		const image = g.images.find((i) => i.view === 'rgb' && i.norm === 'kernel')!;
		const { data, info } = await sharp(join(out, image.path)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		const pixel = (x: number, y: number) => [0, 1, 2].map((c) => data[(y * info.width + x) * info.channels + c]!);
		// Centres of the top-left and bottom-right weight cells.
		const cell = info.width / 3;
		expect(seen(pixel(Math.floor(cell / 2), Math.floor(cell / 2)))).toBe(positive);
		expect(seen(pixel(Math.floor(2.5 * cell), Math.floor(2.5 * cell)))).toBe(negative);
	});
});
