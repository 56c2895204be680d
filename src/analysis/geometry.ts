/**
 * How a convolution weight tensor splits into kernels, channels and spatial positions.
 * Shared by the analysis and the render stage so both agree on what "kernel i, channel c" means.
 */

/** The minimum the stages need to know about a layer besides its numbers. */
export interface LayerShapeInfo {
	/** Position of the layer in data-flow order (from the reader's `ConvLayer.index`). */
	index: number;
	/** The layer's readable name. */
	name: string;
	/** A transposed convolution stores [C_in, C_out/group, k...]; every other [C_out, C_in/group, k...]. */
	transposed: boolean;
	/** True when the layer reads the image directly, so its input channels are colours; null when the file cannot tell. */
	fromGraphInput: boolean | null;
}

/**
 * Whether a layer reads the input image. A graph says so; a checkpoint records no graph, and there the
 * first weight in checkpoint order is taken as the stem (true of every torchvision and timm CNN).
 */
export function readsImage(layer: Pick<LayerShapeInfo, 'index' | 'fromGraphInput'>): boolean {
	return layer.fromGraphInput ?? layer.index === 0;
}

/** Plain kernel numbers in ONNX layout (a subset of the reader's `Kernel`). */
export interface KernelData {
	dims: number[];
	data: Float32Array;
}

/** The shape of a weight tensor, seen as `count` kernels of `channels` spatial slices. */
export interface KernelGeometry {
	/** Kernels = first weight dimension (output channels; input channels for ConvTranspose). */
	count: number;
	/** Slices per kernel = second weight dimension (C_in/group; C_out/group for ConvTranspose). */
	channels: number;
	/** Spatial dims as stored: [] (no spatial dim), [k], [kh, kw] or [kd, kh, kw]. */
	spatial: number[];
	/** Number of weights in one spatial slice. */
	size: number;
	/**
	 * The slice drawn as a 2-D tile: 1-D kernels as one row, 3-D kernels as their depth slices side by
	 * side (`depth` of them, each `height` × `width`).
	 */
	height: number;
	width: number;
	depth: number;
}

/**
 * Reads the geometry of a weight tensor.
 * @example kernelGeometry([64, 3, 7, 7]) // { count: 64, channels: 3, spatial: [7, 7], size: 49, height: 7, width: 7, depth: 1 }
 */
export function kernelGeometry(dims: readonly number[]): KernelGeometry {
	if (dims.length < 2 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
		throw new TypeError(`Expected a weight shape [N, C, k...] of positive integers but received [${dims.join(', ')}]`);
	}
	const [count, channels, ...spatial] = dims;
	const size = spatial.reduce((a, b) => a * b, 1);
	let depth = 1;
	let height = 1;
	let width = 1;
	if (spatial.length === 1) width = spatial[0];
	else if (spatial.length === 2) [height, width] = spatial;
	else if (spatial.length >= 3) {
		// Anything beyond 3-D is folded into the depth so every weight is still drawn.
		height = spatial[spatial.length - 2];
		width = spatial[spatial.length - 1];
		depth = size / (height * width);
	}
	return { count, channels, spatial, size, height, width, depth };
}

/** The weights of kernel `k` (all its channels), as a view into `data` (no copy). */
export function kernelSlice(data: Float32Array, geo: KernelGeometry, k: number): Float32Array {
	const n = geo.channels * geo.size;
	return data.subarray(k * n, (k + 1) * n);
}

/** Sums a kernel's channels into one spatial slice (the response to an input equal in every channel). */
export function sumChannels(kernel: Float32Array, geo: KernelGeometry): Float64Array {
	const out = new Float64Array(geo.size);
	for (let c = 0; c < geo.channels; c++) {
		const base = c * geo.size;
		for (let i = 0; i < geo.size; i++) out[i] += kernel[base + i];
	}
	return out;
}

/** Weighted sum of a kernel's channels (e.g. luminance weights for an RGB layer). */
export function weightChannels(kernel: Float32Array, geo: KernelGeometry, weights: readonly number[]): Float64Array {
	const out = new Float64Array(geo.size);
	for (let c = 0; c < geo.channels; c++) {
		const base = c * geo.size;
		for (let i = 0; i < geo.size; i++) out[i] += weights[c] * kernel[base + i];
	}
	return out;
}

/** Words for the axes of a mosaic, so pages can say what rows and columns are. */
export function kernelAxes(transposed: boolean): { kernels: string; channels: string } {
	return transposed
		? { kernels: 'input channel', channels: 'output channel (within group)' }
		: { kernels: 'output channel', channels: 'input channel (within group)' };
}
