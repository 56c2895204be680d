import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModelSource } from '../../src/config/load-configs.ts';
import { modelConfigSchema } from '../../src/config/model-config.ts';
// Through the project's onnxruntime door, as the build does: SqueezeNet's tensors are float16.
import { floatTensor, ort, tensorValues } from '../../src/render/ort.ts';

const modelsDir = resolve('models');
const configs = readdirSync(modelsDir)
	.filter((f) => f.endsWith('.json'))
	.map((f) => ({ file: f, config: { ...modelConfigSchema.parse(JSON.parse(readFileSync(join(modelsDir, f), 'utf8'))), id: f.replace(/\.json$/, '') } }));

describe('default models', () => {
	it('has SqueezeNet (featured) and the three PaddleOCR models configured', () => {
		expect(configs.map((c) => c.file).sort()).toEqual(['pp-ocrv4-det.json', 'pp-ocrv4-rec.json', 'ppocr-mobile-cls.json', 'squeezenet1-1.json']);
		expect(configs.filter((c) => c.config.featured).map((c) => c.file)).toEqual(['squeezenet1-1.json']);
	});

	describe.each(configs)('$file', ({ config }) => {
		const file = resolveModelSource(config, modelsDir);

		it('points at an ONNX file (in models/ or an installed package) that onnxruntime loads and runs', async () => {
			expect(statSync(file).size).toBeGreaterThan(100_000);
			const session = await ort.InferenceSession.create(file);
			expect(session.inputNames).toHaveLength(1);
			const meta = session.inputMetadata[0]!;
			const type = meta.isTensor && meta.type === 'float16' ? 'float16' : 'float32';
			const [h, w] = config.preprocess.size;
			const input = floatTensor(new Float32Array(3 * h * w).fill(0.1), type, [1, 3, h, w]);
			const out = await session.run({ [session.inputNames[0]!]: input });
			const first = out[session.outputNames[0]!]!;
			expect(first.dims[0]).toBe(1);
			expect(tensorValues(first).every(Number.isFinite)).toBe(true);
			await session.release();
		});
	});
});
