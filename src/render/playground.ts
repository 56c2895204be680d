/**
 * The data the browser's kernel playground needs to compute exactly what the build computes: the first
 * layer's kernels as float32 (not the pages' rounded numbers), every sample photograph as the model
 * receives it (resized and cropped, lossless), and the layer's resolved stride and padding.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { assumedGeometry } from '../reader/onnx/single-conv.ts';
import type { ConvLayer, Kernel } from '../reader/model.ts';
import { type Preprocess, loadPhoto } from './photo.ts';

/** How the playground slides a learned kernel: explicit numbers for the two spatial axes. */
export interface PlaygroundGeometry {
	strides: [number, number];
	/** Zero padding [top, left, bottom, right]. */
	pads: [number, number, number, number];
	dilations: [number, number];
	/** True when the file records no geometry and stride 1 with same padding is assumed (as the feature maps do). */
	assumed: boolean;
}

/** A sample photograph the playground offers. */
export interface PlaygroundPhoto {
	id: string;
	/** Lossless PNG of the photo resized (and cropped) as the model's preprocessing says, relative to the manifest. */
	file: string;
	title: { ja: string; en: string };
}

/** `playground/manifest.json`: everything the browser needs besides the binary kernels and the photos. */
export interface PlaygroundManifest {
	/** The model's id (its title comes from the page: a new title must not need a re-render, see the build cache). */
	model: string;
	layer: { index: number; name: string };
	/** Float32 little-endian: the weights as [count, channels, height, width], then `count` biases when `bias`. */
	kernels: { file: string; count: number; channels: number; height: number; width: number; bias: boolean };
	/** Input channel names in the tensor's order (`B`, `G`, `R` for a BGR model). */
	channelNames: string[];
	/** Each kernel's closest classical filter (an analysis family id), for the picker. */
	matches: string[];
	geometry: PlaygroundGeometry;
	/** The feature map's [height, width] for the model's input size. */
	output: [number, number];
	preprocess: Preprocess;
	photos: PlaygroundPhoto[];
}

/** A photograph to prepare for the playground. */
export interface SamplePhoto {
	id: string;
	path: string;
	title: { ja: string; en: string };
}

/**
 * The layer's geometry as explicit pads for an input of `size`: ONNX `auto_pad` resolved the way
 * onnxruntime resolves it, a checkpoint's missing geometry replaced by the one the feature maps assume.
 * @example resolvedGeometry(layer, [3, 3], [224, 224]) // { strides: [2, 2], pads: [0, 0, 0, 0], ... }
 */
export function resolvedGeometry(layer: Pick<ConvLayer, 'geometry' | 'onnx'>, kernel: [number, number], size: [number, number]): PlaygroundGeometry {
	const g = layer.geometry ?? assumedGeometry(kernel);
	const strides = [g.strides[0] ?? 1, g.strides[1] ?? 1] as [number, number];
	const dilations = [g.dilations[0] ?? 1, g.dilations[1] ?? 1] as [number, number];
	let pads = [g.pads[0] ?? 0, g.pads[1] ?? 0, g.pads[2] ?? 0, g.pads[3] ?? 0] as [number, number, number, number];
	const autoPad = layer.onnx?.autoPad ?? 'NOTSET';
	if (autoPad === 'VALID') pads = [0, 0, 0, 0];
	if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
		const total = [0, 1].map((a) => Math.max(0, (Math.ceil(size[a]! / strides[a]!) - 1) * strides[a]! + (kernel[a]! - 1) * dilations[a]! + 1 - size[a]!));
		const begin = total.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
		pads = [begin[0]!, begin[1]!, total[0]! - begin[0]!, total[1]! - begin[1]!];
	}
	return { strides, pads, dilations, assumed: layer.geometry === null };
}

/** Output [height, width] of a convolution with `geometry` on an input of `size`. */
export function outputSize(geometry: PlaygroundGeometry, kernel: [number, number], size: [number, number]): [number, number] {
	const axis = (a: 0 | 1) => Math.floor((size[a] + geometry.pads[a] + geometry.pads[a + 2]! - ((kernel[a] - 1) * geometry.dilations[a] + 1)) / geometry.strides[a]) + 1;
	return [axis(0), axis(1)];
}

/**
 * Writes `<dir>/manifest.json`, `<dir>/kernels.bin` and `<dir>/<photo>.png` for a first layer that reads
 * the colour image (see `readsColourImage`), and returns the manifest.
 */
export async function writePlaygroundData(
	layer: ConvLayer,
	kernel: Kernel,
	model: { id: string; preprocess: Preprocess; channelNames: string[]; matches: string[] },
	samples: SamplePhoto[],
	outDir: string,
	dir = 'playground',
): Promise<PlaygroundManifest> {
	const [count, channels, height, width] = kernel.dims as [number, number, number, number];
	const [h, w] = model.preprocess.size;
	const geometry = resolvedGeometry(layer, [height, width], [h, w]);
	const bytes = new Uint8Array(4 * (kernel.data.length + (kernel.bias?.length ?? 0)));
	// Float32Array bytes are little-endian on every platform Node runs on, as the browser reads them.
	bytes.set(new Uint8Array(kernel.data.buffer, kernel.data.byteOffset, kernel.data.byteLength));
	if (kernel.bias) bytes.set(new Uint8Array(kernel.bias.buffer, kernel.bias.byteOffset, kernel.bias.byteLength), kernel.data.byteLength);
	await mkdir(join(outDir, dir), { recursive: true });
	await writeFile(join(outDir, dir, 'kernels.bin'), bytes);
	const photos: PlaygroundPhoto[] = [];
	for (const sample of samples) {
		const photo = await loadPhoto(sample.path, h, w, model.preprocess);
		// PNG, never WebP: the playground must read back the very bytes the model was given.
		const png = await sharp(Buffer.from(photo.rgb.buffer, photo.rgb.byteOffset, photo.rgb.length), { raw: { width: w, height: h, channels: 3 } })
			.png({ compressionLevel: 9, adaptiveFiltering: true })
			.toBuffer();
		const file = `${sample.id}.png`;
		await mkdir(dirname(join(outDir, dir, file)), { recursive: true });
		await writeFile(join(outDir, dir, file), png);
		photos.push({ id: sample.id, file, title: sample.title });
	}
	const manifest: PlaygroundManifest = {
		model: model.id,
		layer: { index: layer.index, name: layer.name },
		kernels: { file: 'kernels.bin', count, channels, height, width, bias: kernel.bias !== null },
		channelNames: model.channelNames,
		matches: model.matches,
		geometry,
		output: outputSize(geometry, [height, width], [h, w]),
		preprocess: model.preprocess,
		photos,
	};
	await writeFile(join(outDir, dir, 'manifest.json'), JSON.stringify(manifest));
	return manifest;
}
