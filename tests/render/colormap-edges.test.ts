/**
 * Edges of the colour scale and the image writers that mutation testing found unguarded. The scale has
 * 255 steps, indices 0–254, and index 255 is the gap colour (src/render/colormap.ts): a value past the end
 * of its range must land on 254, never on the gap.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { GAP_INDEX, STEPS, toIndex } from '../../src/render/colormap.ts';
import { renderLegends } from '../../src/render/legend.ts';
import { encodePng } from '../../src/render/png.ts';

describe('toIndex', () => {
	it('clamps just past either end to the last scale entry, never the gap entry', () => {
		// (hi − lo) / 254 past hi rounds to index 255 before clamping; 2/254 past, to 256.
		expect(toIndex(1 + 1 / 254, 0, 1)).toBe(254);
		expect(toIndex(1 + 2 / 254, 0, 1)).toBe(254);
		expect(toIndex(-1 / 254, 0, 1)).toBe(0);
		expect(STEPS - 1).toBe(254);
		expect(GAP_INDEX).toBe(255);
	});
});

describe('encodePng', () => {
	it('refuses pixels that do not fill width × height × bytes per pixel, saying how many it expected', async () => {
		await expect(encodePng({ kind: 'rgb', width: 2, height: 3, pixels: new Uint8Array(17) })).rejects.toThrow(new TypeError('Expected 18 pixel bytes for 2×3 but received 17'));
		await expect(encodePng({ kind: 'indexed', width: 2, height: 3, pixels: new Uint8Array(7), palette: new Uint8Array(768) })).rejects.toThrow('Expected 6 pixel bytes for 2×3 but received 7');
	});

	it('writes the pixels it is given (an independent decoder, sharp, reads them back)', async () => {
		const png = await encodePng({ kind: 'rgb', width: 2, height: 1, pixels: new Uint8Array([255, 0, 0, 0, 0, 255]) });
		const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
		expect([info.width, info.height, info.channels]).toEqual([2, 1, 3]);
		expect(Array.from(data)).toEqual([255, 0, 0, 0, 0, 255]);
	});
});

describe('renderLegends', () => {
	const out = mkdtempSync(join(tmpdir(), 'atlas-legends-'));
	afterAll(() => rmSync(out, { recursive: true, force: true }));

	it('writes the three colour bars into legends/ by default', async () => {
		const images = await renderLegends(out);
		expect(images.map((i) => i.path)).toEqual(['legends/colorbar-diverging.png', 'legends/colorbar-viridis.png', 'legends/colorbar-rgb.png']);
		for (const i of images) expect(existsSync(join(out, i.path))).toBe(true);
	});
});
