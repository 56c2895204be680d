/**
 * The classical-filter library against kernels written out by hand from their textbook definitions
 * (src/analysis/README.md): each is recognised as itself, with its member named, at every size the
 * library has it for.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_GROUPS, GROUPS, type TemplateDetail, groupFamilies, matchSpatial, templatesFor } from '../../src/analysis/index.ts';
import { buildTemplates } from '../../src/analysis/templates.ts';
import { detailText } from '../../src/publish/alt.ts';

type Grid = (x: number, y: number) => number;

/** Samples `f` on an h × w grid centred on 0 (x right, y down), as [row][col]. */
const grid = (h: number, w: number, f: Grid) => Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => f(j - (w - 1) / 2, i - (h - 1) / 2)));
const outer = (col: number[], row: number[]) => col.map((a) => row.map((b) => a * b));
/** Zero-mean templates are compared by zero-mean shape, so a hand-written one is zero-meaned the same way. */
const zeroMean = (m: number[][]) => {
	const mean = m.flat().reduce((a, b) => a + b, 0) / m.flat().length;
	return m.map((r) => r.map((v) => v - mean));
};
const gauss = (s: number): Grid => (x, y) => Math.exp(-(x * x + y * y) / (2 * s * s));
/** Centre-positive Laplacian of Gaussian, (1 − r²/2σ²)·exp(−r²/2σ²). */
const mexicanHat = (s: number): Grid => (x, y) => {
	const r2 = (x * x + y * y) / (2 * s * s);
	return (1 - r2) * Math.exp(-r2);
};
/** Gabor with wave vector at θ (counter-clockwise from +x, y up), wavelength λ, envelope σ. */
const gabor = (thetaDeg: number, lambda: number, sigma: number, phase: 'even' | 'odd'): Grid => (x, y) => {
	const t = (thetaDeg * Math.PI) / 180;
	const arg = (2 * Math.PI * (x * Math.cos(t) - y * Math.sin(t))) / lambda;
	return gauss(sigma)(x, y) * (phase === 'even' ? Math.cos(arg) : Math.sin(arg));
};
const BINOMIAL_5 = [1, 4, 6, 4, 1];
const DERIVATIVE_5 = [-1, -2, 0, 2, 1]; // [1, 2, 1] * [−1, 0, 1]
const LAPLACIAN_8 = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];

