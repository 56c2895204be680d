import { describe, expect, it } from 'vitest';
import { analyseLayer, matchSpatial, templatesFor, weightStats, histogram, FAMILIES } from '../../src/analysis/index.ts';
import { analyseColor, colourOf, topEigenvector } from '../../src/analysis/color.ts';
import { layerWeights } from '../../src/analysis/stats.ts';
import { GAUSSIAN, LAPLACIAN_4, LUMA_SOBEL, PLANTED, SOBEL_HORIZONTAL, SOBEL_VERTICAL, toWeights } from './planted.ts';

const layer = { index: 0, name: 'conv1', transposed: false, fromGraphInput: true };
/** Deterministic small noise, so the planted kernels are not exactly the templates. */
const noise = (i: number) => 0.01 * Math.sin(i * 12.9898 + 78.233);

describe.each(['RGB', 'BGR'] as const)('planted first layer (%s input)', (order) => {
	const weights = toWeights(PLANTED.map((p) => p.channels), order);
	weights.data.forEach((v, i) => (weights.data[i] = v + noise(i)));
	const result = analyseLayer(weights, layer, { colorOrder: order });

	it.each(PLANTED.map((p, i) => ({ ...p, i })))('classifies the $name kernel as $match', ({ i, match, polarity, detail, axis }) => {
		const k = result.kernels[i];
		expect(k.match).toBe(match);
		if (detail) expect(k.detail).toEqual(detail);
		if (axis) {
			// Colour dominates: reported by its opponency strength (red − green: no energy common to all channels).
			expect(k.colorOpponent).toMatchObject({ axis, positive: 'red', negative: 'green' });
			expect(k.colorOpponent!.strength).toBeGreaterThan(0.99);
			return;
		}
		expect(k.polarity).toBe(polarity);
		expect(k.score).toBeGreaterThan(0.9);
		// Grey kernels are matched on their channel sum; luminance is no better when the channels agree.
		expect(k.view).toBe('sum');
		expect(k.compared.weights).toEqual([1, 1, 1]);
		expect(k.colorOpponent).toBeNull();
	});

	it('counts the families', () => {
		expect(result.families).toEqual({ laplacian: 2, 'color-opponent': 1, 'gaussian-blur': 1, 'sobel-horizontal': 1, 'sobel-vertical': 1 });
		expect(result.groups).toEqual({ laplacian: 2, blur: 1, 'color-opponent': 1, 'horizontal-edge': 1, 'vertical-edge': 1 });
	});
});

describe.each(['RGB', 'BGR'] as const)('a kernel whose channels differ (%s input)', (order) => {
	// Stored in the model's own channel order: the luma weights must follow it (0.114 first for BGR).
	const k = analyseLayer(toWeights([LUMA_SOBEL], order), layer, { colorOrder: order }).kernels[0]!;

	it('is matched through BT.601 luminance, weighted in the model\'s channel order, exactly', () => {
		expect(k).toMatchObject({ match: 'sobel-vertical', view: 'luminance', polarity: 1, colorOpponent: null });
		expect(k.score).toBeCloseTo(1, 6);
		// The compared form says which weights, in the stored order, made the matrix: 0.114 first for BGR.
		expect(k.compared.weights).toEqual(order === 'BGR' ? [0.114, 0.587, 0.299] : [0.299, 0.587, 0.114]);
		const luma = order === 'BGR' ? [0.114, 0.587, 0.299] : [0.299, 0.587, 0.114];
		const stored = order === 'BGR' ? [...LUMA_SOBEL].reverse() : LUMA_SOBEL;
		const byHand = stored[0]!.flat().map((_, i) => stored.reduce((s, ch, c) => s + luma[c]! * ch.flat()[i]!, 0));
		k.compared.values.forEach((v, i) => expect(v).toBeCloseTo(byHand[i]!, 5));
	});
});

