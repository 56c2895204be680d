/**
 * SqueezeNet 1.1's preprocessing, proven by what the whole network answers: with the config's own
 * values, through the build's own step (classifySample → classifyPhoto → loadInputTensor, the path the
 * feature maps use too), the cat photo must come out as a cat and the coffee photo as coffee. The
 * expected classes are ImageNet-1k indices (281–285 cats, 967 espresso, 968 cup), not numbers this code
 * produced. How the values were found: tests/models/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelConfigs, resolveModelSource } from '../../src/config/load-configs.ts';
import { classifySample } from '../../src/pipeline/classification.ts';
import { openOnnxModel, singleConvModel, SINGLE_CONV_IO, withExposedOutputs } from '../../src/reader/index.ts';
import { classifyPhoto } from '../../src/render/classify.ts';
import { labels } from '../../src/render/labels.ts';
import { readsColourImage, renderFeatureMaps } from '../../src/render/index.ts';
import { floatTensor, ort, tensorValues } from '../../src/render/ort.ts';
import { float16ToFloat32 as float16BitsToFloat32, float32ToFloat16Bits } from '../../src/reader/half.ts';
import { loadInputTensor, type Preprocess } from '../../src/render/photo.ts';

const config = loadModelConfigs(resolve('models')).find((c) => c.id === 'squeezenet1-1')!;
const modelPath = resolveModelSource(config, resolve('models'));
const CAT = { photo: resolve('content/samples/chelsea.png'), classes: [281, 282, 283, 284, 285] };
const COFFEE = { photo: resolve('content/samples/coffee.png'), classes: [967, 968] };
const out = mkdtempSync(join(tmpdir(), 'squeezenet-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Probability mass the model puts on `classes` for `photo` under `preprocess`. */
async function massOn(photo: string, classes: number[], preprocess: Preprocess): Promise<number> {
	const { top } = await classifyPhoto(modelPath, photo, preprocess, 'imagenet-1k', 1000);
	return top.filter((p) => classes.includes(p.index)).reduce((s, p) => s + p.probability, 0);
}

describe('the ImageNet class names', () => {
	it('are the 1000 ILSVRC-2012 classes in the standard order', () => {
		const { names, source } = labels('imagenet-1k');
		expect(source).toMatchObject({ package: '@tensorflow-models/mobilenet', version: '2.1.1', license: 'Apache-2.0' });
		expect(names).toHaveLength(1000);
		expect([names[0], names[281], names[285], names[967], names[968], names[999]]).toEqual([
			'tench, Tinca tinca', 'tabby, tabby cat', 'Egyptian cat', 'espresso', 'cup', 'toilet tissue, toilet paper, bathroom tissue',
		]);
	});
});

describe('squeezenet1-1 on the sample photographs', () => {
	it('is configured as an ImageNet classifier read as BGR pixels in 0–255 minus the Caffe mean', () => {
		expect(config.labels).toBe('imagenet-1k');
		expect(config.preprocess).toEqual({ size: [224, 224], colorOrder: 'BGR', scale: 1, mean: [104, 117, 123], std: [1, 1, 1] });
	});

	describe.each([
		{ name: 'the cat photo', ...CAT },
		{ name: 'the coffee photo', ...COFFEE },
	])('$name', ({ photo, classes }) => {
		it('comes out as its ImageNet class through the build step, with the config preprocessing', async () => {
			const result = (await classifySample(modelPath, photo, config, { format: 'onnx', bytes: 2_484_091 }))!;
			expect(result.note).toBeNull();
			expect(result.top).toHaveLength(5);
			expect(classes).toContain(result.top[0]!.index);
			// SqueezeNet ends in Softmax: its output is already a distribution, so none is applied.
			expect(result.softmaxApplied).toBe(false);
		});

		it('does not with ImageNet mean/std on 0–1 inputs (the torchvision convention): the config matters', async () => {
			const wrong: Preprocess = { size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
			const { top } = await classifyPhoto(modelPath, photo, wrong, 'imagenet-1k');
			expect(classes).not.toContain(top[0]!.index);
			expect(await massOn(photo, classes, wrong)).toBeLessThan(0.05);
		});
	});

	it('reads BGR: in RGB order the coffee photo loses most of its coffee probability', async () => {
		const rgb: Preprocess = { ...config.preprocess, colorOrder: 'RGB', mean: [123, 117, 104] };
		const asConfigured = await massOn(COFFEE.photo, COFFEE.classes, config.preprocess);
		expect(asConfigured).toBeGreaterThan(0.9);
		expect(await massOn(COFFEE.photo, COFFEE.classes, rgb)).toBeLessThan(asConfigured - 0.2);
	});

	it('draws the first layer\'s feature maps although the model stores float16 weights', async () => {
		const model = await openOnnxModel(modelPath);
		try {
			const first = model.layers[0]!;
			expect(first.weightShape).toEqual([64, 3, 3, 3]);
			expect(readsColourImage(first)).toBe(true);
			const maps = await renderFeatureMaps(first, await model.readKernel(first), CAT.photo, config.preprocess, out);
			expect(maps.maps).toHaveLength(64);
			// 224 pixels, 3×3 kernel, stride 2, no padding: (224 - 3) / 2 + 1 = 111 (floored).
			expect([maps.maps[0]!.width, maps.maps[0]!.height]).toEqual([111, 111]);
			expect(maps.maps.every((m) => m.range[1] > 0)).toBe(true);
		} finally {
			model.close();
		}
	});

	it('feature maps equal what the float16 model computes at its first layer (within float16 rounding)', async () => {
		const model = await openOnnxModel(modelPath);
		try {
			const first = model.layers[0]!;
			// The same input for both: the photo rounded to float16, as the float16 model receives it.
			const { tensor } = await loadInputTensor(CAT.photo, config.preprocess);
			const input = float16BitsToFloat32(float32ToFloat16Bits(tensor));
			const whole = await ort.InferenceSession.create(await withExposedOutputs(modelPath, [first.onnx!.output]));
			const single = await ort.InferenceSession.create(singleConvModel(first, await model.readKernel(first), [1, 3, 224, 224]));
			try {
				const expected = tensorValues((await whole.run({ [first.onnx!.input]: floatTensor(input, 'float16', [1, 3, 224, 224]) }))[first.onnx!.output]!);
				const ours = tensorValues((await single.run({ [SINGLE_CONV_IO.input]: floatTensor(input, 'float32', [1, 3, 224, 224]) }))[SINGLE_CONV_IO.output]!);
				expect(ours.length).toBe(64 * 111 * 111);
				expect(ours.length).toBe(expected.length);
				const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
				const worst = ours.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i]!)), 0);
				// float16 keeps 11 significant bits: a few units of 2^-11 of the largest response.
				expect(worst / scale).toBeLessThan(4 * 2 ** -11);
			} finally {
				await whole.release();
				await single.release();
			}
		} finally {
			model.close();
		}
	});
});
