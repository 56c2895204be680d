/**
 * One model through the stages: read (reader) → extract kernels → analyse (analysis) → render (render),
 * turned into the page data of `atlas-data.ts`. The build runs it in a worker thread per model;
 * `kernel-atlas render` runs it directly, so the command line draws exactly what the site shows.
 */
import { dirname, join } from 'node:path';
import { analyseLayer, type LayerAnalysis } from '../analysis/index.ts';
import { openModel } from '../reader/open.ts';
import type { ConvLayer, Kernel, OpenedModel } from '../reader/model.ts';
import { readsColourImage } from '../render/colour-input.ts';
import { type GalleryResult, renderFirstLayerGallery } from '../render/gallery.ts';
import { type LegendImage, renderLegends } from '../render/legend.ts';
import { renderLayerMosaic } from '../render/mosaic.ts';
import { type ImageMeta, mapLimit } from '../render/output.ts';
import { CLIP_PERCENTILE } from '../render/colormap.ts';
import type { MapImage } from '../render/feature-maps.ts';
import type { GalleryData, ImageRef, KernelPageData, LayerData, ModelData } from './atlas-data.ts';
import type { ModelJobInput, ModelJobProgress } from './model-worker.ts';
import { sha256File } from '../reader/hash.ts';
import { receptiveFieldsOf } from './receptive-field.ts';
import { inThread, onWorker, summarise } from './layer-analyser.ts';

/**
 * Processes one model into `input.imagesDir` (default `input.outDir/images/`), reporting progress after
 * every layer. `opened`: the model, when the caller has opened it already (and closes it itself).
 */
