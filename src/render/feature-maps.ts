/**
 * Feature maps: the first convolution's output on a photograph (via onnxruntime), and the same
 * photograph through designed filters (Laplacian, Sobel), rendered the same way for a side-by-side.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { CLIP_PERCENTILE, palette, rangeFor, robustMax, toIndex } from './colormap.ts';
import { type ImageMeta, decimalsFor, formatNumber, mapLimit } from './output.ts';
import { type Preprocess, filter2d, grayscale, loadInputTensor, loadPhoto, loadPhotoFit } from './photo.ts';
import type { ConvGeometry, ConvLayer, Kernel } from '../reader/model.ts';
import { demeanChannels, pearson, sampleMap, windowCentres } from '../analysis/map-similarity.ts';

export { robustMax } from './colormap.ts';
export { readsColourImage } from './colour-input.ts';

/** One rendered map (a feature-map channel or a filtered photograph). */
export interface MapImage extends ImageMeta {
	/** Values at the blue and red ends (symmetric about zero, per map). */
	range: [number, number];
}

/** Designed kernels applied to the photograph. Names are family names of the analysis. */
export const CLASSICAL_FILTERS: Record<'laplacian' | 'sobel-horizontal' | 'sobel-vertical', number[][]> = {
	laplacian: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
	'sobel-horizontal': [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
	'sobel-vertical': [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
};

/** The filters' names in the English text alternative (the Japanese one is written in src/publish/alt.ts). */
const FILTER_WORDS: Record<keyof typeof CLASSICAL_FILTERS, string> = {
	laplacian: 'the 8-neighbour Laplacian',
	'sobel-horizontal': 'the horizontal-edge Sobel kernel',
	'sobel-vertical': 'the vertical-edge Sobel kernel',
};

// Maps are photographs, not kernels: WebP (lossy, fixed settings) is a fraction of PNG's size.
const WEBP = { quality: 82, effort: 4, smartSubsample: false, nearLossless: false } as const;

/** Renders one real-valued map with the diverging colormap, symmetric about zero, as WebP. */
async function writeMap(outDir: string, path: string, values: Float32Array, width: number, height: number, alt: (range: string) => string): Promise<MapImage> {
	// Filtered photographs have a few very strong responses (the Laplacian on specular highlights) that
	// would wash everything else out to white; scale to a high percentile instead and clip the rest.
	const m = robustMax(values);
	const range = rangeFor('diverging', -m, m);
	const pal = palette('diverging');
	const rgb = Buffer.alloc(width * height * 3);
	for (let i = 0; i < values.length; i++) {
		const c = toIndex(values[i], range[0], range[1]) * 3;
		rgb[i * 3] = pal[c];
		rgb[i * 3 + 1] = pal[c + 1];
		rgb[i * 3 + 2] = pal[c + 2];
	}
	const bytes = await sharp(rgb, { raw: { width, height, channels: 3 } }).webp(WEBP).toBuffer();
	await mkdir(dirname(join(outDir, path)), { recursive: true });
	await writeFile(join(outDir, path), bytes);
	const d = decimalsFor(m);
	return { path, width, height, bytes: bytes.length, range, alt: alt(`${formatNumber(range[0], d)} (blue) to ${formatNumber(range[1], d)} (red), zero near-white, the strongest ${100 - CLIP_PERCENTILE}% of responses clipped`) };
}

async function writePhoto(outDir: string, path: string, rgb: Uint8Array, width: number, height: number, alt: string): Promise<ImageMeta> {
	const bytes = await sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.length), { raw: { width, height, channels: 3 } }).webp(WEBP).toBuffer();
	await mkdir(dirname(join(outDir, path)), { recursive: true });
	await writeFile(join(outDir, path), bytes);
	return { path, width, height, alt, bytes: bytes.length };
}

/** Feature maps of one model on one photograph. */
export interface FeatureMapsResult {
	/** The photograph resized as the model saw it (before mean/std). */
	input: ImageMeta;
	/** One image per output channel of the first layer, in channel order. */
	maps: (MapImage & { channel: number })[];
	/** The same for the kernels with each channel's mean removed. */
	demeaned: (MapImage & { channel: number })[];
	/** Per output channel: Pearson correlation of its map (and of its demeaned map) with each designed filter's output. */
	similarity: { raw: Record<string, number>; demeaned: Record<string, number> }[];
	note: string;
}


/** The raw output of `runFirstLayer`: channel-major float32 maps. */
export interface FirstLayerOutput {
	data: Float32Array;
	channels: number;
	height: number;
	width: number;
}

/**
 * Runs `layer` alone in onnxruntime on an NCHW input tensor of `[height, width]`: the feature maps the
 * build renders, as numbers (the browser playground is checked against exactly this).
 * @example const { data } = await runFirstLayer(layer, kernel, (await loadInputTensor(file, p)).tensor, p.size);
 */
