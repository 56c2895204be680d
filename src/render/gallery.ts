/**
 * The first-layer gallery: every kernel on its own, summed over its input channels, as an RGB
 * composite, and channel by channel; in both colormaps and both normalisations.
 *
 * By default each view is one contact sheet (all kernels in a grid, like the tutorial's figure) with
 * every kernel's rectangle and text alternative in the metadata: 10 files instead of 10 per kernel.
 * On the disks this runs on, creating a file costs more than encoding a tile, and pages load one
 * image per view instead of hundreds. `layout: 'files'` writes one file per kernel and view instead.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type KernelData, kernelGeometry, kernelSlice, sumChannels, type KernelGeometry } from '../analysis/geometry.ts';
import { maxAbs } from '../analysis/stats.ts';
import { type ColormapName, GAP_INDEX, GAP_RGB, palette, rangeFor, toComposite, toIndex } from './colormap.ts';
import { colormapText } from './mosaic.ts';
import { type ImageMeta, decimalsFor, formatMatrix, formatNumber, mapLimit, writeImage } from './output.ts';
import type { RasterImage } from './png.ts';

/** Options of {@link renderFirstLayerGallery}. */
export interface GalleryOptions {
	/** Sub-directory of `outDir` for the images. Default `gallery`. */
	dir?: string;
	/** Channel order of the layer's input, to label channels and build the RGB composite. Default `RGB`. */
	colorOrder?: 'RGB' | 'BGR';
	/** Draw the RGB composite (needs 3 channels). Default: true when the kernel has 3 channels. */
	rgb?: boolean;
	/** Approximate edge length of each kernel's tile in pixels (integer scale, nearest-neighbour). Default 96. */
	size?: number;
	/** `sheet` (default): one image per view holding every kernel; `files`: one image per kernel and view. */
	layout?: 'sheet' | 'files';
	/** Kernels per sheet row. Default 8 (the tutorial's 4 × 8 grid for 32 kernels). */
	columns?: number;
}

/** Where one kernel is inside a gallery image, and what it shows. */
export interface GalleryCell {
	kernel: number;
	/** The kernel's rectangle in the image, in pixels (the whole image in `files` layout). */
	x: number;
	y: number;
	width: number;
	height: number;
	/** Text alternative of this kernel: its numbers and scale. */
	alt: string;
	/** Values at the ends of the colour scale for this kernel (for `rgb`: weights mapped to 0 and 255). */
	range: [number, number];
}

/** One gallery image: a sheet of every kernel, or (layout `files`) a single kernel. */
export interface GalleryImage extends ImageMeta {
	/** `channels`: every input channel on its own, stacked top to bottom in weight order. */
	view: 'sum' | 'rgb' | 'channels';
	colormap: ColormapName | 'rgb';
	norm: 'kernel' | 'layer';
	/** Labels of the stacked channels (view `channels`): `B`, `G`, `R` in the model's order, or `c0`, `c1`, ...; else null. */
	channels: string[] | null;
	cells: GalleryCell[];
}

/** The gallery of one layer. */
export interface GalleryResult {
	images: GalleryImage[];
	/** Every kernel's numbers as text: the channel sum and each channel. */
	kernels: { index: number; sum: string; channels: string[] }[];
	/** Pixels per weight. */
	scale: number;
	note: string;
}

type View = { view: GalleryImage['view']; colormap: GalleryImage['colormap']; norm: GalleryImage['norm'] };
type Tile = { image: RasterImage; alt: string; range: [number, number] };

/**
 * Renders every gallery view of every kernel of (usually) the first layer. Sheets are
 * `<dir>/<view>-<colormap>-<norm>.png` (`sum-diverging-layer.png`, `rgb-kernel.png`, `channels-viridis-kernel.png`);
 * in `files` layout, `<dir>/k<NN>-<view>-<colormap>-<norm>.png`. Per-kernel normalisation of the channel
 * view uses one scale for all channels of the kernel, so they compare.
 * @example const g = await renderFirstLayerGallery({ dims: [32, 3, 3, 3], data }, 'out', { colorOrder: 'BGR' });
 */