export async function processModel(input: ModelJobInput, onProgress: (p: ModelJobProgress) => void, opened?: OpenedModel): Promise<ModelData> {
	const started = performance.now();
	const { config, id } = input;
	const imagesDir = input.imagesDir ?? join(input.outDir, 'images');
	const srcPrefix = input.srcPrefix ?? `atlas/${id}/`;
	const selected = input.layers ? new Set(input.layers) : null;
	const ref = (meta: ImageMeta, alt = meta.alt, facts: Pick<ImageRef, 'scale' | 'page'> = {}): ImageRef => ({ src: `${srcPrefix}${meta.path}`, width: meta.width, height: meta.height, alt, ...facts });
	/** A feature map: colours on its own symmetric scale, the strongest responses clipped. */
	const mapRef = (map: MapImage): ImageRef => ref(map, map.alt, { scale: { colormap: 'diverging', norm: 'image', range: map.range, clippedPercent: Math.round((100 - CLIP_PERCENTILE) * 10) / 10 } });
	const model = opened ?? (await openModel(input.modelPath, input.sha256 === null ? { hash: false } : { sha256: input.sha256 }));
	let analyser = inThread;
	try {
		// limits.maxLayers bounds the work, not the listing: later layers keep their facts, without images.
		const rendered = config.limits.maxLayers ?? model.layers.length;
		// A checkpoint records no graph: its receptive fields are unknown and left out.
		const rf = model.spatialNodes ? receptiveFieldsOf(model.spatialNodes, model.graphInputs.map((i) => i.name)) : null;
		const fields = model.layers.map((l) => (l.onnx && rf?.get(l.onnx.output)) ?? null);
		let images = 0;
		const report = (layersDone: number, done = false) =>
			onProgress({ layers: model.layers.length, layersDone, images, done, seconds: (performance.now() - started) / 1000 });
		report(0);
		const chosen = selected ? model.layers.filter((l) => selected.has(l.index)) : model.layers;
		/** Why a layer gets no images: its kernel is computed at run time, or it is past limits.maxLayers. */
		const skipOf = (l: ConvLayer) => (l.storage === 'dynamic' ? 'dynamic' : l.index >= rendered ? 'limit' : null);
		const hasGalleryOf = (l: ConvLayer) => l.index < config.limits.galleryLayers;
		// With a core to spare, layers without a gallery are analysed on a second thread while this one draws
		// them (for one such layer, starting the thread costs more than it saves); started before the first
		// layer is read, so its start-up overlaps it.
		const summarised = chosen.filter((l) => !skipOf(l) && !hasGalleryOf(l));
		if (input.analysisThread && summarised.length > 1) analyser = onWorker();

		const legends = await renderLegends(imagesDir);
		images += legends.length;
		let kernelCount = 0;
		let layersDone = 0;
		// Kept for the feature maps; every other layer's kernel is dropped as soon as it is drawn.
		let firstKernel: Kernel | undefined;
		// Layers in flight: one is filled on this thread while others' images are compressed on the thread
		// pool or their summaries computed on the analysis worker (a layer waits for its summary after its
		// mosaic, holding its place). With four, ResNet-50's render was steadier and on average a little
		// faster than with two in interleaved runs, though within this machine's noise (`npm run bench cli`).
		// Results keep the layers' order, so the data is the same.
		const done = await mapLimit(chosen, 4, async (layer): Promise<{ data: LayerData; gallery: GalleryData | null }> => {
			const skipped = skipOf(layer);
			if (skipped) {
				if (skipped === 'limit') kernelCount += layer.weightShape[0] ?? 0;
				report(++layersDone);
				return { data: { ...layer, stats: null, histogram: null, families: {}, groups: {}, shares: null, mosaic: [], mosaicNote: '', mosaicLayout: null, skipped, receptiveField: fields[layer.index] ?? null, hasGallery: false }, gallery: null };
			}
			const kernel = await model.readKernel(layer);
			if (layer.index === 0) firstKernel = kernel;
			const hasGallery = hasGalleryOf(layer);
			kernelCount += kernel.dims[0]!;
			const colorOrder = config.preprocess.colorOrder;
			// A gallery needs every kernel's analysis; other layers only their summary, which can come from the worker.
			const analysis = hasGallery ? analyseLayer(kernel, layer, { colorOrder }) : null;
			const mosaic = await renderLayerMosaic(kernel, layer, { outDir: imagesDir });
			images += mosaic.files.length;
			// Asked once the mosaic is drawn, so the kernel can be handed over to the worker without a copy
			// (copying ResNet-50's 100 MB of weights cost this thread ~0.15 s); the worker analyses it while
			// this thread reads and draws the next layers.
			const { stats, histogram, families, groups, shares } = await (analysis ? summarise(analysis) : analyser.summary(kernel, layer, colorOrder, { handOver: kernel !== firstKernel }));
			const data: LayerData = {
				...layer,
				stats,
				histogram,
				families,
				groups,
				shares,
				mosaic: mosaic.files.map((f, i) =>
					ref(f, f.alt, {
						scale: { colormap: mosaic.colormap, norm: mosaic.norm, range: mosaic.range },
						page: { index: i + 1, count: mosaic.files.length, firstKernel: f.firstKernel, lastKernel: f.lastKernel },
					}),
				),
				mosaicNote: mosaic.note,
				mosaicLayout: mosaic.layout,
				skipped: null,
				receptiveField: fields[layer.index] ?? null,
				hasGallery,
			};
			let gallery: GalleryData | null = null;
			if (analysis) {
				const result = await renderFirstLayerGallery(kernel, imagesDir, {
					dir: `gallery/layer-${layer.index}`,
					colorOrder,
					rgb: readsColourImage(layer),
					// The pages show the colour composite on the layer's scale only (its colouring is fixed).
					rgbNorms: ['layer'],
				});
				images += result.images.length;
				gallery = galleryData(layer, kernel, analysis, result, legends, ref);
			}
			report(++layersDone);
			return { data, gallery };
		});
		const layers = done.map((d) => d.data);
		const galleries = done.flatMap((d) => (d.gallery ? [d.gallery] : []));

		// Feature maps: only for a first layer that reads the colour image itself.
		let inputImage: ImageRef | null = null;
		let playground: ModelData['playground'] = null;
		const first = model.layers[0];
		const firstGallery = galleries.find((g) => g.layerIndex === first?.index);
		const photoPath = input.photoPath;
		if (photoPath && first && firstKernel && firstGallery && readsColourImage(first)) {
			// Loaded here: sharp and onnxruntime cost more to load than drawing a layer takes.
			const { renderFeatureMaps } = await import('../render/feature-maps.ts');
			const { writePlaygroundData } = await import('../render/playground.ts');
			const maps = await renderFeatureMaps(first, firstKernel, photoPath, config.preprocess, imagesDir, { modelFile: input.modelPath });
			images += maps.maps.length + maps.demeaned.length + 1;
			inputImage = ref(maps.input);
			for (const map of maps.maps) {
				const kernel = firstGallery.kernels[map.channel];
				if (kernel) kernel.featureMap = mapRef(map);
			}
			for (const map of maps.demeaned) {
				const kernel = firstGallery.kernels[map.channel];
				if (kernel) kernel.demeanedMap = mapRef(map);
			}
			maps.similarity.forEach((sim, c) => {
				const kernel = firstGallery.kernels[c];
				if (kernel) kernel.mapSimilarity = sim;
			});
			const about = { id, preprocess: config.preprocess, channelNames: firstGallery.channelNames, matches: firstGallery.kernels.map((k) => k.match) };
			const manifest = await writePlaygroundData(first, firstKernel, about, input.samples, imagesDir);
			images += manifest.photos.length;
			playground = { ...manifest, src: `${srcPrefix}playground/manifest.json` };
		}
		// Loaded only with a photograph to classify, like the feature maps' modules.
		const classification = photoPath ? await (await import('./classification.ts')).classifySample(input.modelPath, photoPath, config, model.info) : null;
		report(layers.length, true);
		// For the build cache only: a run that needs no hashes (the command line) records none.
		const externalData = input.sha256 === null ? [] : await hashExternalData(input.modelPath, model.externalData);
		return { id, config, info: model.info, layers, galleries, inputImage, kernelCount, imageCount: images, externalData, classification, playground };
	} finally {
		await analyser.close();
		if (!opened) model.close();
	}
}

