/**
 * classifyPhoto on small models written byte by byte with the test-model builder: which inputs it
 * accepts and refuses, and the top classes of a model whose scores are known by hand (a Conv that
 * sums the photograph's channels into two chosen classes), with and without a final Softmax.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifyError, classifyPhoto, isDistribution, softmax, topK } from '../../src/render/classify.ts';
import type { Preprocess } from '../../src/render/photo.ts';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { buildModel, type ModelSpec } from '../fixtures/onnx-builder.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-classify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const photo = join(root, 'orange.png');
// A 2 × 2 photograph of one colour: R 200, G 100, B 50.
beforeAll(async () => {
	await sharp(Buffer.from(Array.from({ length: 4 }, () => [200, 100, 50]).flat()), { raw: { width: 2, height: 2, channels: 3 } }).png().toFile(photo);
});
const preprocess: Preprocess = { size: [2, 2], colorOrder: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };

function write(name: string, spec: ModelSpec): string {
	const file = join(root, `${name}.onnx`);
	writeFileSync(file, buildModel(spec).bytes);
	return file;
}

/** Conv weight [1000, 3, 2, 2]: class 281 sums every input value, class 5 half of them; the rest score 0. */
function scorer(): Float32Array {
	const w = new Float32Array(1000 * 12);
	w.fill(1, 281 * 12, 282 * 12);
	w.fill(0.5, 5 * 12, 6 * 12);
	return w;
}
function classifier(name: string, options: { inputType?: number; inputDims?: (number | string)[]; softmax?: boolean } = {}): string {
	const input = { name: 'image', dtype: options.inputType ?? DTYPE.float, dims: options.inputDims ?? [1, 3, 2, 2] };
	const nodes: ModelSpec['nodes'] = [];
	let x = 'image';
	if (input.dtype !== DTYPE.float) {
		nodes.push({ op: 'Cast', inputs: ['image'], outputs: ['x'], attrs: { to: DTYPE.float } });
		x = 'x';
	}
	nodes.push({ op: 'Conv', inputs: [x, 'w'], outputs: [options.softmax ? 'scores' : 'out'] });
	if (options.softmax) nodes.push({ op: 'Softmax', inputs: ['scores'], outputs: ['out'], attrs: { axis: 1 } });
	return write(name, {
		inputs: [input],
		outputs: [{ name: 'out', dtype: DTYPE.float, dims: [1, 1000, 1, 1] }],
		initializers: [{ name: 'w', dtype: DTYPE.float, dims: [1000, 3, 2, 2], data: scorer() }],
		nodes,
	});
}

// Each pixel's channels sum to (200 + 100 + 50) / 255; four pixels.
const top = (4 * 350) / 255;

