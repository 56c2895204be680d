import { describe, expect, it } from 'vitest';
import { robustMax } from '../../src/render/feature-maps.ts';

describe('robustMax', () => {
	it('ignores a handful of extreme responses so the rest of the map stays visible', () => {
		const values = Float32Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : -1) * (i / 1000));
		values[7] = 500; // one specular highlight
		expect(robustMax(values)).toBeCloseTo(0.995, 2);
	});

	it('falls back to the maximum for a map that is almost all zero', () => {
		const values = new Float32Array(1000);
		values[3] = -2;
		expect(robustMax(values)).toBe(2);
		expect(robustMax(new Float32Array(4))).toBe(0);
	});
});
