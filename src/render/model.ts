/**
 * Every image of one model, written with a manifest keyed by the model's SHA-256 and the renderer's
 * version, so an unchanged model is not rendered again.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readsImage, type KernelData, type LayerShapeInfo } from '../analysis/geometry.ts';
import { type GalleryResult, renderFirstLayerGallery } from './gallery.ts';
import { type LegendImage, renderLegends } from './legend.ts';
import { type MosaicResult, renderLayerMosaic } from './mosaic.ts';
import { mapLimit } from './output.ts';

/** Bump whenever output bytes or metadata change, so cached renders are redone. */
export const RENDERER_VERSION = '1.0.0';

/** What `renderModel` needs from an opened model (the reader's `OnnxModel` fits). */
export interface RenderableModel {
	info: { sha256: string; file: string };
	layers: (LayerShapeInfo & { storage?: string })[];
	readKernel(layer: number): Promise<KernelData>;
}

/** Options of {@link renderModel}. */
export interface RenderModelOptions {
	/** Only these layer indices (default: every layer). */
	layers?: number[];
	/** Layers (by data-flow position from 0) that get the full gallery. Default: the first layer only. */
	galleryLayers?: number;
	/** Channel order of the image input, for labels and the RGB composite. Default `RGB`. */
	colorOrder?: 'RGB' | 'BGR';
	/** Render even when the manifest says the output is current. */
	force?: boolean;
	/** Called after each layer, e.g. for a progress line. */
	onLayer?: (index: number, done: number, total: number) => void;
}

/** `manifest.json` in the output directory: every image with its metadata. */
export interface RenderManifest {
	rendererVersion: string;
	modelSha256: string;
	model: string;
	/** The layer indices rendered (all of them unless `--layer` chose one). */
	selection: number[];
	legends: LegendImage[];
	layers: { index: number; name: string; mosaic: MosaicResult | null; skipped: string | null; gallery: GalleryResult | null }[];
}

/**
 * Renders the mosaic of every selected layer and the gallery of the first layer(s) into `outDir`,
 * unless `outDir/manifest.json` already describes the same model, selection and renderer version.
 * @example const { manifest, cached } = await renderModel(await openModel('net.onnx'), 'out/net');
 */
export async function renderModel(model: RenderableModel, outDir: string, options: RenderModelOptions = {}): Promise<{ manifest: RenderManifest; cached: boolean }> {
	const selection = options.layers ?? model.layers.map((l) => l.index);
	const manifestPath = join(outDir, 'manifest.json');
	if (!options.force) {
		const old = await readManifest(manifestPath);
		if (old && old.rendererVersion === RENDERER_VERSION && old.modelSha256 === model.info.sha256 && sameList(old.selection, selection)) {
			return { manifest: old, cached: true };
		}
	}
	await mkdir(outDir, { recursive: true });
	const galleryLayers = options.galleryLayers ?? 1;
	const legends = await renderLegends(outDir);
	let done = 0;
	// Two layers in flight: one fills pixels on the main thread while the other's deflate runs on the pool.
	const layers = await mapLimit(selection, 2, async (index): Promise<RenderManifest['layers'][number]> => {
		const layer = model.layers[index];
		let entry: RenderManifest['layers'][number];
		if (layer.storage === 'dynamic') {
			entry = { index, name: layer.name, mosaic: null, gallery: null, skipped: 'the kernel is computed at run time, so there are no stored weights to draw' };
		} else {
			const kernel = await model.readKernel(index);
			const mosaic = await renderLayerMosaic(kernel, layer, { outDir });
			const gallery =
				index < galleryLayers
					? await renderFirstLayerGallery(kernel, outDir, { dir: `gallery/layer-${index}`, colorOrder: options.colorOrder, rgb: readsImage(layer) && kernel.dims[1] === 3 })
					: null;
			entry = { index, name: layer.name, mosaic, gallery, skipped: null };
		}
		options.onLayer?.(index, ++done, selection.length);
		return entry;
	});
	const manifest: RenderManifest = { rendererVersion: RENDERER_VERSION, modelSha256: model.info.sha256, model: model.info.file, selection, legends, layers };
	// Written last: a half-finished render has no manifest and is redone next time.
	await writeFile(manifestPath, `${JSON.stringify(manifest, null, '\t')}\n`);
	return { manifest, cached: false };
}

async function readManifest(path: string): Promise<RenderManifest | null> {
	try {
		return JSON.parse(await readFile(path, 'utf8')) as RenderManifest;
	} catch {
		return null;
	}
}

function sameList(a: unknown, b: number[]): boolean {
	return Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
}