describe('matchSpatial', () => {
	const flat = (m: number[][]) => m.flat();
	it.each([
		{ name: 'box blur', m: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], match: 'box-blur', polarity: 1 },
		{ name: 'identity', m: [[0, 0, 0], [0, 1, 0], [0, 0, 0]], match: 'identity', polarity: 1 },
		{ name: 'sharpen', m: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], match: 'sharpen', polarity: 1 },
		{ name: '4-neighbour Laplacian', m: LAPLACIAN_4, match: 'laplacian', polarity: 1 },
		{ name: 'inverted Sobel', m: SOBEL_VERTICAL.map((r) => r.map((v) => -v)), match: 'sobel-vertical', polarity: -1 },
		{ name: 'Prewitt', m: [[-1, -1, -1], [0, 0, 0], [1, 1, 1]], match: 'prewitt-horizontal', polarity: 1 },
		{ name: 'Scharr', m: [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]], match: 'scharr-vertical', polarity: 1 },
		{ name: 'diagonal', m: [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]], match: 'diagonal-edge', polarity: -1 },
		{ name: 'blur with a bright centre (not a negative Laplacian)', m: GAUSSIAN, match: 'gaussian-blur', polarity: 1 },
	])('$name → $match', ({ m, match, polarity }) => {
		const r = matchSpatial(flat(m), 3, 3);
		expect(r.match).toBe(match);
		expect(r.polarity).toBe(polarity);
		expect(r.score).toBeCloseTo(1, 6);
	});

	it('finds a Gabor at its orientation in a 7 × 7 kernel', () => {
		const t = templatesFor(7, 7).find((x) => x.detail?.kind === 'gabor' && x.detail.theta === 45 && x.detail.lambda === 7 && x.detail.phase === 'odd')!;
		const r = matchSpatial(Array.from(t.values, (v) => -2 * v), 7, 7);
		expect(r).toMatchObject({ match: 'gabor', detail: { kind: 'gabor', theta: 45, lambda: 7, phase: 'odd' }, polarity: -1 });
	});

	it('calls a pattern no template fits unclassified, but still names the nearest template', () => {
		const r = matchSpatial([0.9, -0.2, -0.7, 0.1, 0.3, 0.8, -0.6, -0.5, 0.4], 3, 3);
		expect(r).toMatchObject({ match: 'unclassified', detail: null, nearest: { family: 'gabor' } });
		expect(r.score).toBeLessThan(0.7);
	});

	it.each([
		{ w: 0.5, polarity: 1 },
		{ w: -0.5, polarity: -1 },
		{ w: 0, polarity: 1 },
	])('treats a 1 × 1 kernel $w as pointwise, polarity $polarity', ({ w, polarity }) => {
		expect(matchSpatial([w], 1, 1)).toEqual({ match: 'pointwise', score: 1, polarity, detail: null, dcShare: 1, nearest: null, top: [] });
	});

	it.each([
		{ name: 'dead (all zero)', pattern: new Array(9).fill(0) },
		{ name: 'overflowed (an infinite weight)', pattern: [Infinity, 0, 0, 0, 0, 0, 0, 0, 0] },
	])('calls a $name kernel unclassified with nothing nearest', ({ pattern }) => {
		expect(matchSpatial(pattern, 3, 3)).toEqual({ match: 'unclassified', score: 0, polarity: 1, detail: null, dcShare: 0, nearest: null, top: [] });
	});

	it.each([
		{ name: 'a constant', pattern: new Array(9).fill(2), dcShare: 1 },
		{ name: 'a single tap', pattern: [1, 0, 0, 0, 0, 0, 0, 0, 0], dcShare: 1 / 9 },
		{ name: 'a Sobel', pattern: SOBEL_VERTICAL.flat(), dcShare: 0 },
		{ name: 'a Sobel on a pedestal', pattern: SOBEL_VERTICAL.flat().map((v) => v + 1), dcShare: 9 / (12 + 9) },
	])('gives $name the DC share mean² · n / ‖k‖² = $dcShare', ({ pattern, dcShare }) => {
		expect(matchSpatial(pattern, 3, 3).dcShare).toBeCloseTo(dcShare, 12);
	});

	it('only uses documented family names', () => {
		for (const size of [[2, 2], [3, 3], [5, 5], [7, 7], [11, 11], [1, 5], [3, 5]]) {
			for (const t of templatesFor(size[0], size[1])) expect(FAMILIES).toContain(t.family);
		}
	});
});

