import { describe, expect, it } from 'vitest';
import { analyseLayer, matchShares } from '../../src/analysis/index.ts';
import { inThread, onWorker } from '../../src/pipeline/layer-analyser.ts';

const layer = { index: 3, name: 'conv3', transposed: false, fromGraphInput: false };
// Two hand-made kernels: a vertical Sobel in both channels, and a box blur in channel 0 only.
const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const box = [1, 1, 1, 1, 1, 1, 1, 1, 1];
const data = new Float32Array([...sobel, ...sobel, ...box, ...new Array(9).fill(0)]);

describe('the layer analyser', () => {
	it('gives the same summary on the worker as on this thread, and leaves the caller\'s numbers in place', async () => {
		const big = new Float32Array(1000);
		big.set(data, 500);
		// A view into a larger buffer, as a reader's kernel can be: only the view's numbers go to the worker.
		const kernel = { dims: [2, 2, 3, 3], data: big.subarray(500, 536) };
		const worker = onWorker();
		try {
			const [there, here] = await Promise.all([worker.summary(kernel, layer, 'RGB'), inThread.summary(kernel, layer, 'RGB')]);
			expect(there).toEqual(here);
			const full = analyseLayer({ dims: [2, 2, 3, 3], data }, layer);
			expect(there.families).toEqual(full.families);
			expect(there.shares).toEqual(matchShares(full.kernels));
			expect(there.stats.max).toBe(2);
			expect(there.histogram.counts.reduce((a, b) => a + b, 0)).toBe(36);
			// The copy was moved to the worker, not the caller's buffer.
			expect(big.buffer.byteLength).toBe(4000);
			expect(Array.from(kernel.data)).toEqual(Array.from(data));
		} finally {
			await worker.close();
		}
	});

	it('answers in the order asked, and an error on the worker rejects that layer\'s summary only', async () => {
		const worker = onWorker();
		try {
			const bad = worker.summary({ dims: [2, 2, 3, 3], data: new Float32Array(35) }, layer, 'RGB');
			const good = worker.summary({ dims: [2, 2, 3, 3], data }, layer, 'RGB');
			await expect(bad).rejects.toThrow('Expected 36 weights for shape [2, 2, 3, 3] but received 35');
			expect((await good).stats.l2).toBeCloseTo(Math.sqrt(2 * 12 + 9), 6); // Sobel: 1 + 1 + 4 + 4 + 1 + 1 per channel;
		} finally {
			await worker.close();
		}
	});

	it('rejects summaries asked after it was closed, instead of waiting for ever', async () => {
		const worker = onWorker();
		await worker.close();
		await expect(worker.summary({ dims: [2, 2, 3, 3], data }, layer, 'RGB')).rejects.toThrow('the analysis worker was closed');
	});
});
