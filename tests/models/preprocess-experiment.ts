/**
 * The experiment behind models/squeezenet1-1.json's preprocessing: runs the whole SqueezeNet on the
 * sample photographs under candidate preprocessings and prints each one's top-5 as a Markdown table
 * (recorded in tests/models/README.md). Not a test; run it with `npx node tests/models/preprocess-experiment.ts`.
 * The astronaut photo is used when ../shared/sample-images is there (it is not part of the project).
 * A second table scores each candidate on ten views of the cat and the coffee photos (the classic
 * ImageNet ten-crop: four corners and the centre of a 256-pixel resize, each also mirrored).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { classifyPhoto } from '../../src/render/classify.ts';
import type { Preprocess } from '../../src/render/photo.ts';

const MODEL = resolve('models/squeezenet1.1-imagenet-fp16.onnx');
const PHOTOS = [resolve('content/samples/chelsea.png'), resolve('content/samples/coffee.png'), resolve('../shared/sample-images/astronaut.png')].filter((f) => existsSync(f));
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const ONE = [1, 1, 1];
const ZERO = [0, 0, 0];

/** Each candidate as the config would write it (mean and std in the model's channel order). */
export const CANDIDATES: { name: string; preprocess: Omit<Preprocess, 'size'> }[] = [
	{ name: 'RGB, 0–1, ImageNet mean/std (torchvision)', preprocess: { colorOrder: 'RGB', scale: 1 / 255, ...IMAGENET } },
	{ name: 'BGR, 0–1, ImageNet mean/std', preprocess: { colorOrder: 'BGR', scale: 1 / 255, mean: [...IMAGENET.mean].reverse(), std: [...IMAGENET.std].reverse() } },
	{ name: 'RGB, 0–1, no mean', preprocess: { colorOrder: 'RGB', scale: 1 / 255, mean: ZERO, std: ONE } },
	{ name: 'RGB, 0–255, no mean', preprocess: { colorOrder: 'RGB', scale: 1, mean: ZERO, std: ONE } },
	{ name: 'BGR, 0–255, no mean', preprocess: { colorOrder: 'BGR', scale: 1, mean: ZERO, std: ONE } },
	{ name: 'RGB, 0–255, minus mean [123, 117, 104]', preprocess: { colorOrder: 'RGB', scale: 1, mean: [123, 117, 104], std: ONE } },
	{ name: 'BGR, 0–255, minus Caffe mean [104, 117, 123]', preprocess: { colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], std: ONE } },
	{ name: 'RGB, 0–255, minus [104, 117, 123] (BGR mean in RGB order)', preprocess: { colorOrder: 'RGB', scale: 1, mean: [104, 117, 123], std: ONE } },
];

/** The expected ImageNet classes of the photos the second table scores. */
const EXPECTED: Record<string, number[]> = { 'chelsea.png': [281, 282, 283, 284, 285], 'coffee.png': [967, 968] };

/** Writes the ten 224-pixel views of `file` into `dir`; returns their paths. */
async function tenCrops(file: string, dir: string): Promise<string[]> {
	const base = await sharp(file).removeAlpha().resize(256, 256, { fit: 'cover' }).toBuffer();
	const offsets = [[0, 0], [0, 32], [32, 0], [32, 32], [16, 16]];
	const out: string[] = [];
	for (const [top, left] of offsets) {
		for (const flop of [false, true]) {
			const path = join(dir, `${file.split('/').at(-1)}-${top}-${left}-${flop}.png`);
			await sharp(base).extract({ top: top!, left: left!, width: 224, height: 224 }).flop(flop).toFile(path);
			out.push(path);
		}
	}
	return out;
}

async function tenCropTable(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'ten-crop-'));
	try {
		const views = Object.fromEntries(await Promise.all(Object.keys(EXPECTED).map(async (f) => [f, await tenCrops(resolve('content/samples', f), dir)] as const)));
		console.log('\n| preprocessing | ' + Object.keys(EXPECTED).map((f) => `${f}: top-1 expected / mean P(expected)`).join(' | ') + ' |');
		console.log(`|---|${Object.keys(EXPECTED).map(() => '---').join('|')}|`);
		for (const { name, preprocess } of CANDIDATES) {
			const cells = [];
			for (const [file, classes] of Object.entries(EXPECTED)) {
				let hits = 0;
				let mass = 0;
				for (const view of views[file]!) {
					const { top } = await classifyPhoto(MODEL, view, { size: [224, 224], ...preprocess }, 'imagenet-1k', 1000);
					if (classes.includes(top[0]!.index)) hits++;
					mass += top.filter((p) => classes.includes(p.index)).reduce((s, p) => s + p.probability, 0) / 10;
				}
				cells.push(`${hits}/10, ${(mass * 100).toFixed(1)}%`);
			}
			console.log(`| ${name} | ${cells.join(' | ')} |`);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.main) {
	console.log(`| preprocessing | ${PHOTOS.map((p) => p.split('/').at(-1)).join(' | ')} |`);
	console.log(`|---|${PHOTOS.map(() => '---').join('|')}|`);
	for (const { name, preprocess } of CANDIDATES) {
		const cells = [];
		for (const photo of PHOTOS) {
			const { top } = await classifyPhoto(MODEL, photo, { size: [224, 224], ...preprocess }, 'imagenet-1k');
			cells.push(top.map((p) => `${p.index} ${p.label.split(',')[0]} ${(p.probability * 100).toFixed(1)}%`).join('<br>'));
		}
		console.log(`| ${name} | ${cells.join(' | ')} |`);
	}
	await tenCropTable();
}
