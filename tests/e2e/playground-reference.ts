/**
 * What the browser playground must reproduce, computed in the test process by the build's own code:
 * the featured model's first layer read from its file and run in onnxruntime on the featured photo
 * (`runFirstLayer`, the numbers behind the feature-map images), and the photo's greyscale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { resolveModelSource } from '../../src/config/load-configs.ts';
import { downloadDir, hubSettings } from '../../src/fetch/index.ts';
import { parseModelSource } from '../../src/fetch/source.ts';
import type { AtlasIndex, ModelData } from '../../src/pipeline/atlas-data.ts';
import { openModel } from '../../src/reader/index.ts';
import { runFirstLayer } from '../../src/render/feature-maps.ts';
import { loadInputTensor } from '../../src/render/photo.ts';

export const atlas = JSON.parse(readFileSync('generated/atlas.json', 'utf8')) as AtlasIndex;
export const model = JSON.parse(readFileSync(join('generated', 'models', `${atlas.featured}.json`), 'utf8')) as ModelData;

/** The featured model's file, where the build found it (models/, node_modules, or the download cache). */
function modelFile(): string {
	const source = parseModelSource(model.config.source);
	if (source.kind === 'local') return resolveModelSource(model.config, 'models');
	const last = source.kind === 'hub' ? source.file.path : new URL(source.url).pathname;
	return join(downloadDir(join('.atlas-cache', 'downloads'), source, hubSettings().endpoint), decodeURIComponent(last.split('/').at(-1)!));
}

/** The featured sample photo's file and id. */
export function featuredPhoto(): { id: string; path: string } {
	const { photos } = JSON.parse(readFileSync('content/samples/photos.json', 'utf8')) as { photos: { id: string; file: string; featured?: boolean }[] };
	const photo = photos.find((p) => p.featured) ?? photos[0]!;
	return { id: photo.id, path: join('content', 'samples', photo.file) };
}

/** The first layer's feature maps on the featured photo, from onnxruntime, and the kernel they came from. */
export async function buildFeatureMaps(): Promise<{ data: Float32Array; channels: number; height: number; width: number; kernel: Float32Array; bias: Float32Array | null }> {
	const opened = await openModel(modelFile());
	try {
		const layer = opened.layers[0]!;
		const kernel = await opened.readKernel(layer);
		const { tensor } = await loadInputTensor(featuredPhoto().path, model.config.preprocess);
		const maps = await runFirstLayer(layer, kernel, tensor, model.config.preprocess.size);
		return { ...maps, kernel: kernel.data, bias: kernel.bias };
	} finally {
		opened.close();
	}
}

/** BT.601 luma (0–1) of a published playground photo, decoded here rather than in the browser. */
export async function publishedLuma(photoId: string): Promise<{ luma: Float64Array; height: number; width: number }> {
	const { data, info } = await sharp(join('dist', 'atlas', model.id, 'playground', `${photoId}.png`)).raw().toBuffer({ resolveWithObject: true });
	const luma = new Float64Array(info.width * info.height);
	for (let i = 0; i < luma.length; i++) luma[i] = (0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!) / 255;
	return { luma, height: info.height, width: info.width };
}

/** Largest |a − b| over the largest |b|: the feature map's own scale. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
	if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
	let diff = 0;
	let scale = 0;
	for (let i = 0; i < a.length; i++) {
		diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
		scale = Math.max(scale, Math.abs(b[i]!));
	}
	return diff / scale;
}
