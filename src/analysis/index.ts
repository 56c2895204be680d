/**
 * The analysis stage: statistics and classical-filter matches for every kernel of a layer.
 * Takes plain numbers in ONNX layout plus a little layer metadata; never reads a file.
 */
import { analyseColor, type ColorOpponent, OPPONENT_FAMILY } from './color.ts';
import { type KernelData, type LayerShapeInfo, kernelGeometry, readsImage, kernelSlice, sumChannels, weightChannels } from './geometry.ts';
import { type SpatialMatch, matchSpatial } from './match.ts';
import { type Histogram, type WeightStats, layerWeights } from './stats.ts';
import { FAMILY_GROUPS, type Family } from './templates.ts';

export { FAMILIES, FAMILY_GROUPS, type Family, type FamilyGroup, templatesFor } from './templates.ts';
export { UNCLASSIFIED_BELOW, matchSpatial, type SpatialMatch } from './match.ts';
export { OPPONENT_FAMILY, OPPONENT_FLAG, type ColorOpponent } from './color.ts';
export { NEAR_ZERO_RELATIVE, HISTOGRAM_BINS, weightStats, histogram, type WeightStats, type Histogram } from './stats.ts';
export * from './geometry.ts';


/** Options of {@link analyseLayer}. */
export interface AnalyseOptions {
	/**
	 * Treat the 3 input channels as colours (luminance view, colour opponency). Defaults to
	 * `readsImage(layer) && channels === 3`.
	 */
	rgb?: boolean;
	/** Channel order of a colour layer's input (PaddleOCR models read BGR). Default `RGB`. */
	colorOrder?: 'RGB' | 'BGR';
}

/** One kernel's findings. Field names (except `detail`, `view`, `dcShare`, `nearest`) are the `analyse --json` contract. */
export interface KernelAnalysis {
	index: number;
	match: Family;
	score: number;
	polarity: 1 | -1;
	/** Family member (`8-neighbour`, `θ=45° λ=3px odd`, for colour-opponent kernels `red-green; gaussian-blur`). */
	detail: string | null;
	/** Which 2-D view of the kernel matched: channel sum, luminance-weighted sum, or dominant colour pattern. */
	view: 'sum' | 'luminance' | 'color' | 'depth-sum';
	dcShare: number;
	nearest: SpatialMatch['nearest'];
	colorOpponent: ColorOpponent | null;
	stats: WeightStats;
}

/** One layer's findings. */
export interface LayerAnalysis {
	index: number;
	name: string;
	/** Weight shape in ONNX layout. */
	dims: number[];
	/** True when the colour views were used. */
	rgb: boolean;
	stats: WeightStats;
	histogram: Histogram;
	/** Kernels per family, non-zero counts only, largest first (ties by name). */
	families: Record<string, number>;
	/** Kernels per coarse group (edge, low-pass, gabor, ...), same ordering. */
	groups: Record<string, number>;
	kernels: KernelAnalysis[];
}

// ITU-R BT.601 luma weights, as most "convert to grayscale" code uses.
const LUMA_RGB = [0.299, 0.587, 0.114];

/**
 * Analyses every kernel of one layer. A kernel is one slice along the first weight dimension (an output
 * channel; for ConvTranspose, what one input channel paints into the output).
 * @example
 * const a = analyseLayer({ dims: [16, 3, 3, 3], data }, layer, { colorOrder: 'BGR' });
 * a.families // { 'sobel-vertical': 3, 'gaussian-blur': 2, unclassified: 9, ... }
 */
export function analyseLayer(kernel: KernelData, layer: LayerShapeInfo, options: AnalyseOptions = {}): LayerAnalysis {
	const geo = kernelGeometry(kernel.dims);
	const expected = geo.count * geo.channels * geo.size;
	if (kernel.data.length !== expected) {
		throw new TypeError(`Expected ${expected} weights for shape [${kernel.dims.join(', ')}] but received ${kernel.data.length}`);
	}
	const rgb = options.rgb ?? (readsImage(layer) && geo.channels === 3);
	if (rgb && geo.channels !== 3) throw new TypeError(`Expected 3 input channels for an RGB layer but received ${geo.channels}`);
	const bgr = options.colorOrder === 'BGR';
	const luma = bgr ? [...LUMA_RGB].reverse() : LUMA_RGB;
	// Statistics of the layer and of every kernel in one go: the layer pass is the analysis' main cost.
	const weights = layerWeights(kernel.data, geo.count);
	const kernels: KernelAnalysis[] = [];
	for (let k = 0; k < geo.count; k++) {
		const w = kernelSlice(kernel.data, geo, k);
		kernels.push({ index: k, ...matchKernel(w, geo, rgb, bgr, luma), stats: weights.kernels[k]! });
	}
	const families = census(kernels.map((k) => k.match));
	const groups = census(kernels.map((k) => FAMILY_GROUPS[k.match]));
	return {
		index: layer.index,
		name: layer.name,
		dims: [...kernel.dims],
		rgb,
		stats: weights.stats,
		histogram: weights.histogram,
		families,
		groups,
		kernels,
	};
}

function matchKernel(w: Float32Array, geo: ReturnType<typeof kernelGeometry>, rgb: boolean, bgr: boolean, luma: number[]): Omit<KernelAnalysis, 'index' | 'stats'> {
	const h = geo.height;
	const wd = geo.width;
	let sum: Float64Array = sumChannels(w, geo);
	let view: KernelAnalysis['view'] = 'sum';
	if (geo.depth > 1) {
		// 3-D kernels are matched on their sum over depth: the 2-D pattern they apply to each frame.
		sum = sumDepth(sum, geo.depth, h * wd);
		view = 'depth-sum';
	}
	let best = matchSpatial(sum, h, wd);
	let colorOpponent: ColorOpponent | null = null;
	if (rgb && geo.depth === 1) {
		const lum = matchSpatial(weightChannels(w, geo, luma), h, wd);
		// The plain sum is the simpler story; report luminance only when it is clearly the better view.
		if (lum.score > best.score + 0.005) {
			best = lum;
			view = 'luminance';
		}
		const s = geo.size;
		const ch = [w.subarray(0, s), w.subarray(s, 2 * s), w.subarray(2 * s, 3 * s)];
		const color = analyseColor(bgr ? [ch[2], ch[1], ch[0]] : [ch[0], ch[1], ch[2]], s);
		colorOpponent = color.opponent;
		if (colorOpponent && colorOpponent.score >= OPPONENT_FAMILY) {
			const shape = matchSpatial(color.pattern, h, wd);
			const shapeName = shape.match === 'unclassified' ? 'unclassified shape' : shape.match;
			return {
				match: 'color-opponent',
				score: colorOpponent.score,
				polarity: 1,
				detail: `${colorOpponent.axis} (${colorOpponent.positive} +, ${colorOpponent.negative} −); ${shapeName}`,
				view: 'color',
				dcShare: shape.dcShare,
				nearest: shape.nearest,
				colorOpponent,
			};
		}
	}
	return { match: best.match, score: best.score, polarity: best.polarity, detail: best.detail, view, dcShare: best.dcShare, nearest: best.nearest, colorOpponent };
}

function sumDepth(v: Float64Array, depth: number, plane: number): Float64Array {
	const out = new Float64Array(plane);
	for (let d = 0; d < depth; d++) for (let i = 0; i < plane; i++) out[i] += v[d * plane + i];
	return out;
}

function census(names: string[]): Record<string, number> {
	const counts = new Map<string, number>();
	for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
	const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	return Object.fromEntries(sorted);
}