describe('statistics', () => {
	it.each([
		{ data: [1, -1, 0, 0], min: -1, max: 1, mean: 0, std: Math.SQRT1_2, l2: Math.SQRT2, nearZero: 0.5 },
		{ data: [2, 2, 2, 2], min: 2, max: 2, mean: 2, std: 0, l2: 4, nearZero: 0 },
		{ data: [3, 4], min: 3, max: 4, mean: 3.5, std: 0.5, l2: 5, nearZero: 0 },
		{ data: [0.001, 1, -0.5, 0.01], min: -0.5, max: 1, mean: 0.12775, std: Math.sqrt(((0.001 - 0.12775) ** 2 + (1 - 0.12775) ** 2 + (-0.5 - 0.12775) ** 2 + (0.01 - 0.12775) ** 2) / 4), l2: Math.hypot(0.001, 1, 0.5, 0.01), nearZero: 0.5 },
	])('$data', ({ data, ...expected }) => {
		const s = weightStats(new Float64Array(data));
		for (const [k, v] of Object.entries(expected)) expect(s[k as keyof typeof s]).toBeCloseTo(v, 12);
	});

	it('measures near-zero against the layer scale, not the kernel', () => {
		expect(weightStats([0.005, 0.005], 1).nearZero).toBe(1);
		expect(weightStats([0.005, 0.005]).nearZero).toBe(0);
	});

	it('bins a histogram symmetric about zero', () => {
		const h = histogram([-1, -0.5, 0, 0.25, 1], 4);
		expect(h).toEqual({ min: -1, max: 1, counts: [1, 1, 2, 1] });
	});

	it('computes layer and kernel statistics in one go, by hand', () => {
		// Two kernels [1, -1] and [0, 0.5]: layer max |w| 0.5·2 = 1, so near zero means |w| ≤ 0.01.
		const w = layerWeights(new Float32Array([1, -1, 0, 0.5]), 2, 4);
		expect(w.scale).toBe(1);
		expect(w.kernels[0]).toEqual({ min: -1, max: 1, mean: 0, std: 1, l2: Math.SQRT2, nearZero: 0 });
		expect(w.kernels[1]).toEqual({ min: 0, max: 0.5, mean: 0.25, std: 0.25, l2: 0.5, nearZero: 0.5 });
		// Layer mean 0.125; deviations 0.875², 1.125², 0.125², 0.375² sum to 2.1875.
		expect(w.stats).toEqual({ min: -1, max: 1, mean: 0.125, std: Math.sqrt(2.1875 / 4), l2: Math.sqrt(2.25), nearZero: 0.25 });
		// Bins of width 0.5 from −1: [−1, −0.5) [−0.5, 0) [0, 0.5) [0.5, 1].
		expect(w.histogram).toEqual({ min: -1, max: 1, counts: [1, 0, 1, 2] });
		expect(() => layerWeights(new Float32Array(5), 2)).toThrow(/multiple of 2/);
	});

	it('gives exactly the separate definitions\' numbers, to the last bit, on awkward data', () => {
		// Sums in a different order would differ in the last bits: the pages and the cache must not change.
		let seed = 7;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
		const data = Float32Array.from({ length: 64 * 27 }, (_, i) => (i % 97 === 0 ? 0 : random() * 10 ** ((i % 5) - 3) + 1e-3));
		const w = layerWeights(data, 64);
		expect(w.stats).toStrictEqual(weightStats(data));
		expect(w.histogram).toStrictEqual(histogram(data));
		for (let k = 0; k < 64; k++) expect(w.kernels[k]).toStrictEqual(weightStats(data.subarray(k * 27, (k + 1) * 27), w.scale));
	});

	it('gives per-layer stats over every weight', () => {
		const a = analyseLayer(toWeights([[GAUSSIAN]]), { index: 3, name: 'x', transposed: false, fromGraphInput: false });
		expect(a.stats.max).toBeCloseTo(0.25, 7);
		expect(a.stats.mean).toBeCloseTo(1 / 9, 7);
		expect(a.histogram.counts.reduce((x, y) => x + y)).toBe(9);
		expect(a.rgb).toBe(false);
	});
});

