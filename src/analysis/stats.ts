/** Descriptive statistics of kernels and layers. */

/** Statistics of a set of weights. Field names are the `analyse --json` contract. */
export interface WeightStats {
	min: number;
	max: number;
	mean: number;
	/** Population standard deviation (divides by n). */
	std: number;
	/** Euclidean norm. */
	l2: number;
	/** Share (0–1) of weights whose magnitude is at most `NEAR_ZERO_RELATIVE` × the layer's largest magnitude. */
	nearZero: number;
}

/** A histogram over a range symmetric about zero, so layers compare at a glance and 0 is a bin edge. */
export interface Histogram {
	/** Lower edge of the first bin (= −max). */
	min: number;
	/** Upper edge of the last bin: the layer's largest magnitude. */
	max: number;
	/** Weights per bin, `bins` equal-width bins from min to max. */
	counts: number[];
}

/**
 * "Near zero" is relative to the layer's largest magnitude, not an absolute epsilon: layers differ in
 * scale by orders of magnitude (batch norm folded or not), and a fixed threshold would call a whole
 * small-scale layer dead.
 */
export const NEAR_ZERO_RELATIVE = 0.01;

/** Number of histogram bins per layer (even, so zero falls on a bin edge). */
export const HISTOGRAM_BINS = 64;

/** Largest magnitude in `data`. */
export function maxAbs(data: ArrayLike<number>): number {
	let m = 0;
	for (let i = 0; i < data.length; i++) {
		const a = Math.abs(data[i]);
		if (a > m) m = a;
	}
	return m;
}

/**
 * Statistics of `data`; `scale` is the magnitude near-zero is measured against (the layer's max |w|).
 * @example weightStats(new Float32Array([1, -1, 0, 0]), 1) // { min: -1, max: 1, mean: 0, std: 0.707…, l2: 1.414…, nearZero: 0.5 }
 */
export function weightStats(data: ArrayLike<number>, scale = maxAbs(data)): WeightStats {
	const n = data.length;
	if (n === 0) return { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 };
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let sumSq = 0;
	let near = 0;
	const eps = NEAR_ZERO_RELATIVE * scale;
	for (let i = 0; i < n; i++) {
		const v = data[i];
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
		sumSq += v * v;
		if (Math.abs(v) <= eps) near++;
	}
	const mean = sum / n;
	// Two-pass variance: sumSq/n − mean² loses precision when the mean dominates.
	let dev = 0;
	for (let i = 0; i < n; i++) dev += (data[i] - mean) ** 2;
	return { min, max, mean, std: Math.sqrt(dev / n), l2: Math.sqrt(sumSq), nearZero: near / n };
}

/** Histogram of `data` over [−max|w|, max|w|] (or [−1, 1] for an all-zero layer). */
export function histogram(data: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
	const hi = maxAbs(data) || 1;
	const counts = new Array<number>(bins).fill(0);
	const width = (2 * hi) / bins;
	for (let i = 0; i < data.length; i++) {
		const b = Math.floor((data[i] + hi) / width);
		counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
	}
	return { min: -hi, max: hi, counts };
}

/** A layer's statistics, histogram and per-kernel statistics, from {@link layerWeights}. */
export interface LayerWeights {
	/** The layer's largest magnitude, which near-zero shares are measured against. */
	scale: number;
	stats: WeightStats;
	histogram: Histogram;
	/** One entry per kernel (consecutive equal slices of the data). */
	kernels: WeightStats[];
}

/**
 * The layer's {@link weightStats} and {@link histogram}, and each of its `count` kernels' `weightStats`
 * against the layer's largest magnitude, in three passes over the data instead of seven: the same
 * numbers, summed in the same order, as the separate calls give.
 * @example layerWeights(new Float32Array([1, -1, 0, 0]), 2).kernels[1] // { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 1 }
 */
export function layerWeights(data: Float32Array, count: number, bins = HISTOGRAM_BINS): LayerWeights {
	const n = data.length;
	if (count > 0 ? n % count !== 0 : n !== 0) throw new TypeError(`Expected a multiple of ${count} weights but received ${n}`);
	const scale = maxAbs(data);
	const hi = scale || 1;
	const width = (2 * hi) / bins;
	const eps = NEAR_ZERO_RELATIVE * scale;
	const counts = new Float64Array(bins);
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let sumSq = 0;
	let near = 0;
	for (let i = 0; i < n; i++) {
		const v = data[i]!;
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
		sumSq += v * v;
		if (Math.abs(v) <= eps) near++;
		const b = Math.floor((v + hi) / width);
		counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
	}
	const mean = sum / n;
	// The layer's deviations are summed in data order while the kernels' own passes go by.
	let dev = 0;
	const kernels: WeightStats[] = [];
	const per = count > 0 ? n / count : 0;
	for (let k = 0; k < count; k++) {
		const from = k * per;
		const to = from + per;
		if (per === 0) {
			kernels.push({ min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 }); // as weightStats of nothing
			continue;
		}
		let kMin = Infinity;
		let kMax = -Infinity;
		let kSum = 0;
		let kSumSq = 0;
		let kNear = 0;
		for (let i = from; i < to; i++) {
			const v = data[i]!;
			if (v < kMin) kMin = v;
			if (v > kMax) kMax = v;
			kSum += v;
			kSumSq += v * v;
			if (Math.abs(v) <= eps) kNear++;
		}
		const kMean = kSum / per;
		let kDev = 0;
		for (let i = from; i < to; i++) {
			const v = data[i]!;
			kDev += (v - kMean) ** 2;
			dev += (v - mean) ** 2;
		}
		kernels.push({ min: kMin, max: kMax, mean: kMean, std: Math.sqrt(kDev / per), l2: Math.sqrt(kSumSq), nearZero: kNear / per });
	}
	const stats = n === 0 ? { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 } : { min, max, mean, std: Math.sqrt(dev / n), l2: Math.sqrt(sumSq), nearZero: near / n };
	return { scale, stats, histogram: { min: -hi, max: hi, counts: Array.from(counts) }, kernels };
}