describe.each<{ name: string; m: number[][]; match: string; detail: TemplateDetail | null }>([
	{ name: '3 × 3 diagonal Sobel along "/"', m: [[-2, -1, 0], [-1, 0, 1], [0, 1, 2]], match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 45 } },
	{ name: '3 × 3 diagonal Sobel along "\\"', m: [[0, -1, -2], [1, 0, -1], [2, 1, 0]], match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 135 } },
	{ name: '3 × 3 binomial blur', m: outer([1, 2, 1], [1, 2, 1]), match: 'gaussian-blur', detail: { kind: 'gaussian', sigma: 0.7 } },
	{ name: '3 × 3 horizontal Sobel', m: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], match: 'sobel-horizontal', detail: null },
	{ name: '3 × 3 horizontal Scharr', m: [[-3, -10, -3], [0, 0, 0], [3, 10, 3]], match: 'scharr-horizontal', detail: null },
	{ name: '3 × 3 vertical Prewitt', m: [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], match: 'prewitt-vertical', detail: null },
	{ name: '2 × 2 Roberts cross along "/"', m: [[-1, 0], [0, 1]], match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 45 } },
	{ name: '2 × 2 Roberts cross along "\\"', m: [[0, 1], [-1, 0]], match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 135 } },
	{ name: '2 × 2 box', m: [[1, 1], [1, 1]], match: 'box-blur', detail: null },
	{ name: '2 × 2 horizontal ramp', m: [[-1, -1], [1, 1]], match: 'prewitt-horizontal', detail: null },
	{ name: '5 × 5 vertical Sobel (binomial)', m: outer(BINOMIAL_5, DERIVATIVE_5), match: 'sobel-vertical', detail: null },
	{ name: '5 × 5 horizontal Sobel (binomial)', m: outer(DERIVATIVE_5, BINOMIAL_5), match: 'sobel-horizontal', detail: null },
	{ name: '5 × 5 binomial blur', m: outer(BINOMIAL_5, BINOMIAL_5), match: 'gaussian-blur', detail: { kind: 'gaussian', sigma: 1 } },
	{ name: '5 × 5 Gaussian σ = 5/6', m: grid(5, 5, gauss(5 / 6)), match: 'gaussian-blur', detail: { kind: 'gaussian', sigma: 0.8 } },
	{ name: '5 × 5 Laplacian in the centre', m: grid(5, 5, (x, y) => (Math.abs(x) <= 1 && Math.abs(y) <= 1 ? LAPLACIAN_8[y + 1]![x + 1]! : 0)), match: 'laplacian', detail: { kind: 'neighbourhood', neighbours: 8 } },
	{ name: '5 × 5 sharpen in the centre', m: grid(5, 5, (x, y) => (x === 0 && y === 0 ? 5 : Math.abs(x) + Math.abs(y) === 1 ? -1 : 0)), match: 'sharpen', detail: null },
	{ name: '5 × 5 single centre tap', m: grid(5, 5, (x, y) => (x === 0 && y === 0 ? 1 : 0)), match: 'identity', detail: null },
	{ name: '5 × 5 LoG σ = 5/8', m: zeroMean(grid(5, 5, mexicanHat(5 / 8))), match: 'center-surround', detail: { kind: 'log', sigma: 0.6 } },
	{ name: '5 × 5 LoG σ = 5/6', m: zeroMean(grid(5, 5, mexicanHat(5 / 6))), match: 'center-surround', detail: { kind: 'log', sigma: 0.8 } },
	{ name: '5 × 5 LoG σ = 5/4', m: zeroMean(grid(5, 5, mexicanHat(5 / 4))), match: 'center-surround', detail: { kind: 'log', sigma: 1.3 } },
	{ name: '5 × 5 derivative of Gaussian along "/"', m: zeroMean(grid(5, 5, (x, y) => (x + y) * gauss(1.25)(x, y))), match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 45 } },
	{ name: '5 × 5 derivative of Gaussian along "\\"', m: zeroMean(grid(5, 5, (x, y) => (x - y) * gauss(1.25)(x, y))), match: 'diagonal-edge', detail: { kind: 'diagonal', degrees: 135 } },
	{ name: '5 × 5 Gabor θ=45° λ=5 odd', m: zeroMean(grid(5, 5, gabor(45, 5, 1.25, 'odd'))), match: 'gabor', detail: { kind: 'gabor', theta: 45, lambda: 5, phase: 'odd' } },
	{ name: '5 × 5 Gabor θ=90° λ=10/3 even', m: zeroMean(grid(5, 5, gabor(90, 5 / 1.5, 1.25, 'even'))), match: 'gabor', detail: { kind: 'gabor', theta: 90, lambda: 3.3, phase: 'even' } },
	{ name: '7 × 7 Gabor θ=22.5° λ=2.8 odd', m: zeroMean(grid(7, 7, gabor(22.5, 7 / 2.5, 1.75, 'odd'))), match: 'gabor', detail: { kind: 'gabor', theta: 22.5, lambda: 2.8, phase: 'odd' } },
	{ name: '1 × 5 Gabor θ=0° λ=5 even', m: zeroMean(grid(1, 5, gabor(0, 5, 1.25, 'even'))), match: 'gabor', detail: { kind: 'gabor', theta: 0, lambda: 5, phase: 'even' } },
	{ name: '5 × 1 Gabor θ=90° λ=5 odd', m: zeroMean(grid(5, 1, gabor(90, 5, 1.25, 'odd'))), match: 'gabor', detail: { kind: 'gabor', theta: 90, lambda: 5, phase: 'odd' } },
	{ name: '1 × 3 ramp', m: [[-1, 0, 1]], match: 'prewitt-vertical', detail: null },
])('the $name', ({ m, match, detail }) => {
	it(`is ${match}${detail ? ` (${detailText('en', detail)})` : ''}, exactly`, () => {
		const r = matchSpatial(m.flat(), m.length, m[0]!.length);
		expect(r).toMatchObject({ match, detail, polarity: 1, nearest: { family: match, detail } });
		expect(r.score).toBeCloseTo(1, 9);
	});

	// The library built afresh (templatesFor keeps one per size for the whole process), so that each of
	// these tests runs the code that builds it: the template is the hand-written kernel, weight for weight.
	it('is in the library built afresh, weight for weight (unit length)', () => {
		const template = buildTemplates(m.length, m[0]!.length).find((t) => t.family === match && JSON.stringify(t.detail) === JSON.stringify(detail));
		expect(template).toBeDefined();
		const flat = m.flat();
		const norm = Math.hypot(...flat);
		expect(Array.from(template!.values).map((v) => v.toFixed(9))).toEqual(flat.map((v) => (v / norm + 0).toFixed(9)));
	});
});