export async function runFirstLayer(layer: ConvLayer, kernel: Kernel, tensor: Float32Array, [h, w]: [number, number]): Promise<FirstLayerOutput> {
	const { singleConvModel, SINGLE_CONV_IO } = await import('../reader/index.ts');
	const { ort } = await import('./ort.ts');
	const session = await ort.InferenceSession.create(singleConvModel(layer, kernel, [1, 3, h, w]), { intraOpNumThreads: 2 });
	let out;
	try {
		const input = new ort.Tensor('float32', tensor, [1, 3, h, w]);
		const result = await session.run({ [SINGLE_CONV_IO.input]: input });
		out = result[SINGLE_CONV_IO.output];
	} finally {
		await session.release();
	}
	const dims = out.dims.map(Number);
	if (dims.length !== 4) throw new TypeError(`Expected a 4-D output from ${layer.name} but received [${dims.join(', ')}]`);
	return { data: out.data as Float32Array, channels: dims[1]!, height: dims[2]!, width: dims[3]! };
}

/**
 * Runs the first convolution on `photoPath` (preprocessed as `preprocess` says) and renders each output
 * channel: `<dir>/input.webp`, `<dir>/map-<NN>.webp`. The layer must read the image directly
 * (`fromGraphInput`): it is run on its own, as a one-node model built from its extracted kernel, which
 * computes exactly what the full model computes there without loading the whole model.
 * @example const fm = await renderFeatureMaps(model.layers[0], await model.readKernel(0), 'chelsea.png', config.preprocess, 'out');
 */
export async function renderFeatureMaps(firstLayer: ConvLayer, kernel: Kernel, photoPath: string, preprocess: Preprocess, outDir: string, options: { dir?: string; modelFile?: string } = {}): Promise<FeatureMapsResult> {
	const dir = options.dir ?? 'feature-maps';
	const [h, w] = preprocess.size;
	const { assumedGeometry, ModelError } = await import('../reader/index.ts');
	const geometry = firstLayer.geometry ?? assumedGeometry(kernel.dims.slice(2));
	const size = mapSize(geometry, firstLayer.onnx?.autoPad ?? 'NOTSET', kernel.dims.slice(2), [h, w]);
	// Strides, dilations or pads that do not fit the input would make onnxruntime throw, or allocate terabytes.
	if (size.some((s, i) => s < 1 || s > 2 * [h, w][i]!)) {
		throw new ModelError(
			options.modelFile ?? firstLayer.name,
			`layer ${firstLayer.index} ("${firstLayer.name}") with strides [${geometry.strides}], dilations [${geometry.dilations}] and pads [${geometry.pads}] would make ${size.join(' × ')} feature maps of the ${h} × ${w} input; expected at least 1 and at most twice the input per side`,
			'Check "preprocess.size" in the model config against the model\'s input size',
			{ subject: firstLayer.name },
		);
	}
	const { photo, tensor } = await loadInputTensor(photoPath, preprocess);
	const { data, channels, height: mh, width: mw } = await runFirstLayer(firstLayer, kernel, tensor, [h, w]);
	// The same kernels with each channel's mean removed: what is left of a map once flat colour gives nothing.
	const slice = kernel.dims.slice(2).reduce((a, b) => a * b, 1);
	const flat = await runFirstLayer(firstLayer, { ...kernel, data: demeanChannels(kernel.data, slice) }, tensor, [h, w]);
	const pad = String(channels - 1).length;
	const inputMeta = await writePhoto(outDir, `${dir}/input.webp`, photo.rgb, w, h, `The photograph resized to ${w} × ${h} pixels, as the model receives it.`);
	const render = (values: Float32Array, name: string, what: string) =>
		mapLimit(Array.from({ length: channels }, (_, c) => c), 2, async (c) => ({
			channel: c,
			...(await writeMap(outDir, `${dir}/${name}-${String(c).padStart(pad, '0')}.webp`, values.subarray(c * mh * mw, (c + 1) * mh * mw), mw, mh, (r) => `${what} ${c} of layer ${firstLayer.index} (${firstLayer.name}) on the photograph, ${mw} × ${mh} pixels: ${r}.`)),
		}));
	const maps = await render(data, 'map', 'Output channel');
	const demeaned = await render(flat.data, 'demeaned', 'Output, with each input channel\'s mean removed from the kernel, of channel');
	const similarity = mapSimilarities(photo, geometry, firstLayer.onnx?.autoPad ?? 'NOTSET', kernel.dims.slice(2), [mh, mw], [data, flat.data]);
	const stride = firstLayer.geometry
		? ` (stride ${firstLayer.geometry.strides.join('×')}, so ${mw} × ${mh})`
		: ` (the file records no stride or padding, so stride 1 and same padding are assumed: ${mw} × ${mh})`;
	const note = `Output of the first convolution before any normalisation or activation that follows it${stride}; each map on its own scale, symmetric about zero.`;
	return { input: inputMeta, maps, demeaned, similarity, note };
}

