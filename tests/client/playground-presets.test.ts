import { describe, expect, it } from 'vitest';
import { PRESETS, embed, preset } from '../../src/client/playground/presets.ts';
import { formatValue } from '../../src/client/playground/format.ts';
import { CLASSICAL_FILTERS } from '../../src/render/feature-maps.ts';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe.each([3, 5, 7])('presets %i values wide', (size) => {
	it.each(PRESETS)('%s has size² values and the sum its kind needs', (name) => {
		const values = preset(name, size);
		expect(values).toHaveLength(size * size);
		// Smoothing keeps brightness (sum 1), derivatives ignore it (sum 0), identity and sharpen keep it.
		const expected = ['identity', 'box-blur', 'gaussian-blur', 'sharpen'].includes(name) ? 1 : 0;
		expect(sum(values)).toBeCloseTo(expected, 12);
	});
});

describe('preset values', () => {
	it('the 3 × 3 Gaussian is the binomial [1, 2, 1] ⊗ [1, 2, 1] / 16', () => {
		expect(preset('gaussian-blur', 3).map((v) => v * 16)).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
	});
	it('the 5 × 5 Gaussian is [1, 4, 6, 4, 1] ⊗ itself / 256', () => {
		expect(preset('gaussian-blur', 5).slice(10, 15).map((v) => v * 256)).toEqual([6, 24, 36, 24, 6]);
	});
	it('the 8-neighbour Laplacian and the Sobels are the ones the site’s filtered photographs used', () => {
		expect(preset('laplacian-8', 3)).toEqual(CLASSICAL_FILTERS.laplacian.flat());
		expect(preset('sobel-horizontal', 3)).toEqual(CLASSICAL_FILTERS['sobel-horizontal'].flat());
		expect(preset('sobel-vertical', 3)).toEqual(CLASSICAL_FILTERS['sobel-vertical'].flat());
	});
	it('a 3 × 3 kernel grows with zeros around it and shrinks back to its centre', () => {
		const sobel = preset('sobel-vertical', 3);
		const big = embed(sobel, 3, 7);
		expect(big[3 * 7 + 2]).toBe(-2);
		expect(big[3 * 7 + 4]).toBe(2);
		expect(sum(big.map(Math.abs))).toBe(sum(sobel.map(Math.abs)));
		expect(embed(big, 7, 3)).toEqual(sobel);
	});
});

describe('formatValue', () => {
	it.each([
		[-0.123456, 3, '-0.123'],
		[151.234, 3, '151'],
		[1234.5, 3, '1235'],
		[0.000123, 3, '1.23e-4'],
		[-1e-12, 3, '0'],
		[0.1111111, 4, '0.1111'],
		[8, 4, '8'],
	])('%d with %i digits is %s', (v, digits, text) => {
		expect(formatValue(v, digits)).toBe(text);
	});
});
