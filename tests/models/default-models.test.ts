import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFileNames, resolveModelSource } from '../../src/config/load-configs.ts';
import { modelConfigSchema } from '../../src/config/model-config.ts';
// Through the project's onnxruntime door, as the build does: SqueezeNet's tensors are float16.
import { floatTensor, ort, tensorValues } from '../../src/render/ort.ts';

const modelsDir = resolve('models');
const configs = configFileNames(modelsDir)
	.map((f) => ({ file: f, config: { ...modelConfigSchema.parse(JSON.parse(readFileSync(join(modelsDir, f), 'utf8'))), id: f.replace(/\.json$/, '') } }));

describe('default models', () => {
	it('has SqueezeNet, the three PaddleOCR models and resnet18d from the Hub, ranked resnet18d then SqueezeNet', () => {
		expect(configs.map((c) => c.file).sort()).toEqual(['pp-ocrv4-det.json', 'pp-ocrv4-rec.json', 'ppocr-mobile-cls.json', 'resnet18d.json', 'squeezenet1-1.json']);
		const ranked = configs.filter((c) => c.config.featured !== null).sort((a, b) => a.config.featured! - b.config.featured!);
		expect(ranked.map((c) => [c.file, c.config.featured])).toEqual([['resnet18d.json', 1], ['squeezenet1-1.json', 2]]);
	});

	it('gets resnet18d from the Hub as an optional first choice, with timm\'s preprocessing', () => {
		const resnet = configs.find((c) => c.file === 'resnet18d.json')!.config;
		expect(resnet).toMatchObject({ source: 'hf:timm/resnet18d.ra2_in1k/model.safetensors', optional: true, featured: 1, license: 'Apache-2.0' });
		expect(resnet.preprocess).toEqual({ size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], interpolation: 'bicubic', cropPct: 0.875 });
	});

	describe.each(configs.filter((c) => !c.config.source.startsWith('hf:')))('$file', ({ config }) => {
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