export async function renderFirstLayerGallery(kernel: KernelData, outDir: string, options: GalleryOptions = {}): Promise<GalleryResult> {
	const geo = kernelGeometry(kernel.dims);
	const dir = options.dir ?? 'gallery';
	const bgr = options.colorOrder === 'BGR';
	const rgb = (options.rgb ?? geo.channels === 3) && geo.channels === 3;
	const labels = geo.channels === 3 && (rgb || options.colorOrder) ? (bgr ? ['B', 'G', 'R'] : ['R', 'G', 'B']) : null;
	const names = labels ?? Array.from({ length: geo.channels }, (_, c) => `c${c}`);
	const scale = Math.max(1, Math.round((options.size ?? 96) / Math.max(geo.depth * geo.width + geo.depth - 1, geo.height)));
	const sums = Array.from({ length: geo.count }, (_, k) => sumChannels(kernelSlice(kernel.data, geo, k), geo));
	const layerSum = minMax(sums);
	const layerAll = minMax([kernel.data]);
	const layerMax = Math.max(-layerAll[0], layerAll[1]) || 1;
	const dec = decimalsFor(Math.max(maxAbs(kernel.data), ...sums.map((s) => maxAbs(s))));
	const rows = geo.depth * geo.height;

	const kernels: GalleryResult['kernels'] = [];
	const views = new Map<string, { view: View; tiles: Tile[] }>();
	const add = (view: View, tile: Tile) => {
		const key = view.colormap === 'rgb' ? `${view.view}-${view.norm}` : `${view.view}-${view.colormap}-${view.norm}`;
		let v = views.get(key);
		if (!v) views.set(key, (v = { view, tiles: [] }));
		v.tiles.push(tile);
	};
	for (let k = 0; k < geo.count; k++) {
		const w = kernelSlice(kernel.data, geo, k);
		const sumText = formatMatrix(sums[k], rows, geo.width, dec);
		const chanTexts = names.map((_, c) => formatMatrix(w.subarray(c * geo.size, (c + 1) * geo.size), rows, geo.width, dec));
		kernels.push({ index: k, sum: sumText, channels: chanTexts });
		for (const cmap of ['diverging', 'viridis'] as const) {
			for (const norm of ['kernel', 'layer'] as const) {
				const range = rangeFor(cmap, ...(norm === 'kernel' ? minMax([sums[k]]) : layerSum));
				add({ view: 'sum', colormap: cmap, norm }, {
					image: indexed(sums[k], geo, scale, cmap, range),
					alt: `Kernel ${k}, summed over its ${geo.channels} input channels: ${sumText}. ${scaleText(cmap, norm, range)}`,
					range,
				});
				const crange = rangeFor(cmap, ...(norm === 'kernel' ? minMax([w]) : layerAll));
				add({ view: 'channels', colormap: cmap, norm }, {
					image: channelStrip(w, geo, scale, cmap, crange),
					alt: `Kernel ${k}, each input channel on its own, top to bottom: ${names.map((n, c) => `${n} ${chanTexts[c]}`).join(', ')}. ${scaleText(cmap, norm, crange)}`,
					range: crange,
				});
			}
		}
		if (rgb) {
			for (const norm of ['kernel', 'layer'] as const) {
				const m = norm === 'kernel' ? maxAbs(w) || 1 : layerMax;
				add({ view: 'rgb', colormap: 'rgb', norm }, {
					image: composite(w, geo, scale, m, bgr),
					alt: `Kernel ${k} as colour: each channel's weight moves that colour from mid-grey (zero) by up to ±${formatNumber(m, dec)}. Channels ${names.join(', ')}: ${chanTexts.join(', ')}.`,
					range: [-m, m],
				});
			}
		}
	}
	await mkdir(join(outDir, dir), { recursive: true });
	const pad = String(geo.count - 1).length;
	// Views encode concurrently: sheet-sized deflates run on the thread pool, so both cores work.
	const perView = await mapLimit([...views], 4, async ([key, { view, tiles }]): Promise<GalleryImage[]> => {
		const channels = view.view === 'channels' ? names : null;
		if (options.layout === 'files') {
			return mapLimit(tiles, 4, async (t, k) => {
				const meta = await writeImage(outDir, `${dir}/k${String(k).padStart(pad, '0')}-${key}.png`, t.image, t.alt, false);
				return { ...meta, ...view, channels, cells: [{ kernel: k, x: 0, y: 0, width: meta.width, height: meta.height, alt: t.alt, range: t.range }] };
			});
		}
		const { image, cells } = sheet(tiles, options.columns ?? 8, Math.max(2, Math.round(scale / 4)));
		const alt = `All ${geo.count} kernels, view ${key}, left to right and top to bottom. ${tiles.map((t) => t.alt).join(' ')}`;
		const meta = await writeImage(outDir, `${dir}/${key}.png`, image, alt, false);
		return [{ ...meta, ...view, channels, cells: cells.map((c, k) => ({ kernel: k, ...c, alt: tiles[k].alt, range: tiles[k].range })) }];
	});
	const images = perView.flat();
	const note =
		`Each kernel drawn ${scale} pixels per weight. Views: the sum over input channels (what the kernel does to a grey image), ` +
		`${rgb ? 'the three colour channels as one colour image (zero at mid-grey, a symmetric scale), ' : ''}` +
		`and each input channel alone; normalised per kernel or across the layer, as each image's range states.`;
	return { images, kernels, scale, note };
}

