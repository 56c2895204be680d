import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelConfigs, parseModelConfig, resolveModelSource } from '../../src/config/load-configs.ts';

const valid = {
	title: { ja: 'テスト', en: 'Test' },
	description: { ja: '説明', en: 'About' },
	source: 'net.onnx',
	license: 'MIT',
	sourceUrl: 'https://example.org/net',
	author: 'Someone',
	task: 'image-classification',
};

describe('parseModelConfig', () => {
	it('fills defaults and takes the id from the file name', () => {
		const config = parseModelConfig('models/my-net.json', JSON.stringify(valid));
		expect(config.id).toBe('my-net');
		expect(config.preprocess).toEqual({ size: [224, 224], colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
		expect(config.featured).toBeNull();
		expect(config.optional).toBe(false);
		expect(config.limits.galleryLayers).toBe(1);
	});

	it.each([
		['a missing field', { ...valid, license: undefined }, 'models/x.json: field "license": expected string, received undefined. See "Add your model"'],
		['a wrong type deep inside', { ...valid, preprocess: { mean: [0.5, 0.5] } }, 'models/x.json: field "preprocess.mean"'],
		['an unknown colour order', { ...valid, preprocess: { colorOrder: 'RGBA' } }, 'models/x.json: field "preprocess.colorOrder"'],
		['an unknown field', { ...valid, titel: 'typo' }, 'models/x.json: unknown field "titel"'],
		['an unknown field inside preprocess', { ...valid, preprocess: { colour: 'RGB' } }, 'models/x.json: unknown field "colour" in "preprocess"'],
		['an unknown field inside limits', { ...valid, limits: { galleryLayer: 2 } }, 'models/x.json: unknown field "galleryLayer" (did you mean "galleryLayers"?) in "limits"'],
		// Misspelt required keys are missing too: the unknown key is what to fix, with the name it should have.
		['a misspelt required field', { ...valid, license: undefined, licence: 'MIT' }, 'models/x.json: unknown field "licence" (did you mean "license"?). See "Add your model"'],
		['misspelt fields', { ...valid, sourceUrl: undefined, sourceURL: 'https://example.org', titel: 'x' }, 'models/x.json: unknown fields "sourceURL" (did you mean "sourceUrl"?), "titel" (did you mean "title"?).'],
		['a misspelt field inside preprocess', { ...valid, preprocess: { colourOrder: 'BGR' } }, 'models/x.json: unknown field "colourOrder" (did you mean "colorOrder"?) in "preprocess"'],
		['a bad URL', { ...valid, sourceUrl: 'not a url' }, 'models/x.json: field "sourceUrl"'],
		['a zero std', { ...valid, preprocess: { std: [1, 0, 1] } }, 'models/x.json: field "preprocess.std": every std value must be > 0'],
	])('rejects %s with the file and the field', (_, data, expected) => {
		expect(() => parseModelConfig('models/x.json', JSON.stringify(data))).toThrow(expected);
	});

	it('rejects invalid JSON and a bad file name', () => {
		expect(() => parseModelConfig('models/x.json', '{ "title": ')).toThrow(/^models\/x\.json: is not valid JSON/);
		expect(() => parseModelConfig('models/My Net.json', JSON.stringify(valid))).toThrow('"My Net" is not a valid model id');
	});
});

describe('loadModelConfigs and resolveModelSource', () => {
	it('loads the repository models and finds the local ones in models/ or the npm package', () => {
		const configs = loadModelConfigs('models');
		expect(configs.map((c) => c.id)).toEqual(expect.arrayContaining(['pp-ocrv4-det', 'pp-ocrv4-rec', 'ppocr-mobile-cls', 'resnet18d', 'squeezenet1-1']));
		for (const c of configs.filter((c) => c.source.startsWith('@gutenye/'))) expect(resolveModelSource(c, 'models')).toMatch(/node_modules\/@gutenye\/ocr-models\/assets\/.*\.onnx$/);
		expect(resolveModelSource(configs.find((c) => c.id === 'squeezenet1-1')!, 'models')).toBe(resolve('models/squeezenet1.1-imagenet-fp16.onnx'));
	});

	it('takes featured ranks but refuses a rank twice (true is rank 1); ignores the lock file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-models-'));
		writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...valid, featured: 2 }));
		writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...valid, featured: 1 }));
		writeFileSync(join(dir, 'models.lock.json'), JSON.stringify({ lockfileVersion: 1, downloads: [] }));
		expect(loadModelConfigs(dir).map((c) => [c.id, c.featured])).toEqual([['a', 2], ['b', 1]]);
		writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...valid, featured: true }));
		expect(() => loadModelConfigs(dir)).toThrow(`${join(dir, 'c.json')}: field "featured": rank 1 is already given to b. Give each featured model its own rank (1 = first choice, 2 = next, …), or remove "featured" from all but one`);
	});

	it('refuses a config that still holds the placeholders kernel-atlas add writes (or wrote), naming the file and the fields', () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-models-'));
		writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...valid, license: 'TODO: the licence of the weights' }));
		expect(() => loadModelConfigs(dir)).toThrow(`${join(dir, 'a.json')}: field "license" still holds the placeholder kernel-atlas add wrote. Write the real values (the site would publish them as they are); see "Add your model" in README.md`);
		// What the scaffold wrote before placeholders were refused: the issue's own example.
		writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...valid, license: 'UNKNOWN (fill in the licence of the weights)', sourceUrl: 'https://example.org/fill-in-the-source' }));
		expect(() => loadModelConfigs(dir)).toThrow('a.json: fields "license", "sourceUrl" still hold the placeholders kernel-atlas add wrote.');
		// The CLI may read such a config (render --config): only the site refuses it.
		expect(parseModelConfig('a.json', JSON.stringify({ ...valid, license: 'TODO: x' })).license).toBe('TODO: x');
	});

	it('refuses sources outside models/ and missing files', () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-models-'));
		mkdirSync(dir, { recursive: true });
		const config = parseModelConfig('a.json', JSON.stringify({ ...valid, source: '../etc/passwd' }));
		expect(() => resolveModelSource(config, dir)).toThrow('points outside models/');
		const missing = parseModelConfig('a.json', JSON.stringify(valid));
		expect(() => resolveModelSource(missing, dir)).toThrow('no file "net.onnx" in models/ or in node_modules');
	});
});
