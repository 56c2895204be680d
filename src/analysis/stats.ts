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

/** Largest magnitude of a Float32Array: {@link maxAbs} for the one type every layer has (monomorphic, so V8 keeps it fast). */
function maxAbsF32(data: Float32Array): number {
	let m = 0;
	for (let i = 0; i < data.length; i++) {
		const a = Math.abs(data[i]!);
		if (a > m) m = a;
	}
	return m;
}

/**
 * The layer's {@link weightStats} and {@link histogram}, and each of its `count` kernels' `weightStats`
 * against the layer's largest magnitude, in three passes over the data instead of seven (largest
 * magnitude; sums, extremes and histogram of the layer and of every kernel at once; deviations): the
 * same numbers, summed in the same order, as the separate calls give. Kernels are consecutive slices,
 * so walking them in turn visits the layer in data order.
 * @example layerWeights(new Float32Array([1, -1, 0, 0]), 2).kernels[1] // { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 1 }
 */
export function layerWeights(data: Float32Array, count: number, bins = HISTOGRAM_BINS): LayerWeights {
	const n = data.length;
	if (count > 0 ? n % count !== 0 : n !== 0) throw new TypeError(`Expected a multiple of ${count} weights but received ${n}`);
	const scale = maxAbsF32(data);
	const hi = scale || 1;
	const width = (2 * hi) / bins;
	const last = bins - 1;
	const eps = NEAR_ZERO_RELATIVE * scale;
	const counts = new Float64Array(bins);
	const per = count > 0 ? n / count : 0;
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let sumSq = 0;
	let near = 0;
	// Per kernel: smallest, largest, mean, norm, near-zero count; their deviations need the means first.
	const kMin = new Float64Array(count);
	const kMax = new Float64Array(count);
	const kMean = new Float64Array(count);
	const kL2 = new Float64Array(count);
	const kNear = new Float64Array(count);
	for (let k = 0; per > 0 && k < count; k++) {
		const from = k * per;
		const to = from + per;
		let lo = Infinity;
		let up = -Infinity;
		let s = 0;
		let sq = 0;
		let z = 0;
		for (let i = from; i < to; i++) {
			const v = data[i]!;
			if (v < lo) lo = v;
			if (v > up) up = v;
			s += v;
			sum += v;
			const v2 = v * v;
			sq += v2;
			sumSq += v2;
			if (Math.abs(v) <= eps) z++;
			const b = Math.floor((v + hi) / width);
			counts[b < 0 ? 0 : b >= bins ? last : b]++;
		}
		if (lo < min) min = lo;
		if (up > max) max = up;
		near += z;
		kMin[k] = lo;
		kMax[k] = up;
		kMean[k] = s / per;
		kL2[k] = Math.sqrt(sq);
		kNear[k] = z;
	}
	const mean = sum / n;
	// The layer's deviations are summed in data order while the kernels' own go by.
	let dev = 0;
	const kernels: WeightStats[] = new Array(count);
	for (let k = 0; k < count; k++) {
		if (per === 0) {
			kernels[k] = { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 }; // as weightStats of nothing
			continue;
		}
		const from = k * per;
		const to = from + per;
		const m = kMean[k]!;
		let kDev = 0;
		for (let i = from; i < to; i++) {
			const v = data[i]!;
			const a = v - m;
			kDev += a * a;
			const b = v - mean;
			dev += b * b;
		}
		kernels[k] = { min: kMin[k]!, max: kMax[k]!, mean: m, std: Math.sqrt(kDev / per), l2: kL2[k]!, nearZero: kNear[k]! / per };
	}
	const stats = n === 0 ? { min: 0, max: 0, mean: 0, std: 0, l2: 0, nearZero: 0 } : { min, max, mean, std: Math.sqrt(dev / n), l2: Math.sqrt(sumSq), nearZero: near / n };
	return { scale, stats, histogram: { min: -hi, max: hi, counts: Array.from(counts) }, kernels };
}
