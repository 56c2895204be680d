/** How weight tensors split into kernels, and the statistics' edge cases, by hand-counted examples. */
import { describe, expect, it } from 'vitest';
import { histogram, kernelAxes, kernelGeometry, readsImage, weightStats } from '../../src/analysis/index.ts';
import { maxAbs } from '../../src/analysis/stats.ts';

describe('readsImage', () => {
	it.each([
		{ fromGraphInput: true, index: 5, reads: true, why: 'the graph says so, wherever the layer is' },
		{ fromGraphInput: false, index: 0, reads: false, why: 'the graph says not, even for the first layer' },
		{ fromGraphInput: null, index: 0, reads: true, why: 'a checkpoint: its first weight is the stem' },
		{ fromGraphInput: null, index: 3, reads: false, why: 'a checkpoint: later weights are not' },
	])('fromGraphInput $fromGraphInput, layer $index: $reads ($why)', ({ fromGraphInput, index, reads }) => {
		expect(readsImage({ fromGraphInput, index })).toBe(reads);
	});
});

describe('kernelGeometry', () => {
	it.each([
		{ dims: [64, 3, 7, 7], geo: { count: 64, channels: 3, spatial: [7, 7], size: 49, height: 7, width: 7, depth: 1 } },
		{ dims: [8, 4, 3, 5], geo: { count: 8, channels: 4, spatial: [3, 5], size: 15, height: 3, width: 5, depth: 1 } },
		{ dims: [32, 16, 5], geo: { count: 32, channels: 16, spatial: [5], size: 5, height: 1, width: 5, depth: 1 } },
		{ dims: [8, 4], geo: { count: 8, channels: 4, spatial: [], size: 1, height: 1, width: 1, depth: 1 } },
		// 3-D: depth slices of height × width; anything beyond 3-D is folded into the depth.
		{ dims: [8, 4, 3, 4, 5], geo: { count: 8, channels: 4, spatial: [3, 4, 5], size: 60, height: 4, width: 5, depth: 3 } },
		{ dims: [2, 1, 2, 3, 4, 5], geo: { count: 2, channels: 1, spatial: [2, 3, 4, 5], size: 120, height: 4, width: 5, depth: 6 } },
	])('$dims', ({ dims, geo }) => {
		expect(kernelGeometry(dims)).toEqual(geo);
	});

	it.each([[[]], [[16]], [[2, 0, 3]], [[2, 1.5, 3]], [[2, 1, -3]]])('rejects %j with a message naming the shape', (dims) => {
		expect(() => kernelGeometry(dims)).toThrow(new TypeError(`Expected a weight shape [N, C, k...] of positive integers but received [${dims.join(', ')}]`));
	});
});

describe('kernelAxes', () => {
	it('names what rows and columns of a mosaic are, for ordinary and transposed convolutions', () => {
		expect(kernelAxes(false)).toEqual({ kernels: 'output channel', channels: 'input channel (within group)' });
		expect(kernelAxes(true)).toEqual({ kernels: 'input channel', channels: 'output channel (within group)' });
	});
});

describe('statistics edge cases', () => {
	it('measures the largest magnitude, negative or not', () => {
		expect(maxAbs([-3, 2])).toBe(3);
		expect(maxAbs([])).toBe(0);
	});

	it('gives zeros for no weights rather than NaN or infinities', () => {
		expect(weightStats([])).toEqual({ min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 });
	});

	it('spans the histogram over ±max|w|, the ends in the outer bins', () => {
		// Width 4 / 64 = 1/16: −2 → bin 0, 0.5 → (2.5 × 16) = bin 40, 2 → bin 64, clamped to the last.
		const h = histogram([-2, 0.5, 2]);
		expect([h.min, h.max]).toEqual([-2, 2]);
		expect(h.counts).toHaveLength(64);
		expect([h.counts[0], h.counts[40], h.counts[63]]).toEqual([1, 1, 1]);
	});

	it('gives an all-zero layer the range ±1, everything in the bin right of zero', () => {
		const h = histogram([0, 0, 0]);
		expect([h.min, h.max, h.counts[32]]).toEqual([-1, 1, 3]);
	});
});
