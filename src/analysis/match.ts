/** Classical-filter matching: which designed kernel a spatial pattern is most like, and how much. */
import { type Family, templatesFor } from './templates.ts';

/** Below this score a kernel is reported as `unclassified` (its nearest template is still in `nearest`). */
export const UNCLASSIFIED_BELOW = 0.7;

/** The best designed-kernel match of one spatial pattern. */
export interface SpatialMatch {
	match: Family;
	/** |cosine similarity| with the template, 0–1 (see README: DC handling). */
	score: number;
	/** +1 when the kernel has the template's sign, −1 when it is the negative (an inverted Laplacian). */
	polarity: 1 | -1;
	/** Family member, e.g. `8-neighbour`, `σ=1.2`, `θ=45° λ=3px odd`; null when the family has one member. */
	detail: string | null;
	/** Share (0–1) of the pattern's energy in its mean (DC) component: 1 for a box blur, 0 for an edge. */
	dcShare: number;
	/** The best template even when the score is below the threshold (then `match` is `unclassified`). */
	nearest: { family: Family; detail: string | null } | null;
}

/**
 * Matches an `h` × `w` spatial pattern against the template library.
 *
 * The score is the plain cosine between the pattern and each unit-norm template. Zero-mean templates
 * are orthogonal to the constant pattern, so for them the cosine equals the cosine between the
 * pattern's zero-mean part and the template times the pattern's AC share: edges and Laplacians are
 * compared by zero-mean shape, and a strong mean (DC) lowers their score exactly as much as it raises
 * the low-pass templates' (box, Gaussian, identity). That is why a blur is recognised as a blur and not
 * as an inverted Laplacian (the zero-mean part of a Gaussian looks like −Laplacian).
 */
export function matchSpatial(pattern: ArrayLike<number>, h: number, w: number): SpatialMatch {
	const n = h * w;
	if (n === 1) {
		return { match: 'pointwise', score: 1, polarity: pattern[0] < 0 ? -1 : 1, detail: null, dcShare: 1, nearest: null };
	}
	let norm2 = 0;
	let sum = 0;
	for (let i = 0; i < n; i++) {
		norm2 += pattern[i] * pattern[i];
		sum += pattern[i];
	}
	const norm = Math.sqrt(norm2);
	// Scale-relative guard: an all-zero (dead) kernel has no shape to match.
	if (norm === 0 || !Number.isFinite(norm)) {
		return { match: 'unclassified', score: 0, polarity: 1, detail: null, dcShare: 0, nearest: null };
	}
	const dcShare = (sum * sum) / (n * norm2);
	let best = -1;
	let bestSign: 1 | -1 = 1;
	let bestT = null as ReturnType<typeof templatesFor>[number] | null;
	for (const t of templatesFor(h, w)) {
		let dot = 0;
		for (let i = 0; i < n; i++) dot += pattern[i] * t.values[i];
		const cos = dot / norm;
		// Strictly greater: on a tie the earlier (simpler, textbook) template wins.
		if (Math.abs(cos) > best + 1e-12) {
			best = Math.abs(cos);
			bestSign = cos < 0 ? -1 : 1;
			bestT = t;
		}
	}
	if (!bestT) return { match: 'unclassified', score: 0, polarity: 1, detail: null, dcShare, nearest: null };
	const score = Math.min(1, best);
	const nearest = { family: bestT.family, detail: bestT.detail };
	if (score < UNCLASSIFIED_BELOW) {
		return { match: 'unclassified', score, polarity: bestSign, detail: null, dcShare, nearest };
	}
	return { match: bestT.family, score, polarity: bestSign, detail: bestT.detail, dcShare, nearest };
}
