/** Classical-filter matching: which designed kernel a spatial pattern is most like, and how much. */
import { type Family, type TemplateDetail, templatesFor } from './templates.ts';

/** Below this score a kernel is reported as `unclassified` (its nearest template is still in `nearest`). */
export const UNCLASSIFIED_BELOW = 0.7;

/** Families that are classical filters a kernel can match (not colour, not "no spatial pattern", not "none"). */
export function isClassical(family: string): boolean {
	return family !== 'color-opponent' && family !== 'pointwise' && family !== 'unclassified';
}

/** How a layer's kernels divide: the counts every page and the CLI quote, computed in one place. */
export interface MatchShares {
	kernels: number;
	/** Kernels whose best template scores at least `UNCLASSIFIED_BELOW` and that colour does not dominate. */
	classical: number;
	/** Kernels whose colour opponency dominates (family `color-opponent`): reported apart, never as a classical match. */
	colorOpponent: number;
	pointwise: number;
	unclassified: number;
}

/** Counts a layer's kernels by kind of result. */
export function matchShares(kernels: readonly { match: string }[]): MatchShares {
	const count = (f: (m: string) => boolean) => kernels.filter((k) => f(k.match)).length;
	return {
		kernels: kernels.length,
		classical: count(isClassical),
		colorOpponent: count((m) => m === 'color-opponent'),
		pointwise: count((m) => m === 'pointwise'),
		unclassified: count((m) => m === 'unclassified'),
	};
}

/** The best designed-kernel match of one spatial pattern. */
export interface SpatialMatch {
	match: Family;
	/** |cosine similarity| with the template, 0–1 (see README: DC handling). */
	score: number;
	/** +1 when the kernel has the template's sign, −1 when it is the negative (an inverted Laplacian). */
	polarity: 1 | -1;
	/** Family member, e.g. `8-neighbour`, `σ=1.2`, `θ=45° λ=3px odd`; null when the family has one member. */
	detail: TemplateDetail | null;
	/** Share (0–1) of the pattern's energy in its mean (DC) component: 1 for a box blur, 0 for an edge. */
	dcShare: number;
	/** The best template even when the score is below the threshold (then `match` is `unclassified`). */
	nearest: { family: Family; detail: TemplateDetail | null } | null;
	/** The `TOP_TEMPLATES` best templates, best first, with their values, so a page can show the comparison. */
	top: TemplateScore[];
}

/** One template's comparison with a pattern. */
export interface TemplateScore {
	family: Family;
	detail: TemplateDetail | null;
	/** Signed cosine between the pattern and the template (|cosine| is the score, the sign the polarity). */
	cosine: number;
	/** The template, unit-norm, row-major h × w. */
	values: number[];
}

/** How many of the best templates a match keeps for display. */
export const TOP_TEMPLATES = 3;

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
		return { match: 'pointwise', score: 1, polarity: pattern[0] < 0 ? -1 : 1, detail: null, dcShare: 1, nearest: null, top: [] };
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
		return { match: 'unclassified', score: 0, polarity: 1, detail: null, dcShare: 0, nearest: null, top: [] };
	}
	const dcShare = (sum * sum) / (n * norm2);
	let best = -1;
	let bestSign: 1 | -1 = 1;
	let bestT = null as ReturnType<typeof templatesFor>[number] | null;
	const scored: { t: ReturnType<typeof templatesFor>[number]; cos: number; order: number }[] = [];
	for (const t of templatesFor(h, w)) {
		let dot = 0;
		for (let i = 0; i < n; i++) dot += pattern[i] * t.values[i];
		const cos = dot / norm;
		scored.push({ t, cos, order: scored.length });
		// Strictly greater: on a tie the earlier (simpler, textbook) template wins.
		if (Math.abs(cos) > best + 1e-12) {
			best = Math.abs(cos);
			bestSign = cos < 0 ? -1 : 1;
			bestT = t;
		}
	}
	// Same order as the search above: by |cosine|, ties to the earlier template.
	const top = scored
		.sort((a, b) => (Math.abs(b.cos) - Math.abs(a.cos) > 1e-12 ? 1 : Math.abs(a.cos) - Math.abs(b.cos) > 1e-12 ? -1 : a.order - b.order))
		.slice(0, TOP_TEMPLATES)
		.map(({ t, cos }) => ({ family: t.family, detail: t.detail, cosine: Math.max(-1, Math.min(1, cos)), values: Array.from(t.values) }));
	if (!bestT) return { match: 'unclassified', score: 0, polarity: 1, detail: null, dcShare, nearest: null, top };
	const score = Math.min(1, best);
	const nearest = { family: bestT.family, detail: bestT.detail };
	if (score < UNCLASSIFIED_BELOW) {
		return { match: 'unclassified', score, polarity: bestSign, detail: null, dcShare, nearest, top };
	}
	return { match: bestT.family, score, polarity: bestSign, detail: bestT.detail, dcShare, nearest, top };
}