describe('every weight shape', () => {
	it.each([
		{ name: 'pointwise', dims: [8, 4, 1, 1], family: 'pointwise' },
		{ name: 'depthwise 3 × 3', dims: [6, 1, 3, 3] },
		{ name: 'grouped', dims: [8, 2, 3, 3] },
		{ name: 'ConvTranspose', dims: [4, 2, 4, 4], op: 'ConvTranspose' },
		{ name: '1-D', dims: [4, 2, 5] },
		{ name: '3-D', dims: [2, 2, 3, 3, 3] },
		{ name: '11 × 11', dims: [2, 3, 11, 11] },
		{ name: 'non-square', dims: [2, 1, 1, 7] },
	])('$name $dims', ({ dims, op, family }) => {
		const n = dims.reduce((a, b) => a * b);
		const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7));
		const a = analyseLayer({ dims, data }, { index: 0, name: 'l', transposed: op === 'ConvTranspose', fromGraphInput: false });
		expect(a.kernels).toHaveLength(dims[0]);
		for (const k of a.kernels) {
			expect(FAMILIES).toContain(k.match);
			expect(k.score).toBeGreaterThanOrEqual(0);
			expect(k.score).toBeLessThanOrEqual(1);
			if (family) expect(k.match).toBe(family);
		}
		expect(Object.values(a.families).reduce((x, y) => x + y)).toBe(dims[0]);
	});

	it('rejects data that does not fit the shape', () => {
		expect(() => analyseLayer({ dims: [2, 1, 3, 3], data: new Float32Array(10) }, layer)).toThrow(new TypeError('Expected 18 weights for shape [2, 1, 3, 3] but received 10'));
	});

	it('matches a 3-D kernel on the sum of its depth slices', () => {
		// Slices: horizontal Sobel, vertical Sobel, minus the horizontal one: the sum is the vertical Sobel.
		const slices = [SOBEL_HORIZONTAL, SOBEL_VERTICAL, SOBEL_HORIZONTAL.map((r) => r.map((v) => -v))];
		const k = analyseLayer({ dims: [1, 1, 3, 3, 3], data: Float32Array.from(slices.flat(2)) }, { ...layer, fromGraphInput: false }).kernels[0]!;
		expect(k).toMatchObject({ match: 'sobel-vertical', view: 'depth-sum', polarity: 1 });
		expect(k.score).toBeCloseTo(1, 9);
	});

	it('does not look for colour opponency in a 3-D kernel, even one reading the image', () => {
		// Red = a blur, green = minus the same blur: opponent in 2-D, but 3-D kernels are matched on depth sums only.
		const red = [GAUSSIAN, GAUSSIAN, GAUSSIAN];
		const green = red.map((m) => m.map((r) => r.map((v) => -v)));
		const blue = red.map((m) => m.map((r) => r.map(() => 0)));
		const a = analyseLayer({ dims: [1, 3, 3, 3, 3], data: Float32Array.from([red, green, blue].flat(3)) }, layer);
		expect(a.rgb).toBe(true);
		expect(a.kernels[0]).toMatchObject({ view: 'depth-sum', colorOpponent: null });
	});
});

