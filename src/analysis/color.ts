/** Colour-opponent detection for kernels that read the three colour channels of an image. */

/** Colour axes a kernel can oppose. */
export type OpponentAxis = 'red-green' | 'blue-yellow';

/** How a kernel contrasts colours; `null` in the analysis when it does not. */
export interface ColorOpponent {
	axis: OpponentAxis;
	/** The colour the kernel responds to positively where its spatial pattern is strongest. */
	positive: 'red' | 'green' | 'blue' | 'yellow';
	negative: 'red' | 'green' | 'blue' | 'yellow';
	/** Share (0–1) of the kernel's energy that is chromatic (not common to all three channels). */
	score: number;
	/** The dominant colour direction as [r, g, b] (unit length), sign as for `positive`. */
	color: [number, number, number];
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
 * of comparable weight (red vs green, blue vs red+green) and chromatic energy is a real share.
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
	const rg = (u[0] - u[1]) / Math.SQRT2;
	const by = (2 * u[2] - u[0] - u[1]) / Math.sqrt(6);
	const opponent: ColorOpponent =
		Math.abs(rg) >= Math.abs(by)
			? { axis: 'red-green', positive: rg > 0 ? 'red' : 'green', negative: rg > 0 ? 'green' : 'red', score: chroma, color: [u[0], u[1], u[2]] }
			: { axis: 'blue-yellow', positive: by > 0 ? 'blue' : 'yellow', negative: by > 0 ? 'yellow' : 'blue', score: chroma, color: [u[0], u[1], u[2]] };
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
