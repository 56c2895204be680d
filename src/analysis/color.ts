/** Colour-opponent detection for kernels that read the three colour channels of an image. */

/** The colours a kernel's two sides are named by: the primaries and their two-primary mixtures. */
export const COLOUR_NAMES = ['red', 'green', 'blue', 'yellow', 'cyan', 'magenta'] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];

/** The two colours a kernel opposes, in `COLOUR_NAMES` order (`red-green`, `blue-yellow`, `red-blue`, ...). */
export type OpponentAxis = `${ColourName}-${ColourName}`;

/** How a kernel contrasts colours; `null` in the analysis when it does not. */
export interface ColorOpponent {
	axis: OpponentAxis;
	/**
	 * The colour the kernel responds to most where its spatial pattern is strongest: the colour that
	 * the RGB composite shows there (mid-grey plus the dominant colour direction).
	 */
	positive: ColourName;
	/** The colour at the other end of the same direction (mid-grey minus it). */
	negative: ColourName;
	/**
	 * Opponency strength (0–1): the share of the kernel's energy that is not common to all three
	 * channels, 1 − Σₓ 3·m(x)² / Σₓ Σ_c w_c(x)², where m(x) is the mean of the three weights at x.
	 */
	strength: number;
	/** The dominant colour direction as [r, g, b] (unit length), sign as for `positive`. */
	color: [number, number, number];
}

/**
 * Names the colour that mid-grey moves towards along direction [r, g, b]: the channels that rise. One
 * primary when it rises at least twice as much as the next, else the mixture of the two that rise most
 * (red + green is yellow, green + blue cyan, red + blue magenta).
 * @example colourOf([0.7, 0.07, -0.7]) // 'red'
 */
export function colourOf(direction: readonly number[]): ColourName {
	const up = [0, 1, 2].map((c) => Math.max(direction[c]!, 0));
	const order = [0, 1, 2].sort((a, b) => up[b]! - up[a]! || a - b);
	const [first, second] = order as [number, number];
	if (up[second]! * 2 < up[first]!) return COLOUR_NAMES[first]!;
	const pair = first + second; // 0+1 → 1, 1+2 → 3, 0+2 → 2
	return pair === 1 ? 'yellow' : pair === 3 ? 'cyan' : 'magenta';
}

/** The axis name of two opposed colours, in `COLOUR_NAMES` order so `red-green` and `green-red` are one. */
export function opponentAxis(a: ColourName, b: ColourName): OpponentAxis {
	return COLOUR_NAMES.indexOf(a) <= COLOUR_NAMES.indexOf(b) ? `${a}-${b}` : `${b}-${a}`;
}

/** A kernel is flagged when at least this share of its energy is chromatic and its colours oppose. */
export const OPPONENT_FLAG = 0.35;
/** ...and classified as family `color-opponent` when colour holds at least this share. */
export const OPPONENT_FAMILY = 0.6;

export interface ColorAnalysis {
	opponent: ColorOpponent | null;
	/** The dominant spatial pattern shared by the channels (for naming the opponent kernel's shape). */
	pattern: Float64Array;
}

/**
 * Looks for colour opponency in a 3-channel kernel given as RGB slices of `size` weights each.
 * The kernel matrix W (3 × size) is factored by the eigenvectors of W·Wᵀ: the top one is the kernel's
 * dominant colour direction. It is opponent when that direction has both positive and negative parts
 * of comparable weight (e.g. red vs green, blue vs red+green) and chromatic energy is a real share.
 */
export function analyseColor(rgb: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>], size: number): ColorAnalysis {
	const g = [0, 0, 0, 0, 0, 0, 0, 0, 0];
	let total = 0;
	let lum = 0;
	for (let i = 0; i < size; i++) {
		const r = rgb[0][i];
		const gg = rgb[1][i];
		const b = rgb[2][i];
		const v = [r, gg, b];
		for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) g[a * 3 + c] += v[a] * v[c];
		total += r * r + gg * gg + b * b;
		const m = (r + gg + b) / 3;
		lum += 3 * m * m;
	}
	const pattern = new Float64Array(size);
	if (total === 0) return { opponent: null, pattern };
	const chroma = 1 - lum / total;
	const u = topEigenvector(g);
	for (let i = 0; i < size; i++) pattern[i] = u[0] * rgb[0][i] + u[1] * rgb[1][i] + u[2] * rgb[2][i];
	// Orient: the spatial pattern's strongest value is positive, so "positive colour" means what excites it.
	let peak = 0;
	for (let i = 0; i < size; i++) if (Math.abs(pattern[i]) > Math.abs(peak)) peak = pattern[i];
	if (peak < 0) {
		for (let c = 0; c < 3; c++) u[c] = -u[c];
		for (let i = 0; i < size; i++) pattern[i] = -pattern[i];
	}
	const pos = u.reduce((a, v) => a + Math.max(v, 0), 0);
	const neg = u.reduce((a, v) => a + Math.max(-v, 0), 0);
	const balance = (2 * Math.min(pos, neg)) / (pos + neg);
	if (balance < 0.5 || chroma < OPPONENT_FLAG) return { opponent: null, pattern };
	// Named by the colours the composite shows at the two ends of u, not by projection on a textbook
	// axis: a red-versus-blue kernel projected on the blue-yellow axis was called "yellow +".
	const positive = colourOf(u);
	const negative = colourOf(u.map((v) => -v));
	const opponent: ColorOpponent = { axis: opponentAxis(positive, negative), positive, negative, strength: chroma, color: [u[0]!, u[1]!, u[2]!] };
	return { opponent, pattern };
}

/** Top eigenvector of a symmetric 3 × 3 matrix (row-major) by cyclic Jacobi rotations: exact and deterministic. */
export function topEigenvector(m: number[]): number[] {
	const a = m.slice();
	const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
	for (let sweep = 0; sweep < 50; sweep++) {
		const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
		if (off < 1e-30) break;
		for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
			const apq = a[p * 3 + q];
			if (Math.abs(apq) < 1e-300) continue;
			const theta = (a[q * 3 + q] - a[p * 3 + p]) / (2 * apq);
			const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
			const c = 1 / Math.sqrt(t * t + 1);
			const s = t * c;
			for (let k = 0; k < 3; k++) {
				// A ← Jᵀ A J, applied as column then row rotations.
				const akp = a[k * 3 + p];
				const akq = a[k * 3 + q];
				a[k * 3 + p] = c * akp - s * akq;
				a[k * 3 + q] = s * akp + c * akq;
			}
			for (let k = 0; k < 3; k++) {
				const apk = a[p * 3 + k];
				const aqk = a[q * 3 + k];
				a[p * 3 + k] = c * apk - s * aqk;
				a[q * 3 + k] = s * apk + c * aqk;
			}
			for (let k = 0; k < 3; k++) {
				const vkp = v[k * 3 + p];
				const vkq = v[k * 3 + q];
				v[k * 3 + p] = c * vkp - s * vkq;
				v[k * 3 + q] = s * vkp + c * vkq;
			}
		}
	}
	let best = 0;
	for (let i = 1; i < 3; i++) if (a[i * 4] > a[best * 4]) best = i;
	return [v[best], v[3 + best], v[6 + best]];
}
