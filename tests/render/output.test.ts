/**
 * The image writers' text helpers and file writing (src/render/output.ts), against hand-written values:
 * two significant digits of the largest magnitude, a real minus sign, no "-0", and files written whole
 * on both the small (synchronous) and large (asynchronous) path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decimalsFor, formatMatrix, formatNumber, mapLimit, writeEncoded } from '../../src/render/output.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('decimalsFor', () => {
	it.each([
		{ max: 0.5, decimals: 2 },
		{ max: 1, decimals: 1 },
		{ max: 9.99, decimals: 1 },
		{ max: 10, decimals: 0 },
		{ max: 250, decimals: 0 },
		{ max: 0.005, decimals: 4 },
		{ max: 1e-12, decimals: 8 },
		{ max: 0, decimals: 2 },
		{ max: NaN, decimals: 2 },
		{ max: Infinity, decimals: 2 },
	])('shows two significant digits of $max with $decimals decimals (at most 8, 2 when undefined)', ({ max, decimals }) => {
		expect(decimalsFor(max)).toBe(decimals);
	});
});

describe('formatNumber and formatMatrix', () => {
	it('writes a real minus sign and never "-0"', () => {
		expect(formatNumber(-1.25, 1)).toBe('−1.3');
		expect(formatNumber(-0.001, 2)).toBe('0.00');
		expect(formatNumber(-0, 0)).toBe('0');
		expect(formatNumber(-0.04, 1)).toBe('0.0');
		expect(formatNumber(0.5, 2)).toBe('0.50');
	});

	it('writes a row-major h × w slice as nested brackets', () => {
		expect(formatMatrix([1, -2, 3, 0, 0.5, -0.5], 2, 3, 1)).toBe('[[1.0, −2.0, 3.0], [0.0, 0.5, −0.5]]');
	});
});

describe('mapLimit', () => {
	it('keeps results in item order and never runs more than the limit at once', async () => {
		let running = 0;
		let most = 0;
		const results = await mapLimit([30, 5, 20, 1, 10], 2, async (ms, i) => {
			running++;
			most = Math.max(most, running);
			await new Promise((r) => setTimeout(r, ms));
			running--;
			return `${i}:${ms}`;
		});
		expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
		expect(most).toBe(2);
		expect(await mapLimit([], 4, async () => 1)).toEqual([]);
	});
});

describe('writeEncoded', () => {
	it.each([{ size: 10 }, { size: 64 * 1024 }, { size: 200_000 }])('writes $size bytes whole, creating the folder', async ({ size }) => {
		const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 251));
		const meta = await writeEncoded(root, `deep/${size}/img.png`, bytes, 7, 3, 'alt text');
		expect(meta).toEqual({ path: `deep/${size}/img.png`, width: 7, height: 3, alt: 'alt text', bytes: size });
		expect(readFileSync(join(root, meta.path)).equals(bytes)).toBe(true);
	});
});
