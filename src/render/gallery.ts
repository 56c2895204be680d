/**
 * The first-layer gallery: every kernel on its own, summed over its input channels, as an RGB
 * composite, and channel by channel; in both colormaps and both normalisations.
 *
 * By default each view is one contact sheet (all kernels in a grid, like the tutorial's figure) with
 * every kernel's rectangle and text alternative in the metadata: 10 files instead of 10 per kernel.
 * On the disks this runs on, creating a file costs more than encoding a tile, and pages load one
 * image per view instead of hundreds. `layout: 'files'` writes one file per kernel and view instead.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type KernelData, kernelGeometry, kernelSlice, sumChannels, type KernelGeometry } from '../analysis/geometry.ts';
import { maxAbs } from '../analysis/stats.ts';
import { type ColormapName, GAP_INDEX, GAP_RGB, palette, rangeFor, toComposite, toIndex } from './colormap.ts';
import { colormapText } from './mosaic.ts';
import { type ImageMeta, decimalsFor, formatMatrix, formatNumber, writeEncoded } from './output.ts';
import { encodeRepeatedScanlines } from './png.ts';

/** Options of {@link renderFirstLayerGallery}. */
export interface GalleryOptions {
	/** Sub-directory of `outDir` for the images. Default `gallery`. */
	dir?: string;
	/** Channel order of the layer's input, to label channels and build the RGB composite. Default `RGB`. */
	colorOrder?: 'RGB' | 'BGR';
	/** Draw the RGB composite (needs 3 channels). Default: true when the kernel has 3 channels. */
	rgb?: boolean;
	/** The scales of the RGB composite: each kernel on its own, one across the layer. Default both. */
	rgbNorms?: readonly ('kernel' | 'layer')[];
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

/**
 * How every tile of a view is drawn: its size, bytes per pixel (1: palette index, 3: RGB), and the rows
 * that start a row of weights (the `scale` − 1 rows below each repeat it).
 */
interface TileShape {
	width: number;
	height: number;
	bpp: 1 | 3;
	palette: Uint8Array | null;
	/** Pixels per weight: how many rows each key row stands for. */
	scale: number;
	keyRows: number[];
}

/** A tile's place in an image being drawn: scanlines of `stride` bytes (a filter byte, then the pixels). */
interface Place {
	pixels: Uint8Array;
	stride: number;
	/** Byte offset of the tile's top-left pixel. */
	at: number;
}

type Tile = { draw: (place: Place) => void; alt: string; range: [number, number] };

/**
 * Renders every gallery view of every kernel of (usually) the first layer. Sheets are
 * `<dir>/<view>-<colormap>-<norm>.png` (`sum-diverging-layer.png`, `rgb-kernel.png`, `channels-viridis-kernel.png`);
 * in `files` layout, `<dir>/k<NN>-<view>-<colormap>-<norm>.png`. Per-kernel normalisation of the channel
 * view uses one scale for all channels of the kernel, so they compare.
 * Every tile is drawn straight into the PNG scanlines of the image it lands in (no tile images, no copies).
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

	// Tile shapes: a slice (depth planes side by side), the channels stacked with gaps, the colour composite.
	const width = (geo.depth * geo.width + geo.depth - 1) * scale;
	const sliceRows = Array.from({ length: geo.height }, (_, i) => i * scale);
	const gap = Math.max(2, Math.round(scale / 4));
	const stripStep = geo.height * scale + gap;
	const shapes = {
		sum: (cmap: ColormapName): TileShape => ({ width, height: geo.height * scale, bpp: 1, palette: palette(cmap), scale, keyRows: sliceRows }),
		channels: (cmap: ColormapName): TileShape => ({
			width,
			height: geo.channels * stripStep - gap,
			bpp: 1,
			palette: palette(cmap),
			scale,
			keyRows: Array.from({ length: geo.channels }, (_, c) => sliceRows.map((y) => c * stripStep + y)).flat(),
		}),
		rgb: (): TileShape => ({ width, height: geo.height * scale, bpp: 3, palette: null, scale, keyRows: sliceRows }),
	};

	const kernels: GalleryResult['kernels'] = [];
	const views = new Map<string, { view: View; shape: TileShape; tiles: Tile[] }>();
	const add = (view: View, shape: () => TileShape, tile: Tile) => {
		const key = view.colormap === 'rgb' ? `${view.view}-${view.norm}` : `${view.view}-${view.colormap}-${view.norm}`;
		let v = views.get(key);
		if (!v) views.set(key, (v = { view, shape: shape(), tiles: [] }));
		v.tiles.push(tile);
	};
	for (let k = 0; k < geo.count; k++) {
		const w = kernelSlice(kernel.data, geo, k);
		const sum = sums[k];
		const sumText = formatMatrix(sum, rows, geo.width, dec);
		const chanTexts = names.map((_, c) => formatMatrix(w.subarray(c * geo.size, (c + 1) * geo.size), rows, geo.width, dec));
		kernels.push({ index: k, sum: sumText, channels: chanTexts });
		for (const cmap of ['diverging', 'viridis'] as const) {
			for (const norm of ['kernel', 'layer'] as const) {
				const range = rangeFor(cmap, ...(norm === 'kernel' ? minMax([sum]) : layerSum));
				add({ view: 'sum', colormap: cmap, norm }, () => shapes.sum(cmap), {
					draw: (place) => drawSlice(place, sum, 0, geo, scale, range),
					alt: `Kernel ${k}, summed over its ${geo.channels} input channels: ${sumText}. ${scaleText(cmap, norm, range)}`,
					range,
				});
				const crange = rangeFor(cmap, ...(norm === 'kernel' ? minMax([w]) : layerAll));
				add({ view: 'channels', colormap: cmap, norm }, () => shapes.channels(cmap), {
					draw: (place) => {
						for (let c = 0; c < geo.channels; c++) drawSlice({ ...place, at: place.at + c * stripStep * place.stride }, w, c * geo.size, geo, scale, crange);
					},
					alt: `Kernel ${k}, each input channel on its own, top to bottom: ${names.map((n, c) => `${n} ${chanTexts[c]}`).join(', ')}. ${scaleText(cmap, norm, crange)}`,
					range: crange,
				});
			}
		}
		if (rgb) {
			for (const norm of options.rgbNorms ?? (['kernel', 'layer'] as const)) {
				const m = norm === 'kernel' ? maxAbs(w) || 1 : layerMax;
				add({ view: 'rgb', colormap: 'rgb', norm }, shapes.rgb, {
					draw: (place) => drawComposite(place, w, geo, scale, m, bgr),
					alt: `Kernel ${k} as colour: each channel's weight moves that colour from mid-grey (zero) by up to ±${formatNumber(m, dec)}. Channels ${names.join(', ')}: ${chanTexts.join(', ')}.`,
					range: [-m, m],
				});
			}
		}
	}
	mkdirSync(join(outDir, dir), { recursive: true });
	const pad = String(geo.count - 1).length;
	// One after another into one scratch buffer: a fresh buffer per image cost more in page faults (on
	// every page of it) than drawing and encoding the image, which take a few milliseconds.
	const scratch = { rows: new Uint8Array(0) };
	const images: GalleryImage[] = [];
	for (const [key, { view, shape, tiles }] of views) {
		const channels = view.view === 'channels' ? names : null;
		if (options.layout === 'files') {
			for (const [k, t] of tiles.entries()) {
				const meta = await writeSheet(outDir, `${dir}/k${String(k).padStart(pad, '0')}-${key}.png`, shape, [t], 1, 0, t.alt, scratch);
				images.push({ ...meta, ...view, channels, cells: [{ kernel: k, x: 0, y: 0, width: meta.width, height: meta.height, alt: t.alt, range: t.range }] });
			}
			continue;
		}
		const alt = `All ${geo.count} kernels, view ${key}, left to right and top to bottom. ${tiles.map((t) => t.alt).join(' ')}`;
		const columns = options.columns ?? 8;
		const meta = await writeSheet(outDir, `${dir}/${key}.png`, shape, tiles, columns, gap, alt, scratch);
		const cols = Math.min(columns, tiles.length);
		const cells = tiles.map((t, k) => ({ kernel: k, x: (k % cols) * (shape.width + gap), y: Math.floor(k / cols) * (shape.height + gap), width: shape.width, height: shape.height, alt: t.alt, range: t.range }));
		images.push({ ...meta, ...view, channels, cells });
	}
	const note =
		`Each kernel drawn ${scale} pixels per weight. Views: the sum over input channels (what the kernel does to a grey image), ` +
		`${rgb ? 'the three colour channels as one colour image (zero at mid-grey, a symmetric scale), ' : ''}` +
		`and each input channel alone; normalised per kernel or across the layer, as each image's range states.`;
	return { images, kernels, scale, note };
}

/**
 * Draws equal tiles in a grid, `gap` pixels of the gap colour apart (`columns` per row), straight into the
 * PNG scanlines, and writes them. Only the rows that differ from the row above are written: each tile's
 * key rows (the first pixel row of each row of weights) and the first row of each gap. Every other row
 * stays all zeros with filter type 2 (Up), which a decoder reads as a copy of the row above: the same
 * pixels as writing each row out, without the copies, and fewer bytes for deflate to work through.
 */
async function writeSheet(outDir: string, path: string, shape: TileShape, tiles: Tile[], columns: number, gap: number, alt: string, scratch: { rows: Uint8Array }): Promise<ImageMeta> {
	const { bpp, keyRows, scale } = shape;
	const cols = Math.min(columns, tiles.length);
	const rowsN = Math.ceil(tiles.length / cols);
	const width = cols * shape.width + (cols - 1) * gap;
	const height = rowsN * shape.height + (rowsN - 1) * gap;
	const stride = width * bpp + 1;
	// The rows of a band (a row of tiles and the gap below it): 1 starts a row of weights, 2 starts a gap, 0 repeats the row above.
	const band = shape.height + gap;
	const kind = new Uint8Array(band).fill(2);
	for (const ky of keyRows) kind.fill(0, ky, Math.min(ky + scale, shape.height));
	for (let y = band - 1; y > 0; y--) if (kind[y] === 2 && kind[y - 1] === 2) kind[y] = 0;
	for (const ky of keyRows) kind[ky] = 1;
	// A row that starts something: filter 0 (None), every pixel the gap colour until the tiles draw on it.
	const gapRow = new Uint8Array(stride);
	if (bpp === 1) gapRow.fill(GAP_INDEX, 1);
	else for (let i = 0; i < width; i++) gapRow.set(GAP_RGB, 1 + i * 3);
	if (scratch.rows.length < stride * height) scratch.rows = new Uint8Array(stride * height);
	const pixels = scratch.rows.subarray(0, stride * height).fill(0);
	for (let r = 0; r < height; r++) {
		if (kind[r % band] === 0) pixels[r * stride] = 2;
		else pixels.set(gapRow, r * stride);
	}
	for (let k = 0; k < tiles.length; k++) {
		const x = (k % cols) * (shape.width + gap);
		const y = Math.floor(k / cols) * (shape.height + gap);
		tiles[k].draw({ pixels, stride, at: y * stride + 1 + x * bpp });
	}
	return writeEncoded(outDir, path, encodeRepeatedScanlines({ width, height, rows: pixels, palette: shape.palette }), width, height, alt, false);
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

/** The first pixel row of each row of weights of one 2-D slice (`values` from `from`), depth planes side by side, as palette indices. */
function drawSlice({ pixels, stride, at }: Place, values: ArrayLike<number>, from: number, geo: KernelGeometry, s: number, [lo, hi]: [number, number]): void {
	for (let d = 0; d < geo.depth; d++) {
		for (let i = 0; i < geo.height; i++) {
			const row = at + i * s * stride + d * (geo.width + 1) * s;
			for (let j = 0; j < geo.width; j++) {
				const x = row + j * s;
				pixels.fill(toIndex(values[from + (d * geo.height + i) * geo.width + j], lo, hi), x, x + s);
			}
		}
	}
}

/** The first pixel row of each row of weights of three channels as one RGB image: zero at mid-grey, ±m at the ends, in R, G, B order. */
function drawComposite({ pixels, stride, at }: Place, w: Float32Array, geo: KernelGeometry, s: number, m: number, bgr: boolean): void {
	const order = bgr ? [2, 1, 0] : [0, 1, 2];
	const plane = geo.height * geo.width;
	for (let d = 0; d < geo.depth; d++) {
		for (let i = 0; i < geo.height; i++) {
			const row = at + i * s * stride + d * (geo.width + 1) * s * 3;
			for (let j = 0; j < geo.width; j++) {
				const i0 = d * plane + i * geo.width + j;
				const r = toComposite(w[order[0] * geo.size + i0], m);
				const g = toComposite(w[order[1] * geo.size + i0], m);
				const b = toComposite(w[order[2] * geo.size + i0], m);
				for (let t = 0, o = row + j * s * 3; t < s; t++, o += 3) {
					pixels[o] = r;
					pixels[o + 1] = g;
					pixels[o + 2] = b;
				}
			}
		}
	}
}

function scaleText(cmap: ColormapName, norm: string, [lo, hi]: [number, number]): string {
	const d = decimalsFor(Math.max(Math.abs(lo), Math.abs(hi)));
	return `${colormapText(cmap)}; scaled ${norm === 'kernel' ? 'to this image' : 'across the layer'} from ${formatNumber(lo, d)} to ${formatNumber(hi, d)}.`;
}
