/**
 * Where a layer's summary (statistics, histogram, family census, match shares) is computed: on this
 * thread, or on one worker thread (`analysis-worker.ts`) while this one draws the mosaics. Both run the
 * same `analyseLayer`, so the numbers are the same; the worker only moves the work to the second core.
 */
import { Worker } from 'node:worker_threads';
import { analyseLayer, type KernelData, type LayerAnalysis, type LayerShapeInfo, matchShares, type MatchShares } from '../analysis/index.ts';
import { JobError, type SerializedError } from './worker-pool.ts';

/** What the layer table and layer browser show of a layer's analysis (not its per-kernel results). */
export interface LayerSummary extends Pick<LayerAnalysis, 'stats' | 'histogram' | 'families' | 'groups'> {
	shares: MatchShares;
}

/** One layer to summarise, as posted to the worker: the kernel numbers, the layer's shape facts, the colour order. */
export interface SummaryRequest {
	id: number;
	kernel: KernelData;
	layer: LayerShapeInfo;
	colorOrder: 'RGB' | 'BGR';
}

/** The worker's answer, with the request's buffer moved back so the next layer can be copied into it. */
export type SummaryReply = ({ id: number; summary: LayerSummary } | { id: number; error: SerializedError }) & { buffer: ArrayBuffer };

/** The summary of one analysed layer. */
export function summarise(analysis: LayerAnalysis): LayerSummary {
	const { stats, histogram, families, groups } = analysis;
	return { stats, histogram, families, groups, shares: matchShares(analysis.kernels) };
}

export interface LayerAnalyser {
	/**
	 * The layer's summary. With `handOver`, the caller is done with `kernel`: a worker may take its buffer
	 * (the numbers are moved, not copied, and `kernel.data` is left empty) when the numbers fill it.
	 */
	summary(kernel: KernelData, layer: LayerShapeInfo, colorOrder: 'RGB' | 'BGR', options?: { handOver?: boolean }): Promise<LayerSummary>;
	/** Stops the worker, if there is one; summaries not yet answered reject. */
	close(): Promise<void>;
}

/** Summaries computed on the calling thread. */
export const inThread: LayerAnalyser = {
	summary: async (kernel, layer, colorOrder) => summarise(analyseLayer(kernel, layer, { colorOrder })),
	close: async () => {},
};

/** Whether `values` fills a buffer of its own that can be moved to another thread (not a view on a larger one). */
function ownsBuffer(values: Float32Array): values is Float32Array<ArrayBuffer> {
	return values.buffer instanceof ArrayBuffer && values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
}

// Copy buffers kept between layers: at most this many (the layers in flight, and one being answered).
const MAX_SPARE = 4;

/**
 * Summaries computed on one worker thread, in the order asked. A kernel handed over with its own buffer
 * is moved to the worker as it is. Otherwise its numbers are copied once and the copy is moved, not
 * cloned: a reader's kernel can be a view on a much larger buffer, and the caller may go on drawing from
 * it. The worker moves each buffer back with its answer, and later copies are made into those: a fresh
 * buffer costs a page fault per 4 kB on first write, which for ResNet-50's 100 MB of weights took longer
 * than drawing its mosaics.
 */
export function onWorker(): LayerAnalyser {
	const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { argv: [new URL('./analysis-worker.ts', import.meta.url).href] });
	const pending = new Map<number, { resolve: (s: LayerSummary) => void; reject: (e: Error) => void }>();
	let next = 0;
	let failure: Error | null = null;
	const spare: ArrayBuffer[] = [];
	/** A copy of `values` in a spare buffer big enough for it (the smallest such), or in a new one. */
	const copyOf = (values: Float32Array): Float32Array<ArrayBuffer> => {
		let best = -1;
		for (let i = 0; i < spare.length; i++) if (spare[i]!.byteLength >= values.byteLength && (best < 0 || spare[i]!.byteLength < spare[best]!.byteLength)) best = i;
		const buffer = best >= 0 ? spare.splice(best, 1)[0]! : new ArrayBuffer(values.byteLength);
		const copy = new Float32Array(buffer, 0, values.length);
		copy.set(values);
		return copy;
	};
	const failAll = (error: Error) => {
		failure ??= error;
		for (const p of pending.values()) p.reject(failure);
		pending.clear();
	};
	worker.on('message', (reply: SummaryReply) => {
		// The largest are kept: a big buffer serves any smaller layer.
		spare.push(reply.buffer);
		spare.sort((a, b) => b.byteLength - a.byteLength);
		spare.length = Math.min(spare.length, MAX_SPARE);
		const p = pending.get(reply.id);
		if (!p) return;
		pending.delete(reply.id);
		if ('error' in reply) p.reject(new JobError(reply.error));
		else p.resolve(reply.summary);
	});
	worker.on('error', failAll);
	worker.on('exit', (code) => failAll(new Error(`the analysis worker stopped (exit code ${code})`)));
	return {
		summary(kernel, layer, colorOrder, options) {
			if (failure) return Promise.reject(failure);
			const id = next++;
			const data = options?.handOver && ownsBuffer(kernel.data) ? kernel.data : copyOf(kernel.data);
			const { index, name, transposed, fromGraphInput } = layer;
			const request: SummaryRequest = { id, kernel: { dims: [...kernel.dims], data }, layer: { index, name, transposed, fromGraphInput }, colorOrder };
			return new Promise((resolve, reject) => {
				pending.set(id, { resolve, reject });
				worker.postMessage(request, [data.buffer]);
			});
		},
		async close() {
			worker.removeAllListeners('exit');
			failAll(new Error('the analysis worker was closed'));
			await worker.terminate();
		},
	};
}
