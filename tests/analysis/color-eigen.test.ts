/**
 * The colour analysis on inputs whose answers are known in closed form. Each matrix below is built as
 * Σ λᵢ qᵢqᵢᵀ from an orthonormal basis chosen by hand, so its top eigenvector is the qᵢ with the largest
 * λᵢ by construction (a spectral decomposition), with no solver involved.
 */
import { describe, expect, it } from 'vitest';
import { analyseColor, topEigenvector } from '../../src/analysis/color.ts';

/** Σ λᵢ qᵢqᵢᵀ as a row-major 3 × 3 array. */
function spectral(pairs: [number, number[]][]): number[] {
	const m = Array(9).fill(0);
	for (const [lambda, q] of pairs) {
		const n = Math.hypot(...q);
		for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[r * 3 + c] += (lambda * q[r]! * q[c]!) / (n * n);
	}
	return m;
}
const ONES = [1, 1, 1];
const RG = [1, -1, 0];
const BY = [1, 1, -2];

/** u equals ±q/|q| to 1e-12. */
function expectDirection(u: number[], q: number[]) {
	const n = Math.hypot(...q);
	const sign = Math.sign(u.reduce((a, v, i) => a + v * q[i]!, 0));
	expect(u.map((v) => v * sign)).toEqual(q.map((v) => expect.closeTo(v / n, 12)));
}

describe('topEigenvector on matrices with every off-diagonal entry nonzero', () => {
	it.each([
		['(1, 1, 1) on top', [[6, ONES], [2, RG], [1, BY]], ONES],
		['(1, 1, −2) on top', [[1, ONES], [2, RG], [5, BY]], BY],
		['(1, −1, 0) on top', [[1, ONES], [7, RG], [3, BY]], RG],
		['a direction off every axis', [[9, [2, -1, 3]], [4, [1, 2, 0]], [1, [-6, 3, 5]]], [2, -1, 3]],
	] as [string, [number, number[]][], number[]][])('%s', (_, pairs, top) => {
		const m = spectral(pairs);
		expect([m[1], m[2], m[5]].every((v) => Math.abs(v!) > 1e-3)).toBe(true);
		expectDirection(topEigenvector(m), top);
	});
});

describe('analyseColor', () => {
	it('an all-zero kernel: no opponent, a zero pattern of the kernel size', () => {
		const c = analyseColor([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 4);
		expect(c.opponent).toBeNull();
		expect(Array.from(c.pattern)).toEqual([0, 0, 0, 0]);
	});

	it('green on, red off: the pattern is oriented so its strongest value is positive whichever sign the solver picks', () => {
		// Red −b, green +b: W = (−1, 1, 0)ᵀ bᵀ, so u = ±(−1, 1, 0)/√2 and the pattern is ±√2 b; b peaks at +3.
		const b = [1, 3, -2, 0.5];
		const c = analyseColor([b.map((v) => -v), b, [0, 0, 0, 0]], 4);
		expect(c.opponent).toMatchObject({ axis: 'red-green', positive: 'green', negative: 'red', strength: 1 });
		expect(Array.from(c.pattern)).toEqual(b.map((v) => expect.closeTo(Math.SQRT2 * v, 12)));
		expect(c.opponent!.color).toEqual([expect.closeTo(-Math.SQRT1_2, 12), expect.closeTo(Math.SQRT1_2, 12), expect.closeTo(0, 12)]);
	});

	it('blue against red and green: blue-yellow, with its unit colour direction', () => {
		// W = (−1, −1, 2)ᵀ bᵀ: u = (−1, −1, 2)/√6, all energy chromatic (the channels sum to zero).
		const b = [0.5, 2, 1];
		const c = analyseColor([b.map((v) => -v), b.map((v) => -v), b.map((v) => 2 * v)], 3);
		expect(c.opponent).toMatchObject({ axis: 'blue-yellow', positive: 'blue', negative: 'yellow' });
		expect(c.opponent!.strength).toBeCloseTo(1, 12);
		const s = Math.sqrt(6);
		expect(c.opponent!.color).toEqual([expect.closeTo(-1 / s, 12), expect.closeTo(-1 / s, 12), expect.closeTo(2 / s, 12)]);
		expect(Array.from(c.pattern)).toEqual(b.map((v) => expect.closeTo(s * v, 12)));
	});
});
