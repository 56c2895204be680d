/**
 * The library of designed kernels that learned kernels are compared with, generated for any
 * kernel size. Discrete textbook kernels (Sobel, Scharr, the 3 × 3 Laplacians) exist for odd
 * square sizes; the continuous ones (Gaussian, LoG, Gabor, ramps) are sampled on any grid.
 */

/** Family names: a JSON contract (documented in src/analysis/README.md). */
export const FAMILIES = [
	'laplacian',
	'sobel-horizontal',
	'sobel-vertical',
	'prewitt-horizontal',
	'prewitt-vertical',
	'scharr-horizontal',
	'scharr-vertical',
	'diagonal-edge',
	'box-blur',
	'gaussian-blur',
	'identity',
	'sharpen',
	'center-surround',
	'gabor',
	'color-opponent',
	'pointwise',
	'unclassified',
] as const;

export type Family = (typeof FAMILIES)[number];

/** The groups every page reports matches by (`FAMILY_GROUPS`), in display order. */
export const GROUPS = [
	'horizontal-edge',
	'vertical-edge',
	'diagonal-edge',
	'laplacian',
	'blur',
	'identity',
	'sharpen',
	'gabor',
	'pointwise',
	'color-opponent',
	'unclassified',
] as const;

export type Group = (typeof GROUPS)[number];

/**
 * The one grouping that tables, census, prose and comparisons share. On 3 × 3 kernels Sobel, Prewitt
 * and Scharr of one orientation differ by a few hundredths of cosine (a learned kernel at 0.91 with
 * vertical Prewitt scores 0.87 with vertical Sobel), so they are one group per orientation; the
 * Laplacian and its larger form, the Laplacian of Gaussian, are one; box and Gaussian blur are one.
 */
export const FAMILY_GROUPS: Record<Family, Group> = {
	'sobel-horizontal': 'horizontal-edge',
	'prewitt-horizontal': 'horizontal-edge',
	'scharr-horizontal': 'horizontal-edge',
	'sobel-vertical': 'vertical-edge',
	'prewitt-vertical': 'vertical-edge',
	'scharr-vertical': 'vertical-edge',
	'diagonal-edge': 'diagonal-edge',
	laplacian: 'laplacian',
	'center-surround': 'laplacian',
	'box-blur': 'blur',
	'gaussian-blur': 'blur',
	identity: 'identity',
	sharpen: 'sharpen',
	gabor: 'gabor',
	pointwise: 'pointwise',
	'color-opponent': 'color-opponent',
	unclassified: 'unclassified',
};

/** A group of families (`vertical-edge`, `blur`, …); the name src/publish/names.ts types its table by. */
export type FamilyGroup = Group;

/** The families of a group, in `FAMILIES` order. */
export function groupFamilies(group: Group): Family[] {
	return FAMILIES.filter((f) => FAMILY_GROUPS[f] === group);
}

/**
 * Which member of a family a template is: ids and numbers only (σ and λ rounded to 0.1 px, angles in
 * degrees). Text in either language is written from it by `detailText` in src/publish/alt.ts.
 */
export type TemplateDetail =
	| { kind: 'neighbourhood'; neighbours: 4 | 8 }
	| { kind: 'diagonal'; degrees: 45 | 135 }
	| { kind: 'gaussian'; sigma: number }
	| { kind: 'log'; sigma: number }
	| { kind: 'gabor'; theta: number; lambda: number; phase: 'even' | 'odd' };

/** One designed kernel, L2-normalised so a dot product with a unit vector is a cosine. */
export interface Template {
	family: Family;
	/** Which member of the family, as numbers (src/publish/alt.ts writes it in words). */
	detail: TemplateDetail | null;
	values: Float64Array;
	/** True when the entries sum to zero (edges, Laplacians, Gabors): blind to the kernel's mean. */
	zeroMean: boolean;
}

type Grid = (x: number, y: number) => number;

const cache = new Map<string, Template[]>();

/** Every template for an `h` × `w` kernel, in tie-break order (textbook kernels before Gabors). */
export function templatesFor(h: number, w: number): Template[] {
	const key = `${h}x${w}`;
	let list = cache.get(key);
	if (!list) {
		list = buildTemplates(h, w);
		cache.set(key, list);
	}
	return list;
}

