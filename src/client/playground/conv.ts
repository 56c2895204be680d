/**
 * The playground's arithmetic, free of the DOM: photo bytes to model input or greyscale, a 2-D
 * cross-correlation (what Conv layers compute) with stride, padding and dilation, and the terms of one
 * output pixel. Everything is plain Float32Array loops, so it runs the same in Node (tests) and browsers.
 */

/** An image of one or more channels, channel-major (the layout of an NCHW tensor without N). */
export interface Planes {
	data: Float32Array;
	channels: number;
	height: number;
	width: number;
}

/** How the kernel slides over the image. */
export interface Slide {
	strides: [number, number];
	/** [top, left, bottom, right]. */
	pads: [number, number, number, number];
	dilations: [number, number];
	/** `zero`: pixels outside are 0, as ONNX pads; `replicate`: edge pixels repeat, as the site's designed-filter images. */
	edge: 'zero' | 'replicate';
}

/** One kernel over all input channels: weights [channels, height, width] and a bias. */
export interface ConvKernel {
	data: Float32Array;
	height: number;
	width: number;
	bias: number;
}

/** The preprocessing fields the browser applies (a subset of the model config's). */
export interface PixelTransform {
	colorOrder: 'RGB' | 'BGR';
	scale: number;
	mean: number[];
	std: number[];
}

/**
 * The model input from RGBA pixels (a canvas's ImageData): `(pixel × scale − mean) / std` per channel in
 * the model's channel order, evaluated exactly as the build's `toInputTensor` does, so the float32 values agree bit for bit.
 */
export function toTensor(rgba: ArrayLike<number>, height: number, width: number, p: PixelTransform): Planes {
	const n = height * width;
	const data = new Float32Array(3 * n);
	const order = p.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
	for (let c = 0; c < 3; c++) {
		const src = order[c]!;
		const mean = p.mean[c]!;
		const std = p.std[c]!;
		for (let i = 0; i < n; i++) data[c * n + i] = (rgba[i * 4 + src]! * p.scale - mean) / std;
	}
	return { data, channels: 3, height, width };
}

/** BT.601 luma in 0–1 from RGBA pixels, as the build's `grayscale` (the designed filters' input). */
export function toLuma(rgba: ArrayLike<number>, height: number, width: number): Planes {
	const n = height * width;
	const data = new Float32Array(n);
	for (let i = 0; i < n; i++) data[i] = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
	return { data, channels: 1, height, width };
}

/** Output [height, width] of a slide of a `kh` × `kw` kernel over an image of `h` × `w`. */
export function outputShape(slide: Slide, kh: number, kw: number, h: number, w: number): [number, number] {
	const axis = (size: number, pb: number, pe: number, k: number, d: number, s: number) => Math.max(0, Math.floor((size + pb + pe - ((k - 1) * d + 1)) / s) + 1);
	return [axis(h, slide.pads[0], slide.pads[2], kh, slide.dilations[0], slide.strides[0]), axis(w, slide.pads[1], slide.pads[3], kw, slide.dilations[1], slide.strides[1])];
}

/**
 * For each output position along one axis and each kernel tap, the input index it reads (−1 for zero
 * padding): computed once per axis, so the inner loop has no bounds arithmetic.
 */
function taps(out: number, k: number, size: number, stride: number, pad: number, dilation: number, edge: Slide['edge']): Int32Array {
	const index = new Int32Array(out * k);
	for (let o = 0; o < out; o++) {
		for (let t = 0; t < k; t++) {
			const at = o * stride - pad + t * dilation;
			index[o * k + t] = at >= 0 && at < size ? at : edge === 'replicate' ? Math.min(size - 1, Math.max(0, at)) : -1;
		}
	}
	return index;
}

/**
 * Cross-correlates every channel of `input` with the matching slice of `kernel` and sums over channels,
 * plus the bias: one output map, as one output channel of a Conv layer.
 * @example convolve(toLuma(rgba, 224, 224), { data: Float32Array.of(0, 1, 0, 1, -4, 1, 0, 1, 0), height: 3, width: 3, bias: 0 }, slide)
 */
export function convolve(input: Planes, kernel: ConvKernel, slide: Slide): Planes {
	const { channels, height: h, width: w } = input;
	const { height: kh, width: kw } = kernel;
	const [oh, ow] = outputShape(slide, kh, kw, h, w);
	const rows = taps(oh, kh, h, slide.strides[0], slide.pads[0], slide.dilations[0], slide.edge);
	const cols = taps(ow, kw, w, slide.strides[1], slide.pads[1], slide.dilations[1], slide.edge);
	const x = input.data;
	const k = kernel.data;
	const out = new Float32Array(oh * ow);
	for (let oy = 0; oy < oh; oy++) {
		for (let ox = 0; ox < ow; ox++) {
			let acc = 0;
			for (let c = 0; c < channels; c++) {
				for (let i = 0; i < kh; i++) {
					const r = rows[oy * kh + i]!;
					if (r < 0) continue;
					const base = (c * h + r) * w;
					const kBase = (c * kh + i) * kw;
					for (let j = 0; j < kw; j++) {
						const col = cols[ox * kw + j]!;
						if (col >= 0) acc += k[kBase + j]! * x[base + col]!;
					}
				}
			}
			out[oy * ow + ox] = acc + kernel.bias;
		}
	}
	return { data: out, channels: 1, height: oh, width: ow };
}

/** The terms of one output pixel: per channel the input patch (null where padding reads zero) and products. */
export interface PixelTerms {
	/** [channel][row * width + col]. */
	patch: (number | null)[][];
	products: number[][];
	/** Sum of each channel's products. */
	sums: number[];
	bias: number;
	/** Every product plus the bias: the output value before float32 rounding. */
	total: number;
}

/** What `convolve` adds up at output pixel (`oy`, `ox`), term by term, in the same order. */
export function pixelTerms(input: Planes, kernel: ConvKernel, slide: Slide, oy: number, ox: number): PixelTerms {
	const { channels, height: h, width: w } = input;
	const { height: kh, width: kw } = kernel;
	const rows = taps(oy + 1, kh, h, slide.strides[0], slide.pads[0], slide.dilations[0], slide.edge).subarray(oy * kh);
	const cols = taps(ox + 1, kw, w, slide.strides[1], slide.pads[1], slide.dilations[1], slide.edge).subarray(ox * kw);
	const patch: (number | null)[][] = [];
	const products: number[][] = [];
	const sums: number[] = [];
	let total = 0;
	for (let c = 0; c < channels; c++) {
		const p: (number | null)[] = [];
		const q: number[] = [];
		let sum = 0;
		for (let i = 0; i < kh; i++) {
			for (let j = 0; j < kw; j++) {
				const r = rows[i]!;
				const col = cols[j]!;
				const v = r < 0 || col < 0 ? null : input.data[(c * h + r) * w + col]!;
				const product = v === null ? 0 : kernel.data[(c * kh + i) * kw + j]! * v;
				p.push(v);
				q.push(product);
				sum += product;
				total += product;
			}
		}
		patch.push(p);
		products.push(q);
		sums.push(sum);
	}
	return { patch, products, sums, bias: kernel.bias, total: total + kernel.bias };
}

/** Minimum, maximum and mean of a map. */
export function summary(values: Float32Array): { min: number; max: number; mean: number } {
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
	}
	return values.length ? { min, max, mean: sum / values.length } : { min: 0, max: 0, mean: 0 };
}
