/** The colour scales checked entry by entry against their published definitions, and the value → colour helpers. */
import { describe, expect, it } from 'vitest';
import { GAP_INDEX, GAP_RGB, palette, rangeFor, STEPS, toComposite, toIndex } from '../../src/render/colormap.ts';

const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const entry = (p: Uint8Array, i: number) => [...p.subarray(i * 3, i * 3 + 3)];

/** ColorBrewer RdBu, 11 classes, as colorbrewer2.org lists them (dark red first); the scale shows it reversed. */
const RDBU = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'].map(hex).reverse();

/** Relative luminance (WCAG / sRGB): how light a colour looks, to check a scale's lightness profile. */
function luminance([r, g, b]: number[]): number {
	const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
	return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

describe('palette diverging', () => {
	const p = palette('diverging');

	it('runs through the 11 RdBu classes, blue to red, evenly spaced and linear between them', () => {
		for (let i = 0; i < STEPS; i++) {
			// Entry i sits at i / 254 of the scale; the 11 classes sit at 0, 0.1, …, 1.
			const t = (i / (STEPS - 1)) * 10;
			const a = Math.min(Math.floor(t), 9);
			const expected = RDBU[a]!.map((v, c) => v + (RDBU[a + 1]![c]! - v) * (t - a));
			const got = entry(p, i);
			for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - expected[c]!), `entry ${i} [${got}] vs [${expected.map(Math.round)}]`).toBeLessThanOrEqual(0.5);
		}
	});

	it('ends with the gap colour, outside the scale', () => {
		expect(entry(p, GAP_INDEX)).toEqual(GAP_RGB);
		expect(GAP_INDEX).toBe(STEPS);
	});
});

describe('palette viridis', () => {
	const p = palette('viridis');
	const scale = Array.from({ length: STEPS }, (_, i) => entry(p, i));

	it("gets lighter at every step, as viridis is designed to (matplotlib's perceptually uniform map)", () => {
		// Byte rounding may dip a neighbour by a hair; ten entries apart it must always be lighter.
		for (let i = 1; i < STEPS; i++) expect(luminance(scale[i]!), `entry ${i}`).toBeGreaterThan(luminance(scale[i - 1]!) - 0.001);
		for (let i = 10; i < STEPS; i++) expect(luminance(scale[i]!), `entry ${i}`).toBeGreaterThan(luminance(scale[i - 10]!));
	});

	it('changes smoothly: no channel jumps by more than 4 between neighbouring entries', () => {
		for (let i = 1; i < STEPS; i++) for (let c = 0; c < 3; c++) expect(Math.abs(scale[i]![c]! - scale[i - 1]![c]!), `entry ${i}`).toBeLessThanOrEqual(4);
	});

	it('ends with the gap colour', () => {
		expect(entry(p, GAP_INDEX)).toEqual(GAP_RGB);
	});
});

describe('rangeFor', () => {
	it.each([
		{ name: 'diverging' as const, min: -1, max: 3, range: [-3, 3], why: 'symmetric about zero, by the larger magnitude' },
		{ name: 'diverging' as const, min: -4, max: 2, range: [-4, 4], why: 'symmetric, the negative side larger' },
		{ name: 'diverging' as const, min: 0, max: 0, range: [-1, 1], why: 'an all-zero layer still gets a scale' },
		{ name: 'viridis' as const, min: 2, max: 5, range: [2, 5], why: 'min to max' },
		{ name: 'viridis' as const, min: 2, max: 2, range: [1, 3], why: 'a constant is widened by one each side' },
	])('$name over $min…$max is $range: $why', ({ name, min, max, range }) => {
		expect(rangeFor(name, min, max)).toEqual(range);
	});
});

describe('toIndex and toComposite', () => {
	it.each([
		{ v: -1, index: 0 },
		{ v: 0, index: 127 },
		{ v: 1, index: 254 },
		{ v: 0.2, index: 152 }, // 0.6 × 254 = 152.4
		{ v: -5, index: 0 }, // clamped below
		{ v: 5, index: 254 }, // clamped above, never the gap colour
	])('value $v on −1…1 is palette entry $index', ({ v, index }) => {
		expect(toIndex(v, -1, 1)).toBe(index);
	});

	it('rounds half up and clamps as Math.round does, at and beside every half step', () => {
		// The definition: the position on the 255-step scale, rounded half up, clamped, NaN → 0.
		const reference = (v: number, lo: number, hi: number) => {
			const i = Math.round(((v - lo) / (hi - lo)) * (STEPS - 1));
			return Number.isNaN(i) ? 0 : Math.min(STEPS - 1, Math.max(0, i));
		};
		const bits = new Float64Array(1);
		const ulps = new BigInt64Array(bits.buffer);
		const beside = (x: number, n: number) => ((bits[0] = x), (ulps[0] += BigInt(n)), bits[0]!);
		for (const [lo, hi] of [[-1, 1], [0, 254], [-0.37, 0.37], [2, 5]] as const) {
			for (let k = -2; k <= STEPS + 1; k++) {
				const half = lo + ((k + 0.5) / (STEPS - 1)) * (hi - lo);
				for (let n = -3; n <= 3; n++) {
					const v = beside(half, n);
					expect(toIndex(v, lo, hi), `${v} on ${lo}…${hi}`).toBe(reference(v, lo, hi));
				}
			}
		}
		expect(toIndex(Number.NaN, -1, 1)).toBe(0);
		expect(toIndex(Number.POSITIVE_INFINITY, -1, 1)).toBe(254);
		expect(toIndex(Number.NEGATIVE_INFINITY, -1, 1)).toBe(0);
		expect(toIndex(1e300, -1, 1)).toBe(254);
	});

	it.each([
		{ v: 0, m: 2, byte: 128 },
		{ v: 2, m: 2, byte: 255 },
		{ v: -2, m: 2, byte: 1 },
		{ v: 0.5, m: 2, byte: 160 }, // 128 + 127 × 0.25 = 159.75
		{ v: 4, m: 2, byte: 255 },
		{ v: -4, m: 2, byte: 1 },
	])('weight $v of ±$m is composite byte $byte', ({ v, m, byte }) => {
		expect(toComposite(v, m)).toBe(byte);
	});
});