describe('the template library', () => {
	const names = (h: number, w: number) => buildTemplates(h, w).filter((t) => t.family !== 'gabor').map((t) => (t.detail ? `${t.family} ${detailText('en', t.detail)}` : t.family));
	const gabors = (h: number, w: number) => buildTemplates(h, w).filter((t) => t.family === 'gabor').map((t) => detailText('en', t.detail));

	// In tie-break order: textbook kernels first, so an exact textbook kernel is named as such.
	it.each([
		{ size: [3, 3], names: ['laplacian 4-neighbour', 'laplacian 8-neighbour', 'sobel-horizontal', 'sobel-vertical', 'prewitt-horizontal', 'prewitt-vertical', 'scharr-horizontal', 'scharr-vertical', 'diagonal-edge 45°', 'diagonal-edge 135°', 'box-blur', 'gaussian-blur σ=0.7', 'identity', 'sharpen'] },
		{ size: [2, 2], names: ['prewitt-horizontal', 'prewitt-vertical', 'diagonal-edge 45°', 'diagonal-edge 135°', 'box-blur'] },
		{ size: [5, 5], names: ['laplacian 4-neighbour', 'laplacian 8-neighbour', 'sobel-horizontal', 'sobel-vertical', 'prewitt-horizontal', 'prewitt-vertical', 'diagonal-edge 45°', 'diagonal-edge 135°', 'box-blur', 'gaussian-blur σ=1', 'gaussian-blur σ=0.8', 'identity', 'sharpen', 'center-surround LoG σ=0.6', 'center-surround LoG σ=0.8', 'center-surround LoG σ=1.3'] },
		// Not square: no Laplacian, Sobel or sharpen (defined for odd squares); the centre tap still exists.
		{ size: [3, 5], names: ['prewitt-horizontal', 'prewitt-vertical', 'diagonal-edge 45°', 'diagonal-edge 135°', 'box-blur', 'gaussian-blur σ=1', 'gaussian-blur σ=0.8', 'identity', 'center-surround LoG σ=0.6', 'center-surround LoG σ=0.8', 'center-surround LoG σ=1.3'] },
		// 1-D: only the ramp along the kernel, no diagonal, no centre-surround.
		{ size: [1, 5], names: ['prewitt-vertical', 'box-blur', 'gaussian-blur σ=1', 'gaussian-blur σ=0.8', 'identity'] },
		{ size: [5, 1], names: ['prewitt-horizontal', 'box-blur', 'gaussian-blur σ=1', 'gaussian-blur σ=0.8', 'identity'] },
	])('$size: the designed kernels in order', ({ size, names: expected }) => {
		expect(names(size[0]!, size[1]!)).toEqual(expected);
	});

	it('has Gabors at 8 orientations, up to 3 wavelengths (at least 2.5 px), even and odd', () => {
		const at = (lambda: string) => [0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5].flatMap((t) => [`θ=${t}° λ=${lambda}px even`, `θ=${t}° λ=${lambda}px odd`]);
		expect(gabors(3, 3)).toEqual([...at('3'), ...at('2.5')]); // 3/1.5 and 3/2.5 both become 2.5
		expect(gabors(7, 7)).toEqual([...at('7'), ...at('4.7'), ...at('2.8')]);
		expect(gabors(2, 2)).toEqual([]);
	});

	it('has 1-D Gabors only along the kernel', () => {
		const along = (theta: number) => ['5', '3.3', '2.5'].flatMap((l) => [`θ=${theta}° λ=${l}px even`, `θ=${theta}° λ=${l}px odd`]);
		expect(gabors(1, 5)).toEqual(along(0));
		expect(gabors(5, 1)).toEqual(along(90));
	});

	it.each([[2, 2], [3, 3], [1, 5], [5, 5], [3, 7]])('%i × %i: every template has unit length; zero-mean ones sum to zero', (h, w) => {
		for (const t of buildTemplates(h, w)) {
			expect(t.values.reduce((a, v) => a + v * v, 0), `${t.family} ${detailText('en', t.detail)}`).toBeCloseTo(1, 12);
			const sum = t.values.reduce((a, v) => a + v, 0);
			if (t.zeroMean) expect(Math.abs(sum), `${t.family} ${detailText('en', t.detail)}`).toBeLessThan(1e-12);
			else expect(sum, `${t.family} ${detailText('en', t.detail)}`).toBeGreaterThan(0.1);
		}
	});
});