/** Content hashes of the model's external-data files, so the cache notices when one changes. */
async function hashExternalData(modelPath: string, locations: string[]): Promise<ModelData['externalData']> {
	const out: ModelData['externalData'] = [];
	for (const location of locations) out.push({ location, sha256: await sha256File(join(dirname(modelPath), location)) });
	return out;
}

const VARIANTS = ['diverging-layer', 'diverging-kernel', 'viridis-layer', 'viridis-kernel'] as const;

/** Regroups the renderer's per-image list into per-kernel data with numbers, matches and images. */
function galleryData(
	layer: ConvLayer,
	kernel: Kernel,
	analysis: LayerAnalysis,
	gallery: GalleryResult,
	legends: LegendImage[],
	ref: (meta: ImageMeta, alt?: string, facts?: Pick<ImageRef, 'scale' | 'page'>) => ImageRef,
): GalleryData {
	const [count, channels] = kernel.dims as [number, number];
	const spatial = kernel.dims.slice(2);
	const rows = spatial.length >= 2 ? spatial.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
	const cols = spatial.at(-1) ?? 1;
	const per = channels * rows * cols;
	const round = (v: number) => Number(v.toPrecision(6));
	const channelNames = gallery.images.find((i) => i.channels)?.channels ?? Array.from({ length: channels }, (_, c) => `c${c}`);

	const kernels: KernelPageData[] = Array.from({ length: count }, (_, k) => {
		const values = Array.from({ length: channels }, (_, c) =>
			Array.from({ length: rows }, (_, r) => Array.from(kernel.data.subarray(k * per + (c * rows + r) * cols, k * per + (c * rows + r + 1) * cols), round)),
		);
		const summed = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, x) => round(values.reduce((s, ch) => s + ch[r]![x]!, 0))));
		const a = analysis.kernels[k]!;
		const { height: ch, width: cw } = a.compared;
		const grid = (v: ArrayLike<number>) => Array.from({ length: ch }, (_, r) => Array.from({ length: cw }, (_, x) => round(v[r * cw + x]!)));
		return {
			index: k,
			values,
			summed,
			// A ConvTranspose kernel slice is one input channel; its bias belongs to output channels.
			bias: kernel.bias && !layer.transposed ? round(kernel.bias[k]!) : null,
			stats: a.stats,
			match: a.match,
			matchDetail: a.detail,
			score: a.score,
			polarity: a.polarity,
			compared: { view: a.compared.view, weights: a.compared.weights, height: ch, width: cw, values: grid(a.compared.values) },
			top: a.top.map((t) => ({ family: t.family, detail: t.detail, cosine: round(t.cosine), values: grid(t.values) })),
			colorOpponent: a.colorOpponent && { axis: a.colorOpponent.axis, positive: a.colorOpponent.positive, negative: a.colorOpponent.negative, strength: round(a.colorOpponent.strength) },
			mapSimilarity: null,
			images: { summed: {}, rgb: null, channels: {} },
			featureMap: null,
			demeanedMap: null,
		};
	});
	// Each kernel's image is its cell of the view's sheet.
	for (const image of gallery.images) {
		for (const cell of image.cells) {
			const target = kernels[cell.kernel];
			if (!target) continue;
			const facts = { scale: { colormap: image.colormap, norm: image.norm, range: cell.range } };
			const one = { ...ref(image, cell.alt, facts), width: cell.width, height: cell.height, cell: { x: cell.x, y: cell.y, sheetWidth: image.width, sheetHeight: image.height } };
			if (image.view === 'rgb') {
				target.images.rgb = one;
			} else {
				const variant = `${image.colormap}-${image.norm}`;
				(image.view === 'sum' ? target.images.summed : target.images.channels)[variant] = one;
			}
		}
	}
	const legendData: GalleryData['legends'] = {};
	for (const variant of VARIANTS) {
		const [cmap, norm] = variant.split('-') as [string, string];
		const bar = legends.find((l) => l.colormap === cmap);
		const sample = gallery.images.find((i) => i.view === 'sum' && i.colormap === cmap && i.norm === norm)?.cells[0];
		if (!bar || !sample) continue;
		legendData[variant] = { ...ref(bar), min: norm === 'layer' ? sample.range[0] : Number.NaN, max: norm === 'layer' ? sample.range[1] : Number.NaN };
	}
	return { layerIndex: layer.index, legends: legendData, channelNames, kernels };
}
