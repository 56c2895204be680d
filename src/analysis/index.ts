/**
 * The analysis stage: statistics and classical-filter matches for every kernel of a layer.
 * Takes plain numbers in ONNX layout plus a little layer metadata; never reads a file.
 */
import { analyseColor, type ColorOpponent, type ColourName, type OpponentAxis, OPPONENT_FAMILY } from './color.ts';
import { type KernelData, type LayerShapeInfo, kernelGeometry, readsImage, kernelSlice, sumChannels, weightChannels } from './geometry.ts';
import { type SpatialMatch, type TemplateScore, matchSpatial } from './match.ts';
import { type Histogram, type WeightStats, layerWeights } from './stats.ts';
import { FAMILY_GROUPS, type Family, type TemplateDetail } from './templates.ts';

/**
 * Which member of its family a kernel matched, as ids and numbers; for a colour-opponent kernel its axis,
 * the colours at either end and the family of its colour pattern's shape (`unclassified` when none).
 * Words in either language come from `detailText` in src/publish/alt.ts.
 */
export type MatchDetail = TemplateDetail | { kind: 'opponent'; axis: OpponentAxis; positive: ColourName; negative: ColourName; shape: Family };

export { FAMILIES, FAMILY_GROUPS, GROUPS, type Family, type TemplateDetail, type FamilyGroup, type Group, groupFamilies, templatesFor } from './templates.ts';
export { UNCLASSIFIED_BELOW, TOP_TEMPLATES, isClassical, matchShares, matchSpatial, type MatchShares, type SpatialMatch, type TemplateScore } from './match.ts';
export { COLOUR_NAMES, OPPONENT_FAMILY, OPPONENT_FLAG, colourOf, type ColorOpponent, type ColourName } from './color.ts';
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

/** The 2-D matrix a kernel was compared with the templates as, so a page can show it and a reader recompute the score. */
export interface ComparedForm {
	/** Plain sum over input channels, luminance-weighted sum (RGB layers), or sum over channels and depth (3-D). */
	view: 'sum' | 'luminance' | 'depth-sum';
	/** The weight of each input channel in the sum, in the model's channel order (all 1 for a plain sum). */
	weights: number[];
	height: number;
	width: number;
	/** The compared matrix, row-major. */
	values: number[];
}

/** One kernel's findings. Field names (except `detail`, `view`, `dcShare`, `nearest`, `top`, `compared`) are the `analyse --json` contract. */
export interface KernelAnalysis {
	index: number;
	/** The kernel's kind: a classical family, `unclassified`, `pointwise`, or `color-opponent` when colour dominates. */
	match: Family;
	/**
	 * |cosine| between the compared form and its nearest template, for every kernel (for a colour-opponent
	 * kernel too, though it is not counted as a match); never the opponency strength.
	 */
	score: number;
	polarity: 1 | -1;
	/** Family member (neighbourhood, σ, θ λ phase; for colour-opponent kernels the colours and the shape's family). */
	detail: MatchDetail | null;
	/** Which 2-D form of the kernel was compared (`compared.view`). */
	view: ComparedForm['view'];
	dcShare: number;
	nearest: SpatialMatch['nearest'];
	/** The best templates for the compared form, best first (`TOP_TEMPLATES`). */
	top: TemplateScore[];
	compared: ComparedForm;
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
	// The plain sum's weights, the same for every kernel of the layer: one array, not one per kernel.
	const ones = new Array<number>(geo.channels).fill(1);
	for (let k = 0; k < geo.count; k++) {
		const w = kernelSlice(kernel.data, geo, k);
		kernels.push({ index: k, ...matchKernel(w, geo, rgb, bgr, luma, ones), stats: weights.kernels[k]! });
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

function matchKernel(w: Float32Array, geo: ReturnType<typeof kernelGeometry>, rgb: boolean, bgr: boolean, luma: number[], ones: number[]): Omit<KernelAnalysis, 'index' | 'stats'> {
	const h = geo.height;
	const wd = geo.width;
	let form: ComparedForm = { view: 'sum', weights: ones, height: h, width: wd, values: Array.from(sumChannels(w, geo)) };
	if (geo.depth > 1) {
		// 3-D kernels are matched on their sum over depth: the 2-D pattern they apply to each frame.
		form = { ...form, view: 'depth-sum', values: Array.from(sumDepth(sumChannels(w, geo), geo.depth, h * wd)) };
	}
	let best = matchSpatial(form.values, h, wd);
	let colorOpponent: ColorOpponent | null = null;
	let colourShape: SpatialMatch | null = null;
	if (rgb && geo.depth === 1) {
		const lumValues = Array.from(weightChannels(w, geo, luma));
		const lum = matchSpatial(lumValues, h, wd);
		// The plain sum is the simpler story; compare luminance only when it is clearly better (the page says which).
		if (lum.score > best.score + 0.005) {
			best = lum;
			form = { ...form, view: 'luminance', weights: luma, values: lumValues };
		}
		const s = geo.size;
		const ch = [w.subarray(0, s), w.subarray(s, 2 * s), w.subarray(2 * s, 3 * s)];
		const color = analyseColor(bgr ? [ch[2], ch[1], ch[0]] : [ch[0], ch[1], ch[2]], s);
		colorOpponent = color.opponent;
		if (colorOpponent && colorOpponent.strength >= OPPONENT_FAMILY) colourShape = matchSpatial(color.pattern, h, wd);
	}
	const common = { score: best.score, polarity: best.polarity, view: form.view, dcShare: best.dcShare, nearest: best.nearest, top: best.top, compared: form, colorOpponent };
	if (colorOpponent && colourShape) {
		// Colour dominates: the kernel is reported as colour opponent, apart from the classical matches.
		const { axis, positive, negative } = colorOpponent;
		return { ...common, match: 'color-opponent', detail: { kind: 'opponent', axis, positive, negative, shape: colourShape.match } };
	}
	return { ...common, match: best.match, detail: best.detail };
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