/** The templates for an `h` × `w` kernel, built afresh ({@link templatesFor} builds them once per size). */
export function buildTemplates(h: number, w: number): Template[] {
	const out: Template[] = [];
	const add = (family: Family, detail: TemplateDetail | null, f: Grid, zeroMean: boolean) => {
		const t = sample(h, w, f, zeroMean);
		if (t) out.push({ family, detail, values: t, zeroMean });
	};
	const square = h === w;
	const odd = h % 2 === 1 && w % 2 === 1;
	const k = Math.max(h, w);
	const embed3 = (m: number[][]): Grid => (x, y) => (Math.abs(x) <= 1 && Math.abs(y) <= 1 ? m[y + 1][x + 1] : 0);

	if (square && odd && k >= 3) {
		add('laplacian', { kind: 'neighbourhood', neighbours: 4 }, embed3([[0, -1, 0], [-1, 4, -1], [0, -1, 0]]), true);
		add('laplacian', { kind: 'neighbourhood', neighbours: 8 }, embed3([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]), true);
		const smooth = binomial(k);
		const deriv = convolve(binomial(k - 2), [-1, 0, 1]);
		const c = (k - 1) / 2;
		add('sobel-horizontal', null, (x, y) => deriv[y + c] * smooth[x + c], true);
		add('sobel-vertical', null, (x, y) => smooth[y + c] * deriv[x + c], true);
	}
	if (k >= 2) {
		add('prewitt-horizontal', null, (_x, y) => y, true);
		add('prewitt-vertical', null, (x) => x, true);
	}
	if (h === 3 && w === 3) {
		const s = [3, 10, 3];
		add('scharr-horizontal', null, (x, y) => y * s[x + 1], true);
		add('scharr-vertical', null, (x, y) => x * s[y + 1], true);
		add('diagonal-edge', { kind: 'diagonal', degrees: 45 }, embed3([[-2, -1, 0], [-1, 0, 1], [0, 1, 2]]), true);
		add('diagonal-edge', { kind: 'diagonal', degrees: 135 }, embed3([[0, -1, -2], [1, 0, -1], [2, 1, 0]]), true);
	} else if (h === 2 && w === 2) {
		// Roberts cross.
		add('diagonal-edge', { kind: 'diagonal', degrees: 45 }, (x, y) => (x === y ? Math.sign(x) : 0), true);
		add('diagonal-edge', { kind: 'diagonal', degrees: 135 }, (x, y) => (x === -y ? Math.sign(x) : 0), true);
	} else if (h > 1 && w > 1) {
		const s = Math.max(k / 4, 0.75);
		add('diagonal-edge', { kind: 'diagonal', degrees: 45 }, (x, y) => (x + y) * gauss(x, y, s), true);
		add('diagonal-edge', { kind: 'diagonal', degrees: 135 }, (x, y) => (x - y) * gauss(x, y, s), true);
	}
	add('box-blur', null, () => 1, false);
	if (k >= 3) {
		add('gaussian-blur', { kind: 'gaussian', sigma: tenth(Math.sqrt(k - 1) / 2) }, binomialGrid(h, w), false);
		if (k >= 5) add('gaussian-blur', { kind: 'gaussian', sigma: tenth(k / 6) }, (x, y) => gauss(x, y, k / 6), false);
	}
	if (odd && k >= 3) {
		add('identity', null, (x, y) => (x === 0 && y === 0 ? 1 : 0), false);
		if (square) add('sharpen', null, embed3([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]), false);
	}
	if (k >= 5 && h > 1 && w > 1) {
		// Centre-positive LoG ("Mexican hat"), the same sign convention as the Laplacian above.
		for (const s of [k / 8, k / 6, k / 4]) add('center-surround', { kind: 'log', sigma: tenth(s) }, (x, y) => -log(x, y, s), true);
	}
	if (k >= 3) addGabors(add, h, w, k);
	return out;
}

function addGabors(add: (f: Family, d: TemplateDetail, g: Grid, z: boolean) => void, h: number, w: number, k: number): void {
	const sigma = Math.max(k / 4, 0.8);
	const wavelengths = [...new Set([k, k / 1.5, k / 2.5].map((l) => Math.max(2.5, l)))];
	for (const lambda of wavelengths) {
		for (let o = 0; o < 8; o++) {
			// θ: direction of the wave vector, counter-clockwise from +x with y pointing up.
			const theta = (o * Math.PI) / 8;
			if ((h === 1 && o !== 0) || (w === 1 && o !== 4)) continue;
			for (const phase of ['even', 'odd'] as const) {
				const detail: TemplateDetail = { kind: 'gabor', theta: tenth((o * 180) / 8), lambda: tenth(lambda), phase };
				add('gabor', detail, (x, y) => {
					const u = x * Math.cos(theta) - y * Math.sin(theta);
					const arg = (2 * Math.PI * u) / lambda;
					return gauss(x, y, sigma) * (phase === 'even' ? Math.cos(arg) : Math.sin(arg));
				}, true);
			}
		}
	}
}

/** Samples `f` on a centred grid (x right, y down, 0 at the centre), optionally zero-means it, normalises. */
function sample(h: number, w: number, f: Grid, zeroMean: boolean): Float64Array | null {
	const v = new Float64Array(h * w);
	for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) v[i * w + j] = f(j - (w - 1) / 2, i - (h - 1) / 2);
	if (zeroMean) {
		const m = v.reduce((a, b) => a + b, 0) / v.length;
		for (let i = 0; i < v.length; i++) v[i] -= m;
	}
	const norm = Math.hypot(...v);
	if (norm < 1e-9) return null;
	for (let i = 0; i < v.length; i++) v[i] /= norm;
	return v;
}

function binomial(n: number): number[] {
	let row = [1];
	for (let i = 1; i < n; i++) row = convolve(row, [1, 1]);
	return row;
}

function binomialGrid(h: number, w: number): Grid {
	const by = binomial(h);
	const bx = binomial(w);
	return (x, y) => by[y + (h - 1) / 2] * bx[x + (w - 1) / 2];
}

function convolve(a: number[], b: number[]): number[] {
	const out = new Array<number>(a.length + b.length - 1).fill(0);
	for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
	return out;
}

function gauss(x: number, y: number, s: number): number {
	return Math.exp(-(x * x + y * y) / (2 * s * s));
}

function log(x: number, y: number, s: number): number {
	const r2 = (x * x + y * y) / (2 * s * s);
	return (r2 - 1) * Math.exp(-r2);
}

/** A template's σ, λ or θ as its name gives it: to 0.1. */
function tenth(v: number): number {
	return Math.round(v * 10) / 10;
}
