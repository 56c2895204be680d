/**
 * The build's whole-model step on generated CNNs: it runs only when asked, turns every way a model
 * can fail to be a classifier into a note (never a thrown error), and applies softmax only to scores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { modelConfigSchema, type ModelConfig, type ModelConfigInput } from '../../src/config/model-config.ts';
import { CLASSIFY_MAX_BYTES, classifyMemory, classifySample } from '../../src/pipeline/classification.ts';
import { isDistribution, softmax, topK } from '../../src/render/classify.ts';
import { writeCnn } from './make-cnn.ts';

const dir = mkdtempSync(join(tmpdir(), 'classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PHOTO = resolve('content/samples/chelsea.png');

function configOf(extra: Partial<ModelConfigInput>): ModelConfig {
	const base: ModelConfigInput = { ...MINIMAL_CONFIG, labels: 'imagenet-1k' };
	return { ...modelConfigSchema.parse({ ...base, ...extra }), id: 'net' };
}

/** Writes a generated CNN to `dir/name`; returns its path. */
function cnn(name: string, channels: number[], size: number): string {
	const path = join(dir, name);
	writeCnn(path, { channels, size });
	return path;
}

describe('classifyMemory', () => {
	it('asks for twice the file for a config with labels up to the size limit, and nothing otherwise', () => {
		expect(classifyMemory(configOf({}), 1000)).toBe(2000);
		expect(classifyMemory(configOf({}), CLASSIFY_MAX_BYTES)).toBe(500_000_000);
		expect(classifyMemory(configOf({}), CLASSIFY_MAX_BYTES + 1)).toBe(0);
		expect(classifyMemory(configOf({ labels: undefined }), 1000)).toBe(0);
	});
});

describe('classifySample', () => {
	it('does nothing for a config without labels', async () => {
		const config = configOf({ labels: undefined });
		expect(await classifySample(cnn('plain.onnx', [8], 32), PHOTO, config, { format: 'onnx', bytes: 1000 })).toBeNull();
	});

	it('notes instead of running a file that is not ONNX, or a model over the size limit', async () => {
		const config = configOf({});
		const notOnnx = await classifySample(join(dir, 'model.safetensors'), PHOTO, config, { format: 'safetensors', bytes: 1000 });
		expect(notOnnx).toEqual({
			labels: 'imagenet-1k',
			labelSource: expect.objectContaining({ package: '@tensorflow-models/mobilenet' }),
			photo: 'chelsea.png',
			top: [],
			softmaxApplied: false,
			note: 'Not run: model.safetensors is a safetensors checkpoint, which holds the weights but not the graph to run them.',
		});
		expect(notOnnx).toMatchObject({ top: [], note: 'Not run: model.safetensors is a safetensors checkpoint, which holds the weights but not the graph to run them.' });
		expect(await classifySample(join(dir, 'never-read.onnx'), PHOTO, config, { format: 'onnx', bytes: CLASSIFY_MAX_BYTES })).toMatchObject({ note: expect.stringMatching(/^Could not run/) });
		const vgg16 = await classifySample(join(dir, 'never-read.onnx'), PHOTO, config, { format: 'onnx', bytes: 553_433_881 });
		expect(vgg16).toMatchObject({ top: [], note: 'Not run: the model file is 553 MB, more than the 250 MB the build loads whole.' });
	});

	it('notes an input that does not match the preprocessing, and an output that is not 1000 classes', async () => {
		const small = cnn('small.onnx', [8], 32);
		const wrongSize = await classifySample(small, PHOTO, configOf({}), { format: 'onnx', bytes: 1000 });
		expect(wrongSize?.note).toBe('Could not run the whole model on the photograph: the input "image" has shape [1, 3, 32, 32], not [1, 3, 224, 224] as preprocess.size says');
		const wrongOutput = await classifySample(small, PHOTO, configOf({ preprocess: { size: [32, 32] } }), { format: 'onnx', bytes: 1000 });
		expect(wrongOutput?.note).toBe('Could not run the whole model on the photograph: the output "relu0" has 8192 values, not one per imagenet-1k class (1000)');
	});

	it('applies softmax to a model that outputs scores, and returns the five most probable classes', async () => {
		// One 3×3 convolution to 1000 channels on a 1×1 image: 1000 non-negative scores, not a distribution.
		const logits = cnn('logits.onnx', [1000], 1);
		const result = (await classifySample(logits, PHOTO, configOf({ preprocess: { size: [1, 1] } }), { format: 'onnx', bytes: 1000 }))!;
		expect(result.note).toBeNull();
		expect(result.softmaxApplied).toBe(true);
		expect(result.top).toHaveLength(5);
		const p = result.top.map((t) => t.probability);
		expect(p).toEqual([...p].sort((a, b) => b - a));
		expect(p.every((v) => v > 0 && v < 1)).toBe(true);
		expect(result.top[0]!.label).toBeTypeOf('string');
	});
});

describe('softmax, isDistribution, topK', () => {
	it('computes softmax without overflow', () => {
		expect(Array.from(softmax(Float32Array.of(0, Math.log(3))))).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.75, 6)]);
		expect(Array.from(softmax(Float32Array.of(1000, 1000)))).toEqual([0.5, 0.5]);
	});

	it('tells a probability distribution from scores', () => {
		expect(isDistribution(Float32Array.of(0.2, 0.3, 0.5))).toBe(true);
		expect(isDistribution(Float32Array.of(0.2, 0.3, 0.2))).toBe(false);
		expect(isDistribution(Float32Array.of(-0.5, 0.5, 1))).toBe(false);
		expect(isDistribution(Float32Array.of(NaN, 0.5, 0.5))).toBe(false);
	});

	it('orders the top indices by value, ties by index', () => {
		expect(topK(Float32Array.of(0.1, 0.5, 0.2, 0.5, 0), 3)).toEqual([1, 3, 2]);
	});
});
