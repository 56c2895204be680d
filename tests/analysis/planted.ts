/** Designed kernels planted into synthetic layers, shared by the analysis tests and the end-to-end ONNX test. */
import type { MatchDetail } from '../../src/analysis/index.ts';

export const LAPLACIAN_4 = [[0, -1, 0], [-1, 4, -1], [0, -1, 0]];
export const LAPLACIAN_8 = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];
export const SOBEL_HORIZONTAL = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]];
export const SOBEL_VERTICAL = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
export const GAUSSIAN = [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16));
export const BOX = [[1, 1, 1], [1, 1, 1], [1, 1, 1]].map((r) => r.map((v) => v / 9));
export const NEG_LAPLACIAN_8 = LAPLACIAN_8.map((r) => r.map((v) => -v));

export type Planted = { name: string; channels: number[][][]; match: string; polarity: 1 | -1; detail?: MatchDetail; axis?: string };

const gray = (m: number[][], gain = 1): number[][][] => [m, m, m].map((c) => c.map((r) => r.map((v) => (v * gain) / 3)));

/** The first layer of the planted model, kernel by kernel, in RGB channel order, with the expected analysis. */
export const PLANTED: Planted[] = [
	{ name: 'laplacian', channels: gray(LAPLACIAN_8), match: 'laplacian', polarity: 1, detail: { kind: 'neighbourhood', neighbours: 8 } },
	{ name: 'sobel-x', channels: gray(SOBEL_VERTICAL), match: 'sobel-vertical', polarity: 1 },
	{ name: 'sobel-y', channels: gray(SOBEL_HORIZONTAL), match: 'sobel-horizontal', polarity: 1 },
	{ name: 'blur', channels: gray(GAUSSIAN), match: 'gaussian-blur', polarity: 1 },
	{ name: 'negated laplacian', channels: gray(NEG_LAPLACIAN_8), match: 'laplacian', polarity: -1, detail: { kind: 'neighbourhood', neighbours: 8 } },
	{ name: 'red minus green', channels: [GAUSSIAN, GAUSSIAN.map((r) => r.map((v) => -v)), GAUSSIAN.map((r) => r.map(() => 0))], match: 'color-opponent', polarity: 1, detail: { kind: 'opponent', axis: 'red-green', positive: 'red', negative: 'green', shape: 'gaussian-blur' }, axis: 'red-green' },
];

/** Flattens kernels given as [channel][row][col] into ONNX layout [N, C, kh, kw]. */
export function toWeights(kernels: number[][][][], order: 'RGB' | 'BGR' = 'RGB'): { dims: number[]; data: Float32Array } {
	const c = kernels[0].length;
	const h = kernels[0][0].length;
	const w = kernels[0][0][0].length;
	const data = new Float32Array(kernels.length * c * h * w);
	let i = 0;
	for (const k of kernels) {
		const chans = order === 'BGR' ? [...k].reverse() : k;
		for (const ch of chans) for (const row of ch) for (const v of row) data[i++] = v;
	}
	return { dims: [kernels.length, c, h, w], data };
}

/**
 * A vertical Sobel that only BT.601 luminance (0.299 R + 0.587 G + 0.114 B) recovers exactly: every
 * channel is the Sobel plus a horizontal-Sobel part, weighted so the luma sum cancels it (0.299 · 0.3 −
 * 0.114 · 0.3 · 0.299 / 0.114 = 0) while the plain channel sum keeps some (score 3 / √(9 + 0.49²) ≈ 0.987).
 * The channels differ by little, so the kernel is not colour-opponent. [channel][row][col], RGB order.
 */
export const LUMA_SOBEL: number[][][] = [
	SOBEL_VERTICAL.map((r, i) => r.map((v, j) => v + 0.3 * SOBEL_HORIZONTAL[i][j])),
	SOBEL_VERTICAL,
	SOBEL_VERTICAL.map((r, i) => r.map((v, j) => v - ((0.3 * 0.299) / 0.114) * SOBEL_HORIZONTAL[i][j])),
];