describe('classifyPhoto', () => {
	it('applies softmax to raw scores and ranks the classes, ties by lower index', async () => {
		const result = await classifyPhoto(classifier('logits'), photo, preprocess, 'imagenet-1k', 4);
		expect(result.softmaxApplied).toBe(true);
		expect(result.output).toBe('out');
		// softmax: e^s / Σ e^s over 1000 scores, 998 of which are 0.
		const total = Math.exp(top) + Math.exp(top / 2) + 998;
		expect(result.top.map((p) => p.index)).toEqual([281, 5, 0, 1]);
		expect(result.top[0]!.label).toBe('tabby, tabby cat');
		expect(result.top[0]!.probability).toBeCloseTo(Math.exp(top) / total, 6);
		expect(result.top[1]!.probability).toBeCloseTo(Math.exp(top / 2) / total, 6);
		expect(result.top[2]!.probability).toBeCloseTo(1 / total, 6);
	});

	it('reads a softmax output as probabilities as they are', async () => {
		const result = await classifyPhoto(classifier('softmax', { softmax: true }), photo, preprocess, 'imagenet-1k', 2);
		expect(result.softmaxApplied).toBe(false);
		const total = Math.exp(top) + Math.exp(top / 2) + 998;
		expect(result.top.map((p) => p.index)).toEqual([281, 5]);
		expect(result.top[0]!.probability).toBeCloseTo(Math.exp(top) / total, 6);
	});

	it('feeds a float16 input and accepts a named batch dimension', async () => {
		const result = await classifyPhoto(classifier('half', { inputType: DTYPE.float16, inputDims: ['batch', 3, 2, 2] }), photo, preprocess, 'imagenet-1k', 1);
		expect(result.top[0]!.index).toBe(281);
	});

	it('refuses a model with two inputs, naming them', async () => {
		const file = write('two-inputs', {
			inputs: [{ name: 'a', dtype: DTYPE.float, dims: [1, 3, 2, 2] }, { name: 'b', dtype: DTYPE.float, dims: [1, 3, 2, 2] }],
			outputs: [{ name: 'out', dtype: DTYPE.float, dims: [1, 3, 2, 2] }],
			nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['out'] }],
		});
		await expect(classifyPhoto(file, photo, preprocess, 'imagenet-1k')).rejects.toThrow(new ClassifyError('the model has 2 inputs (a, b); only a single image input can be fed'));
	});

	it('refuses an integer input', async () => {
		const file = classifier('int-input', { inputType: DTYPE.int64 });
		const error = await classifyPhoto(file, photo, preprocess, 'imagenet-1k').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ClassifyError);
		expect((error as Error).name).toBe('ClassifyError');
		expect((error as Error).message).toBe('the input "image" is int64, not float32 or float16');
	});

	it.each([
		{ dims: [1, 3, 4, 4], shown: '1, 3, 4, 4' },
		{ dims: [3, 2, 2], shown: '3, 2, 2' },
	])('refuses an input of shape [$shown] for a 2 × 2 preprocess size', async ({ dims, shown }) => {
		const file = write(`shape-${dims.join('x')}`, {
			inputs: [{ name: 'image', dtype: DTYPE.float, dims }],
			outputs: [{ name: 'out', dtype: DTYPE.float, dims }],
			nodes: [{ op: 'Relu', inputs: ['image'], outputs: ['out'] }],
		});
		await expect(classifyPhoto(file, photo, preprocess, 'imagenet-1k')).rejects.toThrow(`the input "image" has shape [${shown}], not [1, 3, 2, 2] as preprocess.size says`);
	});
});

describe('classifyPhoto outputs', () => {
	it('refuses an output that is not one value per class of the label set', async () => {
		const file = write('ten-classes', {
			inputs: [{ name: 'image', dtype: DTYPE.float, dims: [1, 3, 2, 2] }],
			outputs: [{ name: 'logits', dtype: DTYPE.float, dims: [1, 10, 1, 1] }],
			initializers: [{ name: 'w', dtype: DTYPE.float, dims: [10, 3, 2, 2], data: new Float32Array(120) }],
			nodes: [{ op: 'Conv', inputs: ['image', 'w'], outputs: ['logits'] }],
		});
		await expect(classifyPhoto(file, photo, preprocess, 'imagenet-1k')).rejects.toThrow(new ClassifyError('the output "logits" has 10 values, not one per imagenet-1k class (1000)'));
	});
});

describe('softmax', () => {
	it('gives e^s / Σ e^s without overflowing on large scores', () => {
		// e^1000 overflows a double; shifted by the maximum it is e^0 / (e^0 + e^−1 + e^−2).
		const p = softmax(new Float32Array([1000, 999, 998]));
		const total = 1 + Math.exp(-1) + Math.exp(-2);
		expect(p[0]).toBeCloseTo(1 / total, 6);
		expect(p[1]).toBeCloseTo(Math.exp(-1) / total, 6);
		expect(p[2]).toBeCloseTo(Math.exp(-2) / total, 6);
		const q = softmax(new Float32Array([-3, 0]));
		expect(q[1]).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
	});
});

describe('isDistribution and topK', () => {
	it('takes values in 0–1 summing to 1 within 0.01 as a distribution, including a one-hot 1', () => {
		expect(isDistribution(new Float32Array([1, 0, 0]))).toBe(true);
		expect(isDistribution(new Float32Array([0.5, 0.495]))).toBe(true);
		expect(isDistribution(new Float32Array([1.005, 0]))).toBe(false);
		expect(isDistribution(new Float32Array([0.5, 0.48]))).toBe(false);
		expect(isDistribution(new Float32Array([1.5, -0.5]))).toBe(false);
	});

	it('puts equal values in index order', () => {
		expect(topK(new Float32Array([0.1, 0.3, 0.1, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), 12)).toEqual([1, 3, 0, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
	});
});