/**
 * Pearson correlation of every output channel's map with each designed filter's output on the same
 * photograph (grayscale, as the filters' own images), read at the centre of each output position's
 * window so the two line up whatever the stride and padding.
 */
function mapSimilarities(
	photo: Awaited<ReturnType<typeof loadInputTensor>>['photo'],
	geometry: ConvGeometry,
	autoPad: string,
	kernel: number[],
	[mh, mw]: [number, number],
	outputs: [Float32Array, Float32Array],
): FeatureMapsResult['similarity'] {
	const { width, height } = photo;
	const gray = grayscale(photo);
	const [rows, cols] = [0, 1].map((i) => {
		const n = i === 0 ? height : width;
		const out = i === 0 ? mh : mw;
		const stride = geometry.strides[i] ?? 1;
		const extent = ((kernel[i] ?? 1) - 1) * (geometry.dilations[i] ?? 1) + 1;
		const total = Math.max(0, (out - 1) * stride + extent - n);
		const padBegin = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : autoPad === 'SAME_LOWER' ? Math.ceil(total / 2) : autoPad === 'VALID' ? 0 : (geometry.pads[i] ?? 0);
		return windowCentres({ out, stride, padBegin, extent }, n);
	}) as [number[], number[]];
	const designed = Object.entries(CLASSICAL_FILTERS).map(([name, k]) => [name, sampleMap(filter2d(gray, height, width, k), width, rows, cols)] as const);
	const channels = outputs[0].length / (mh * mw);
	const round = (v: number) => Math.round(v * 1000) / 1000;
	return Array.from({ length: channels }, (_, c) => {
		const [raw, flat] = outputs.map((o) => o.subarray(c * mh * mw, (c + 1) * mh * mw));
		return {
			raw: Object.fromEntries(designed.map(([name, d]) => [name, round(pearson(raw!, d))])),
			demeaned: Object.fromEntries(designed.map(([name, d]) => [name, round(pearson(flat!, d))])),
		};
	});
}

/** The output side of a 2-D convolution per axis, as ONNX's Conv computes it (auto_pad included). */
function mapSize(geometry: ConvGeometry, autoPad: string, kernel: number[], input: number[]): number[] {
	return input.map((n, i) => {
		const stride = geometry.strides[i] ?? 1;
		if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(n / stride);
		const extent = ((kernel[i] ?? 1) - 1) * (geometry.dilations[i] ?? 1) + 1;
		const pads = autoPad === 'VALID' ? 0 : (geometry.pads[i] ?? 0) + (geometry.pads[i + input.length] ?? 0);
		return Math.floor((n + pads - extent) / stride) + 1;
	});
}

/** The photograph through the designed filters. */
export interface ClassicalFiltersResult {
	/** The grayscale photograph the filters were applied to. */
	grayscale: ImageMeta;
	filters: (MapImage & { name: keyof typeof CLASSICAL_FILTERS; kernel: number[][] })[];
}

/**
 * Applies the 8-neighbour Laplacian and both Sobel kernels to the grayscale photograph and renders
 * them like feature maps: `<dir>/grayscale.webp`, `<dir>/<filter>.webp`.
 */
export async function renderClassicalFilters(photoPath: string, outDir: string, options: { size?: [number, number]; maxSide?: number; dir?: string } = {}): Promise<ClassicalFiltersResult> {
	const dir = options.dir ?? 'filters';
	const photo = options.size ? await loadPhoto(photoPath, options.size[0], options.size[1]) : await loadPhotoFit(photoPath, options.maxSide ?? 512);
	const { width, height } = photo;
	const gray = grayscale(photo);
	const grayRgb = new Uint8Array(width * height * 3);
	for (let i = 0; i < gray.length; i++) grayRgb.fill(Math.round(gray[i] * 255), i * 3, i * 3 + 3);
	const grayMeta = await writePhoto(outDir, `${dir}/grayscale.webp`, grayRgb, width, height, `The photograph in greyscale, ${width} × ${height} pixels.`);
	const names = Object.keys(CLASSICAL_FILTERS) as (keyof typeof CLASSICAL_FILTERS)[];
	const filters = await mapLimit(names, 2, async (name) => {
		const kernel = CLASSICAL_FILTERS[name];
		const values = filter2d(gray, height, width, kernel);
		const meta = await writeMap(outDir, `${dir}/${name}.webp`, values, width, height, (r) => `The greyscale photograph filtered by ${FILTER_WORDS[name]} ${JSON.stringify(kernel)}: ${r}.`);
		return { name, kernel, ...meta };
	});
	return { grayscale: grayMeta, filters };
}