describe('templatesFor', () => {
	it('is the library built afresh, built once per size', () => {
		const once = templatesFor(5, 3);
		expect(templatesFor(5, 3)).toBe(once);
		expect(once).toEqual(buildTemplates(5, 3));
		expect(templatesFor(3, 5)).not.toEqual(once);
	});
});

describe('FAMILY_GROUPS', () => {
	it('groups the families as src/analysis/README.md documents: one group per edge orientation', () => {
		expect(FAMILY_GROUPS).toEqual({
			laplacian: 'laplacian',
			'center-surround': 'laplacian',
			'sobel-horizontal': 'horizontal-edge',
			'sobel-vertical': 'vertical-edge',
			'prewitt-horizontal': 'horizontal-edge',
			'prewitt-vertical': 'vertical-edge',
			'scharr-horizontal': 'horizontal-edge',
			'scharr-vertical': 'vertical-edge',
			'diagonal-edge': 'diagonal-edge',
			'box-blur': 'blur',
			'gaussian-blur': 'blur',
			identity: 'identity',
			sharpen: 'sharpen',
			gabor: 'gabor',
			'color-opponent': 'color-opponent',
			pointwise: 'pointwise',
			unclassified: 'unclassified',
		});
	});

	it('puts every group in GROUPS and lists its families', () => {
		expect(new Set(Object.values(FAMILY_GROUPS))).toEqual(new Set(GROUPS));
		expect(groupFamilies('vertical-edge')).toEqual(['sobel-vertical', 'prewitt-vertical', 'scharr-vertical']);
	});
});

describe('the top templates of a match', () => {
	// Vertical Sobel against vertical Prewitt and Scharr, by hand: 8 / √(12 · 6) and 52 / √(12 · 236).
	const sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
	const r = matchSpatial(sobel, 3, 3);
	const cos = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);

	it('are the best three, best first, the first being the match', () => {
		expect(r.top).toHaveLength(3);
		expect(r.top[0]).toMatchObject({ family: 'sobel-vertical', cosine: expect.closeTo(1, 12) });
		for (let i = 1; i < 3; i++) expect(Math.abs(r.top[i]!.cosine)).toBeLessThanOrEqual(Math.abs(r.top[i - 1]!.cosine));
	});

	it('carry templates whose cosine with the pattern is the stated one', () => {
		for (const t of r.top) expect(cos(sobel, t.values)).toBeCloseTo(t.cosine, 12);
	});

	it('rank Scharr (0.977) above Prewitt (0.943) for a Sobel', () => {
		const all = templatesFor(3, 3).map((t) => ({ family: t.family, c: cos(sobel, Array.from(t.values)) }));
		expect(all.find((t) => t.family === 'scharr-vertical')!.c).toBeCloseTo(52 / Math.sqrt(12 * 236), 12);
		expect(all.find((t) => t.family === 'prewitt-vertical')!.c).toBeCloseTo(8 / Math.sqrt(72), 12);
	});
});
