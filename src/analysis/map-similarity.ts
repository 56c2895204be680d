/**
 * How alike a learned feature map and a designed filter's output are on the same photograph. Plain
 * numbers in, numbers out: the render stage runs the convolutions, this compares what they produced.
 */

/**
 * Pearson correlation of two equally long maps: the cosine of their mean-removed values. Blind to a
 * map's offset (the bias, a uniform brightness response) and scale; 0 when either map is flat.
 * @example pearson([1, 2, 3], [2, 4, 6]) // 1
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	if (n !== b.length) throw new TypeError(`Expected maps of equal length but received ${n} and ${b.length}`);
	let ma = 0;
	let mb = 0;
	for (let i = 0; i < n; i++) {
		ma += a[i]!;
		mb += b[i]!;
	}
	ma /= n;
	mb /= n;
	let ab = 0;
	let aa = 0;
	let bb = 0;
	for (let i = 0; i < n; i++) {
		const x = a[i]! - ma;
		const y = b[i]! - mb;
		ab += x * y;
		aa += x * x;
		bb += y * y;
	}
	return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Where one axis of a convolution's output looks in its input. */
export interface AxisWindow {
	/** Output length along the axis. */
	out: number;
	stride: number;
	/** Padding added before the first input pixel. */
	padBegin: number;
	/** Kernel extent along the axis, dilation included: (k − 1) · dilation + 1. */
	extent: number;
}

/**
 * The input pixel at the centre of each output position's window, clamped to the input: where a
 * centred designed filter must be read to line up with the layer's output.
 * @example windowCentres({ out: 3, stride: 2, padBegin: 0, extent: 3 }, 7) // [1, 3, 5]
 */
export function windowCentres(axis: AxisWindow, inputLength: number): number[] {
	return Array.from({ length: axis.out }, (_, i) => {
		const c = Math.round(i * axis.stride - axis.padBegin + (axis.extent - 1) / 2);
		return c < 0 ? 0 : c >= inputLength ? inputLength - 1 : c;
	});
}

/** Reads a `height` × `width` map at the given rows and columns (e.g. `windowCentres`), row-major. */
export function sampleMap(map: ArrayLike<number>, width: number, rows: number[], cols: number[]): Float64Array {
	const out = new Float64Array(rows.length * cols.length);
	for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = map[rows[i]! * width + cols[j]!]!;
	return out;
}

/**
 * The kernels with each channel's own mean subtracted: the same spatial shapes, but a flat area of
 * any colour gives no response (only the bias). `data` is [N, C, ...spatial] with `size` weights per slice.
 */
export function demeanChannels(data: Float32Array, size: number): Float32Array {
	const out = new Float32Array(data.length);
	for (let base = 0; base < data.length; base += size) {
		let m = 0;
		for (let i = 0; i < size; i++) m += data[base + i]!;
		m /= size;
		for (let i = 0; i < size; i++) out[base + i] = data[base + i]! - m;
	}
	return out;
}