describe('colour views', () => {
	const zero = SOBEL_VERTICAL.map((r) => r.map(() => 0));
	const minus = (m: number[][]) => m.map((r) => r.map((v) => -v));

	it.each([
		{ fromGraphInput: true, index: 2, channels: 3, rgb: true },
		{ fromGraphInput: false, index: 0, channels: 3, rgb: false },
		{ fromGraphInput: true, index: 0, channels: 4, rgb: false },
		{ fromGraphInput: null, index: 0, channels: 3, rgb: true },
		{ fromGraphInput: null, index: 1, channels: 3, rgb: false },
	])('are used by default only for 3 channels read from the image (fromGraphInput $fromGraphInput, layer $index, $channels channels)', ({ fromGraphInput, index, channels, rgb }) => {
		const a = analyseLayer({ dims: [1, channels, 3, 3], data: new Float32Array(channels * 9).fill(0.5) }, { ...layer, index, fromGraphInput });
		expect(a.rgb).toBe(rgb);
	});

	it('refuse rgb: true for a layer without 3 input channels', () => {
		expect(() => analyseLayer({ dims: [1, 4, 3, 3], data: new Float32Array(36) }, layer, { rgb: true })).toThrow(new TypeError('Expected 3 input channels for an RGB layer but received 4'));
	});

	it.each([
		// The colour pattern (red − green) has equal extremes −2 and +2: the first in reading order (−2) is
		// made positive, so green is the colour that excites it, and the shape is an inverted vertical Sobel.
		{ name: 'a Sobel in red minus the same Sobel in green', channels: [SOBEL_VERTICAL, minus(SOBEL_VERTICAL), zero], detail: { kind: 'opponent', axis: 'red-green', positive: 'green', negative: 'red', shape: 'sobel-vertical' } },
		{ name: 'noise in red minus the same noise in green', channels: [[[0.9, -0.2, -0.7], [0.1, 0.3, 0.8], [-0.6, -0.5, 0.4]], [[-0.9, 0.2, 0.7], [-0.1, -0.3, -0.8], [0.6, 0.5, -0.4]], zero], detail: { kind: 'opponent', axis: 'red-green', positive: 'red', negative: 'green', shape: 'unclassified' } },
		{ name: 'a blur in blue minus half of it in red and green', channels: [minus(GAUSSIAN).map((r) => r.map((v) => v / 2)), minus(GAUSSIAN).map((r) => r.map((v) => v / 2)), GAUSSIAN], detail: { kind: 'opponent', axis: 'blue-yellow', positive: 'blue', negative: 'yellow', shape: 'gaussian-blur' } },
	])('name $name as colour-opponent, with the axis, the colours and the shape', ({ channels, detail }) => {
		const k = analyseLayer(toWeights([channels]), layer).kernels[0]!;
		expect(k).toMatchObject({ match: 'color-opponent', detail });
		expect(k.colorOpponent!.strength).toBeCloseTo(1, 9);
	});
});

describe('analyseColor', () => {
	it('orients the colour pattern so its strongest value (the first, on a tie) is positive, and gives the unit colour direction', () => {
		const c = analyseColor([[1, 0, -1, 0], [-1, 0, 1, 0], [0, 0, 0, 0]], 4);
		expect(c.opponent).toMatchObject({ axis: 'red-green', positive: 'red', negative: 'green', strength: 1 });
		const [r, g, b] = c.opponent!.color;
		expect([r, g, Math.abs(b!)]).toEqual([expect.closeTo(Math.SQRT1_2, 12), expect.closeTo(-Math.SQRT1_2, 12), 0]);
		expect(Array.from(c.pattern)).toEqual([expect.closeTo(Math.SQRT2, 12), 0, expect.closeTo(-Math.SQRT2, 12), 0]);
	});

	it('flags nothing in a grey kernel', () => {
		expect(analyseColor([[1, 2], [1, 2], [1, 2]], 2).opponent).toBeNull();
	});
});

