/**
 * Files written by real PyTorch 1.13 (and the safetensors library), committed under
 * tests/fixtures/checkpoints/ with the exact values torch itself read back (tiny-cnn.json; see
 * make_reference.py there): the readers must return exactly those values.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ModelFormatReader } from '../../../src/reader/model.ts';
import { pytorchReader } from '../../../src/reader/pytorch/index.ts';
import { safetensorsReader } from '../../../src/reader/safetensors/index.ts';
import { expectModelError, expectSameFloats } from './support.ts';

const dir = fileURLToPath(new URL('../../fixtures/checkpoints/', import.meta.url));
const reference = JSON.parse(readFileSync(`${dir}tiny-cnn.json`, 'utf8')) as { torch: string; tensors: { name: string; dtype: string; shape: number[]; values: number[] }[] };
const byName = new Map(reference.tensors.map((t) => [t.name, t]));
/** The conv weights in torch's state-dict order: what a reader of the torch file must list. */
const convs = reference.tensors.filter((t) => t.name.endsWith('.weight') && t.shape.length >= 3);

const files: [string, ModelFormatReader, string[]][] = [
	['tiny-cnn.pt', pytorchReader, convs.map((t) => t.name)],
	// The safetensors library writes tensors grouped by dtype (widest first), then by name.
	['tiny-cnn.safetensors', safetensorsReader, ['temporal.weight', 'stem.0.weight', 'conv3.weight', 'conv2.weight', 'qconv.weight']],
	['tiny-cnn-training.pt', pytorchReader, convs.map((t) => t.name)],
];

describe.each(files)('%s', (file, reader, order) => {
	it(`lists the convolutions in file order with torch's dtypes, biases and batch norms`, async () => {
		const model = await reader.open(dir + file);
		try {
			expect(model.layers.map((l) => l.weight)).toEqual(order);
			for (const layer of model.layers) {
				const t = byName.get(layer.weight)!;
				expect(layer.weightShape).toEqual(t.shape);
				expect(layer.dtype).toBe(t.dtype);
				expect(layer.bias).toBe(byName.has(`${layer.module}.bias`));
			}
			const norms = Object.fromEntries(model.layers.map((l) => [l.name, l.followedByBatchNorm]));
			expect(norms).toEqual({ 'stem.0': true, conv2: true, conv3: false, temporal: false, qconv: false });
			expect(model.layers.find((l) => l.name === 'stem.0')!.note).toBe('batch norm stem.1 follows; these are raw, unfolded weights');
		} finally {
			model.close();
		}
	});

	it('returns exactly the values torch read back (float16, bfloat16, float64, int8 included)', async () => {
		const model = await reader.open(dir + file);
		try {
			for (const layer of model.layers) {
				const kernel = await model.readKernel(layer);
				expect(kernel.dims).toEqual(byName.get(layer.weight)!.shape);
				expectSameFloats(kernel.data, byName.get(layer.weight)!.values.map(Math.fround), layer.weight);
				const bias = byName.get(`${layer.module}.bias`);
				if (bias) expectSameFloats(kernel.bias, bias.values.map(Math.fround), `${layer.module}.bias`);
				else expect(kernel.bias).toBeNull();
			}
		} finally {
			model.close();
		}
	});
});

it('the reference was made by real torch', () => {
	expect(reference.torch).toMatch(/^1\.13/);
	expect(convs.map((t) => t.dtype)).toEqual(['float32', 'float16', 'bfloat16', 'float64', 'int8']);
});

it("refuses torch's legacy (pre-1.6) format", async () => {
	await expectModelError(pytorchReader, `${dir}tiny-cnn-legacy.pt`, /legacy torch.save format/);
});

it("refuses torch's non-contiguous view (a transposed kernel) when it is read", async () => {
	const model = await pytorchReader.open(`${dir}tiny-cnn-view.pt`);
	try {
		expect(model.layers.map((l) => l.name)).toEqual(['conv']);
		await expect(model.readKernel(0)).rejects.toThrow(/tensor "conv.weight" is a non-contiguous view \(sizes \[8,3,3,3\], strides \[27,9,1,3\]\)/);
	} finally {
		model.close();
	}
});
