/**
 * `preprocess.interpolation` and `preprocess.cropPct`: timm's evaluation resize and centre crop on small
 * synthetic images, against expectations computed by hand; and the old path unchanged without them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cropBox, loadPhoto } from '../../src/render/photo.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-resize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a width × height PNG whose pixel (x, y) is `colour(x, y)`. */
async function png(name: string, width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Promise<string> {
	const raw = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(colour(x, y), (y * width + x) * 3);
	const file = join(dir, name);
	await sharp(raw, { raw: { width, height, channels: 3 } }).png().toFile(file);
	return file;
}

const pixel = (rgb: Uint8Array, width: number, x: number, y: number) => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];

describe('cropBox: the geometry of timm\'s transforms_imagenet_eval', () => {
	it.each([
		// 224 / 0.875 = 256: a 640×480 photo becomes 341×256 (341.33 truncated), then 224×224 from (58, 16); 58.5 rounds to even.
		[[480, 640, 224, 224, 0.875], { resizeHeight: 256, resizeWidth: 341, top: 16, left: 58 }],
		[[640, 480, 224, 224, 0.875], { resizeHeight: 341, resizeWidth: 256, top: 58, left: 16 }],
		// floor(224 / 0.95) = 235 (235.79); 235 − 224 = 11, half 5.5 rounds to even 6.
		[[300, 300, 224, 224, 0.95], { resizeHeight: 235, resizeWidth: 235, top: 6, left: 6 }],
		[[100, 200, 50, 50, 1], { resizeHeight: 50, resizeWidth: 100, top: 0, left: 25 }],
	])('%j', (args, expected) => {
		expect(cropBox(...(args as [number, number, number, number, number]))).toEqual(expected);
	});
});

describe('loadPhoto with interpolation and cropPct', () => {
	it('nearest, cropPct 0.5: the short side to size / 0.5, then the centre (exact pixels)', async () => {
		// 12×8 pixels in 2×2 blocks of one colour each: block (bx, by) is (40·bx, 60·by, 100).
		const file = await png('blocks.png', 12, 8, (x, y) => [40 * Math.floor(x / 2), 60 * Math.floor(y / 2), 100]);
		// size 2×2, cropPct 0.5: the 8-pixel short side goes to 4, the long side to floor(4·12/8) = 6, so each
		// block becomes one pixel (6×4); the centre 2×2 starts at ((6−2)/2, (4−2)/2) = (2, 1): blocks x 2..3, y 1..2.
		const photo = await loadPhoto(file, 2, 2, { interpolation: 'nearest', cropPct: 0.5 });
		expect([0, 1, 2, 3].map((i) => pixel(photo.rgb, 2, i % 2, Math.floor(i / 2)))).toEqual([
			[80, 60, 100],
			[120, 60, 100],
			[80, 120, 100],
			[120, 120, 100],
		]);
	});

	it.each(['bilinear', 'bicubic'] as const)('%s on a linear ramp gives the ramp sampled at the pixel centres', async (interpolation) => {
		// Red rises by 10 per pixel from 5 (x = 0) to 155 (x = 15). Halved to 8 pixels, output pixel j covers input
		// pixels 2j and 2j+1, centre 2j + 0.5, red 20j + 10; cropPct 0.5 on size 4 keeps j = 2..5: 50, 70, 90, 110.
		// Both kernels reproduce a linear function exactly, away from the borders.
		const file = await png('ramp.png', 16, 16, (x) => [10 * x + 5, 128, 64]);
		const photo = await loadPhoto(file, 4, 4, { interpolation, cropPct: 0.5 });
		for (let y = 0; y < 4; y++) {
			const reds = [0, 1, 2, 3].map((x) => pixel(photo.rgb, 4, x, y)[0]!);
			reds.forEach((r, x) => expect(Math.abs(r - [50, 70, 90, 110][x]!), `row ${y}: ${reds}`).toBeLessThanOrEqual(1));
		}
	});

	it('without the new fields, the photograph is resized exactly as before (cover, centred, Lanczos-3)', async () => {
		const file = await png('noise.png', 37, 23, (x, y) => [(x * 37 + y * 11) % 256, (x * y * 7) % 256, (x * 3 + y * 29) % 256]);
		const before = await sharp(file).removeAlpha().toColourspace('srgb').resize(16, 12, { fit: 'cover', position: 'centre' }).raw().toBuffer();
		for (const resample of [undefined, {}, { cropPct: 1 }]) {
			const photo = await loadPhoto(file, 12, 16, resample);
			expect(Buffer.from(photo.rgb)).toEqual(before);
		}
	});
});