describe.each(['RGB', 'BGR'] as const)('colour-opponent labels against the channel order (%s storage)', (order) => {
	// Planted in R, G, B order and stored in the model's order; the labels must name the colours the RGB
	// composite shows (mid-grey + weights): where the pattern is positive, the channels that rise.
	const p = GAUSSIAN;
	const s = (f: number) => p.map((r) => r.map((v) => v * f));
	const cases = [
		// Red up, blue down, green flat: the composite is red where the blur is positive and blue at the other end.
		// (A projection on the blue-yellow axis once called this "yellow +".)
		{ name: 'red minus blue', rgb: [s(1), s(0), s(-1)], positive: 'red', negative: 'blue', axis: 'red-blue' },
		{ name: 'red and green minus twice blue', rgb: [s(1), s(1), s(-2)], positive: 'yellow', negative: 'blue', axis: 'blue-yellow' },
		{ name: 'green minus red and blue', rgb: [s(-1), s(2), s(-1)], positive: 'green', negative: 'magenta', axis: 'green-magenta' },
		{ name: 'blue minus green', rgb: [s(0), s(-1), s(1)], positive: 'blue', negative: 'green', axis: 'green-blue' },
		{ name: 'cyan minus red', rgb: [s(-2), s(1), s(1)], positive: 'cyan', negative: 'red', axis: 'red-cyan' },
	];
	it.each(cases)('$name → $positive +, $negative −', ({ rgb, positive, negative, axis }) => {
		const k = analyseLayer(toWeights([rgb], order), layer, { colorOrder: order }).kernels[0]!;
		expect(k.match).toBe('color-opponent');
		expect(k.colorOpponent).toMatchObject({ positive, negative, axis });
		expect(k.detail).toEqual({ kind: 'opponent', axis, positive, negative, shape: 'gaussian-blur' });
	});
});

describe('colourOf', () => {
	it.each([
		{ v: [1, 0, 0], name: 'red' },
		{ v: [0.1, 1, -1], name: 'green' },
		{ v: [1, 0.5, -1], name: 'yellow' },
		{ v: [1, 0.49, -1], name: 'red' },
		{ v: [0, 1, 1], name: 'cyan' },
		{ v: [0.7, -1, 0.6], name: 'magenta' },
		{ v: [-1, -1, 2], name: 'blue' },
	])('names the rise of $v $name', ({ v, name }) => {
		expect(colourOf(v)).toBe(name);
	});
});

describe('topEigenvector', () => {
	it('finds the dominant direction of a symmetric 3 × 3 matrix', () => {
		// v = (1, -1, 0)/√2 with eigenvalue 5, plus 1 × identity.
		const m = [3.5, -2.5, 0, -2.5, 3.5, 0, 0, 0, 1];
		const u = topEigenvector(m);
		expect(Math.abs(u[0])).toBeCloseTo(Math.SQRT1_2, 9);
		expect(u[0]).toBeCloseTo(-u[1], 9);
		expect(u[2]).toBeCloseTo(0, 9);
	});

	it('finds it when some off-diagonal entries are already zero and diagonal entries tie, and leaves its input alone', () => {
		// A 1 × 1 block and the block [[1, 1], [1, 1]] (eigenvalues 2 and 0): the top direction is (0, 1, 1)/√2.
		const m = [1, 0, 0, 0, 1, 1, 0, 1, 1];
		const u = topEigenvector(m);
		expect(u[0]).toBeCloseTo(0, 12);
		expect(Math.abs(u[1]!)).toBeCloseTo(Math.SQRT1_2, 12);
		expect(u[1]).toBeCloseTo(u[2]!, 12);
		expect(m).toEqual([1, 0, 0, 0, 1, 1, 0, 1, 1]);
	});
});
