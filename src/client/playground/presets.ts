/**
 * The playground's designed kernels. Smoothing kernels scale with the chosen size; the derivative
 * kernels are 3 × 3 by definition and sit in the centre of a larger kernel (zeros around them change nothing).
 */

/** Preset names, as the buttons' `data-preset`. */
export const PRESETS = ['identity', 'box-blur', 'gaussian-blur', 'sharpen', 'laplacian-4', 'laplacian-8', 'sobel-horizontal', 'sobel-vertical', 'prewitt-horizontal', 'prewitt-vertical'] as const;

export type PresetName = (typeof PRESETS)[number];

// As the tutorial writes them: the 8-neighbour Laplacian with +8 in the centre (the site's filtered
// photograph), the 4-neighbour one as the plain second difference.
const FIXED: Partial<Record<PresetName, number[]>> = {
	sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
	'laplacian-4': [0, 1, 0, 1, -4, 1, 0, 1, 0],
	'laplacian-8': [-1, -1, -1, -1, 8, -1, -1, -1, -1],
	'sobel-horizontal': [-1, -2, -1, 0, 0, 0, 1, 2, 1],
	'sobel-vertical': [-1, 0, 1, -2, 0, 2, -1, 0, 1],
	'prewitt-horizontal': [-1, -1, -1, 0, 0, 0, 1, 1, 1],
	'prewitt-vertical': [-1, 0, 1, -1, 0, 1, -1, 0, 1],
};

/** Row `n` of Pascal's triangle: the binomial approximation of a Gaussian, [1, 2, 1] for n = 2. */
function binomial(n: number): number[] {
	let row = [1];
	for (let i = 0; i < n; i++) row = [...row, 0].map((v, j) => v + (row[j - 1] ?? 0));
	return row;
}

/**
 * The preset as `size` × `size` values, row by row.
 * @example preset('gaussian-blur', 3) // [1, 2, 1, 2, 4, 2, 1, 2, 1] divided by 16
 */
export function preset(name: PresetName, size: number): number[] {
	const n = size * size;
	const centre = (size >> 1) * size + (size >> 1);
	if (name === 'identity') return Array.from({ length: n }, (_, i) => (i === centre ? 1 : 0));
	if (name === 'box-blur') return new Array<number>(n).fill(1 / n);
	if (name === 'gaussian-blur') {
		const b = binomial(size - 1);
		const total = b.reduce((s, v) => s + v, 0) ** 2;
		return Array.from({ length: n }, (_, i) => (b[Math.floor(i / size)]! * b[i % size]!) / total);
	}
	return embed(FIXED[name]!, 3, size);
}

/** A `from` × `from` kernel centred in a `to` × `to` one (cropped to its centre when `to` is smaller). */
export function embed(values: ArrayLike<number>, from: number, to: number): number[] {
	const offset = (to - from) >> 1;
	return Array.from({ length: to * to }, (_, i) => {
		const r = Math.floor(i / to) - offset;
		const c = (i % to) - offset;
		return r >= 0 && r < from && c >= 0 && c < from ? values[r * from + c]! : 0;
	});
}
