/**
 * Colormaps as 256-entry palettes. Indices 0–254 are the colour scale (an odd count, so zero on a
 * symmetric scale lands exactly on the middle entry, 127); index 255 is the gap colour between tiles.
 */

/** Colormap names: `diverging` (default, zero-centred) and `viridis` (the tutorial's, for comparison). */
export type ColormapName = 'diverging' | 'viridis';

/** Number of colour steps on the scale. */
export const STEPS = 255;
/** Palette index of the gap/background colour. */
export const GAP_INDEX = 255;
/** The gap colour: dark grey, distinct from every scale colour's neighbourhood of zero. */
export const GAP_RGB: [number, number, number] = [0x33, 0x33, 0x33];

/**
 * ColorBrewer RdBu (11 classes, colour-blind safe), reversed so negative is blue and positive red;
 * its middle #f7f7f7 is the neutral zero. Matplotlib's `RdBu_r` uses the same anchors.
 */
const RDBU_R = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];

/** Viridis sampled at 33 points from matplotlib 3.6 (linear interpolation between them is within 1/255). */
const VIRIDIS = [
	'#440154', '#470d60', '#48186a', '#482374', '#472d7b', '#453781', '#424086', '#3e4989', '#3b528b', '#375b8d', '#33638d',
	'#2f6b8e', '#2c728e', '#297a8e', '#26828e', '#23898e', '#21918c', '#1f988b', '#1fa088', '#22a785', '#28ae80', '#32b67a',
	'#3fbc73', '#4ec36b', '#5ec962', '#70cf57', '#84d44b', '#98d83e', '#addc30', '#c2df23', '#d8e219', '#ece51b', '#fde725',
];

const palettes = new Map<ColormapName, Uint8Array>();

/** The 256 × RGB palette of a colormap (entries 0–254 the scale, 255 the gap colour). */
export function palette(name: ColormapName): Uint8Array {
	let p = palettes.get(name);
	if (!p) {
		p = buildPalette(name === 'diverging' ? RDBU_R : VIRIDIS);
		palettes.set(name, p);
	}
	return p;
}

function buildPalette(anchors: string[]): Uint8Array {
	const rgb = anchors.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
	const out = new Uint8Array(256 * 3);
	for (let i = 0; i < STEPS; i++) {
		const t = (i / (STEPS - 1)) * (rgb.length - 1);
		const a = Math.min(Math.floor(t), rgb.length - 2);
		const f = t - a;
		for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(rgb[a][c] * (1 - f) + rgb[a + 1][c] * f);
	}
	out.set(GAP_RGB, GAP_INDEX * 3);
	return out;
}

/** The value range a colormap spans: symmetric about zero for `diverging`, min–max for `viridis`. */
export function rangeFor(name: ColormapName, min: number, max: number): [number, number] {
	if (name === 'diverging') {
		const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
		return [-m, m];
	}
	return min === max ? [min - 1, max + 1] : [min, max];
}

/**
 * Palette index of `v` on the range [lo, hi]: the position rounded half up (as `Math.round`), clamped to
 * the scale; 0 for NaN.
 */
export function toIndex(v: number, lo: number, hi: number): number {
	const q = ((v - lo) / (hi - lo)) * (STEPS - 1);
	// Math.round with a clamp, without its data-dependent branches (it runs once per weight of every
	// layer). q + 0.5 rounds up to 1 only for the largest double below 0.5, which the first test keeps at 0;
	// within [0.5, 254) truncation is the floor and q + 0.5 stays far below 2³¹.
	return q >= 0.5 ? (q < STEPS - 1 ? (q + 0.5) | 0 : STEPS - 1) : 0;
}

/** RGB-composite byte for a weight: zero is mid-grey 128, ±m map to 1 and 255 (a symmetric scale). */
export function toComposite(v: number, m: number): number {
	const b = Math.round(128 + (127 * v) / m);
	return b < 1 ? 1 : b > 255 ? 255 : b;
}

/** Percentile of |value| that maps to the ends of a photograph's colour scale. */
export const CLIP_PERCENTILE = 99.5;

/**
 * The CLIP_PERCENTILE-th percentile of |values| (the plain maximum when that is zero): filtered
 * photographs have a few very strong responses (the Laplacian on specular highlights) that would wash
 * everything else out to white, so maps are scaled to this and the rest clipped. Kept here, free of
 * Node imports, so the browser playground scales its maps exactly as the build does.
 */
export function robustMax(values: Float32Array): number {
	// A plain loop: Float32Array.from with a map function is several times slower, and the playground
	// calls this on every edit.
	const magnitudes = new Float32Array(values.length);
	for (let i = 0; i < values.length; i++) magnitudes[i] = Math.abs(values[i]!);
	magnitudes.sort();
	const at = magnitudes[Math.min(magnitudes.length - 1, Math.floor((CLIP_PERCENTILE / 100) * magnitudes.length))] ?? 0;
	return at > 0 ? at : (magnitudes[magnitudes.length - 1] ?? 0);
}
