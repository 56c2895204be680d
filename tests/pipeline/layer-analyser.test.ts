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

	it('moves a handed-over kernel that fills its own buffer to the worker without a copy, and copies a view', async () => {
		const own = { dims: [2, 2, 3, 3], data: Float32Array.from(data) };
		const big = new Float32Array(100);
		big.set(data, 10);
		const view = { dims: [2, 2, 3, 3], data: big.subarray(10, 46) };
		const expected = await inThread.summary({ dims: [2, 2, 3, 3], data }, layer, 'RGB');
		const worker = onWorker();
		try {
			expect(await worker.summary(own, layer, 'RGB', { handOver: true })).toEqual(expected);
			expect(own.data.length).toBe(0); // moved: this thread's array is detached
			expect(await worker.summary(view, layer, 'RGB', { handOver: true })).toEqual(expected);
			expect(Array.from(view.data)).toEqual(Array.from(data)); // a view on a larger buffer is copied
			const kept = { dims: [2, 2, 3, 3], data: Float32Array.from(data) };
			expect(await worker.summary(kept, layer, 'RGB')).toEqual(expected);
			expect(Array.from(kept.data)).toEqual(Array.from(data)); // without handOver, always copied
		} finally {
			await worker.close();
		}
	});

	it('copies later layers into the buffers the worker gives back, and each answer is that layer\'s alone', async () => {
		// Large first, then smaller ones, so the later copies land in a reused, larger buffer with the earlier
		// layer's numbers after their end: a summary that read past its own length would change.
		const large = { dims: [4, 2, 3, 3], data: Float32Array.from({ length: 72 }, (_, i) => Math.sin(i) * 3) };
		const small = { dims: [1, 1, 3, 3], data: new Float32Array(sobel) };
		const other = { dims: [2, 2, 3, 3], data: Float32Array.from(data, (v) => -v) };
		const worker = onWorker();
		try {
			for (const kernel of [large, small, other, small, large]) {
				// One at a time: each answer returns its buffer before the next copy is made.
				expect(await worker.summary(kernel, layer, 'RGB')).toEqual(await inThread.summary(kernel, layer, 'RGB'));
			}
			expect((await worker.summary(small, layer, 'RGB')).histogram.counts.reduce((a, b) => a + b, 0)).toBe(9);
			expect(Array.from(small.data)).toEqual(sobel);
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

	it('reads a first layer\'s channels in the configured colour order, on the worker as on this thread', async () => {
		// Kernel 0: a vertical Sobel in channel 0, nothing in channel 1, a box blur in channel 2. Luminance weighs
		// red 0.299 and blue 0.114, so read as RGB the edge dominates; read as BGR (channel 0 is blue) the blur does.
		// Kernel 1: +1 in channel 0, −1 in channel 1: a colour opponent in either order, but only on a layer that
		// reads the image (a later layer's channels are not colours).
		const zero = new Array(9).fill(0);
		const first = { dims: [2, 3, 3, 3], data: new Float32Array([...sobel, ...zero, ...box, ...box, ...box.map((v) => -v), ...zero]) };
		const imageLayer = { index: 0, name: 'conv1', transposed: false, fromGraphInput: true };
		const rgb = { 'sobel-vertical': 1, 'color-opponent': 1 };
		const bgr = { 'box-blur': 1, 'color-opponent': 1 };
		expect((await inThread.summary(first, imageLayer, 'RGB')).families).toEqual(rgb);
		expect((await inThread.summary(first, imageLayer, 'BGR')).families).toEqual(bgr);
		const worker = onWorker();
		try {
			expect((await worker.summary(first, imageLayer, 'RGB')).families).toEqual(rgb);
			expect((await worker.summary(first, imageLayer, 'BGR')).families).toEqual(bgr);
		} finally {
			await worker.close();
		}
	});

	it('closing while the worker\'s answer is already on its way rejects that summary, and the late answer is dropped', async () => {
		const worker = onWorker();
		const asked = worker.summary({ dims: [2, 2, 3, 3], data }, layer, 'RGB');
		// Block this thread long enough for the worker to start, answer and post its reply, which then waits in the queue.
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
		const closed = worker.close();
		await expect(asked).rejects.toThrow('the analysis worker was closed');
		await closed;
		await new Promise((r) => setTimeout(r, 50));
	});
});