/** Lays equal-size tiles out in a grid, `gap` pixels of the gap colour apart. */
function sheet(tiles: Tile[], columns: number, gap: number): { image: RasterImage; cells: { x: number; y: number; width: number; height: number }[] } {
	const first = tiles[0].image;
	const cols = Math.min(columns, tiles.length);
	const rowsN = Math.ceil(tiles.length / cols);
	const width = cols * first.width + (cols - 1) * gap;
	const height = rowsN * first.height + (rowsN - 1) * gap;
	const bpp = first.kind === 'indexed' ? 1 : 3;
	const pixels = new Uint8Array(width * height * bpp);
	if (bpp === 1) pixels.fill(GAP_INDEX);
	else {
		for (let i = 0; i < width; i++) pixels.set(GAP_RGB, i * 3);
		for (let r = 1; r < height; r++) pixels.copyWithin(r * width * 3, 0, width * 3);
	}
	const cells = tiles.map((t, k) => {
		const x = (k % cols) * (first.width + gap);
		const y = Math.floor(k / cols) * (first.height + gap);
		const rowBytes = t.image.width * bpp;
		for (let r = 0; r < t.image.height; r++) pixels.set(t.image.pixels.subarray(r * rowBytes, (r + 1) * rowBytes), ((y + r) * width + x) * bpp);
		return { x, y, width: t.image.width, height: t.image.height };
	});
	const image: RasterImage = first.kind === 'indexed' ? { kind: 'indexed', width, height, pixels, palette: first.palette } : { kind: 'rgb', width, height, pixels };
	return { image, cells };
}

function minMax(arrays: ArrayLike<number>[]): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (const a of arrays) {
		for (let i = 0; i < a.length; i++) {
			if (a[i] < lo) lo = a[i];
			if (a[i] > hi) hi = a[i];
		}
	}
	return [lo, hi];
}

/** One 2-D slice (depth planes side by side) as an indexed, NN-upscaled image. */
function indexed(values: ArrayLike<number>, geo: KernelGeometry, s: number, cmap: ColormapName, [lo, hi]: [number, number]): RasterImage {
	const width = (geo.depth * geo.width + geo.depth - 1) * s;
	const height = geo.height * s;
	const pixels = new Uint8Array(width * height).fill(GAP_INDEX);
	paint(s, geo, (i, x, y) => {
		pixels.fill(toIndex(values[i], lo, hi), y * width + x, y * width + x + s);
	});
	upscaleRows(pixels, width, height, s, 1);
	return { kind: 'indexed', width, height, pixels, palette: palette(cmap) };
}

/** The channel slices of one kernel stacked top to bottom, `s` gap pixels apart, on one scale. */
function channelStrip(w: Float32Array, geo: KernelGeometry, s: number, cmap: ColormapName, [lo, hi]: [number, number]): RasterImage {
	const width = (geo.depth * geo.width + geo.depth - 1) * s;
	const tileH = geo.height * s;
	const gap = Math.max(2, Math.round(s / 4));
	const height = geo.channels * (tileH + gap) - gap;
	const pixels = new Uint8Array(width * height).fill(GAP_INDEX);
	for (let c = 0; c < geo.channels; c++) {
		const top = c * (tileH + gap) * width;
		paint(s, geo, (i, x, y) => {
			pixels.fill(toIndex(w[c * geo.size + i], lo, hi), top + y * width + x, top + y * width + x + s);
		});
		upscaleRows(pixels.subarray(top, top + tileH * width), width, tileH, s, 1);
	}
	return { kind: 'indexed', width, height, pixels, palette: palette(cmap) };
}

/** Three channels as one RGB image: zero at mid-grey, ±m at the ends, channels put in R, G, B order. */
function composite(w: Float32Array, geo: KernelGeometry, s: number, m: number, bgr: boolean): RasterImage {
	const width = (geo.depth * geo.width + geo.depth - 1) * s;
	const height = geo.height * s;
	const pixels = new Uint8Array(width * height * 3);
	const order = bgr ? [2, 1, 0] : [0, 1, 2];
	paint(s, geo, (i, x, y) => {
		for (let t = 0; t < s; t++) {
			const o = (y * width + x + t) * 3;
			for (let c = 0; c < 3; c++) pixels[o + c] = toComposite(w[order[c] * geo.size + i], m);
		}
	});
	upscaleRows(pixels, width, height, s, 3);
	return { kind: 'rgb', width, height, pixels };
}

/** Calls `put(weightIndex, x, y)` for the top-left pixel of each weight's s × s cell (depth planes side by side). */
function paint(s: number, geo: KernelGeometry, put: (i: number, x: number, y: number) => void): void {
	const plane = geo.height * geo.width;
	for (let d = 0; d < geo.depth; d++) {
		for (let i = 0; i < geo.height; i++) {
			for (let j = 0; j < geo.width; j++) put(d * plane + i * geo.width + j, (d * (geo.width + 1) + j) * s, i * s);
		}
	}
}

function upscaleRows(pixels: Uint8Array, width: number, height: number, s: number, bpp: number): void {
	const stride = width * bpp;
	for (let y = 0; y < height; y += s) for (let t = 1; t < s; t++) pixels.copyWithin((y + t) * stride, y * stride, (y + 1) * stride);
}

function scaleText(cmap: ColormapName, norm: string, [lo, hi]: [number, number]): string {
	const d = decimalsFor(Math.max(Math.abs(lo), Math.abs(hi)));
	return `${colormapText(cmap)}; scaled ${norm === 'kernel' ? 'to this image' : 'across the layer'} from ${formatNumber(lo, d)} to ${formatNumber(hi, d)}.`;
}
