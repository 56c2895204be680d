import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { loadModelConfigs, parseModelConfig, resolveModelSource } from '../../src/config/load-configs.ts';
import { MINIMAL_CONFIG } from './minimal-config.ts';

const valid = MINIMAL_CONFIG;

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
		['a missing field', { ...valid, license: undefined }, 'models/x.json: field "license": missing; expected a text. See "Add your model"'],
		['a wrong type deep inside', { ...valid, preprocess: { mean: [0.5, 0.5] } }, 'models/x.json: field "preprocess.mean": expected a list of three numbers, got a list [0.5,0.5]'],
		['a size written as text', { ...valid, preprocess: { size: '224' } }, 'models/x.json: field "preprocess.size": expected a list of two whole numbers, got "224"'],
		['a side too large', { ...valid, preprocess: { size: [224, 4096] } }, 'models/x.json: field "preprocess.size[1]": expected a whole number at most 2048, got 4096'],
		['an unknown colour order', { ...valid, preprocess: { colorOrder: 'RGBA' } }, 'models/x.json: field "preprocess.colorOrder": expected one of "RGB", "BGR", got "RGBA"'],
		['an empty text', { ...valid, author: '' }, 'models/x.json: field "author": must not be empty'],
		['a fraction for a count', { ...valid, limits: { maxLayers: 1.5 } }, 'models/x.json: field "limits.maxLayers": expected a whole number, got 1.5'],
		['an unknown field', { ...valid, titel: 'typo' }, 'models/x.json: unknown field "titel"'],
		['an unknown field inside preprocess', { ...valid, preprocess: { colour: 'RGB' } }, 'models/x.json: unknown field "colour" in "preprocess"'],
		['an unknown field inside limits', { ...valid, limits: { galleryLayer: 2 } }, 'models/x.json: unknown field "galleryLayer" (did you mean "galleryLayers"?) in "limits"'],
		// Misspelt required keys are missing too: the unknown key is what to fix, with the name it should have.
		['a misspelt required field', { ...valid, license: undefined, licence: 'MIT' }, 'models/x.json: unknown field "licence" (did you mean "license"?). See "Add your model"'],
		['misspelt fields', { ...valid, sourceUrl: undefined, sourceURL: 'https://example.org', titel: 'x' }, 'models/x.json: unknown fields "sourceURL" (did you mean "sourceUrl"?), "titel" (did you mean "title"?).'],
		['a misspelt field inside preprocess', { ...valid, preprocess: { colourOrder: 'BGR' } }, 'models/x.json: unknown field "colourOrder" (did you mean "colorOrder"?) in "preprocess"'],
		// The edit distance counts every letter, the last one too: "sourceUr" is one letter from "sourceUrl", two from "source".
		['a field missing its last letter', { ...valid, sourceUrl: undefined, sourceUr: 'https://example.org' }, 'models/x.json: unknown field "sourceUr" (did you mean "sourceUrl"?). See "Add your model"'],
		['two letters swapped', { ...valid, task: undefined, atsk: 'x' }, 'models/x.json: unknown field "atsk" (did you mean "task"?). See "Add your model"'],
		['a bad URL', { ...valid, sourceUrl: 'not a url' }, 'models/x.json: field "sourceUrl": expected an http:// or https:// URL, got "not a url"'],
		['a zero std', { ...valid, preprocess: { std: [1, 0, 1] } }, 'models/x.json: field "preprocess.std": expected three values above 0, got a list [1,0,1]'],
		['a list instead of an object', [], 'models/x.json: the config: expected a JSON object of fields, got a list []'],
	])('rejects %s with the file and the field', (_, data, expected) => {
		expect(() => parseModelConfig('models/x.json', JSON.stringify(data))).toThrow(expected);
	});

	it('a misspelt key stands in for a missing field only: a field that is there but wrong is still reported', () => {
		expect(catchError(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, license: 5, licence: 'MIT' }))).lines).toEqual([
			'models/x.json: unknown field "licence" (did you mean "license"?)',
			'models/x.json: field "license": expected a text, got 5. See "Add your model" in README.md for every field',
		]);
	});

	it('says each problem once: an empty list for a text is one problem', () => {
		expect(catchError(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, title: { ja: 'テスト', en: [] }, author: [] }))).lines).toEqual([
			'models/x.json: field "title.en": expected a text, got a list []',
			'models/x.json: field "author": expected a text, got a list []. See "Add your model" in README.md for every field',
		]);
	});

	it('a misspelling as near to two names suggests the first of them in the schema\'s order', () => {
		// "jn" is one letter from "ja" and one from "en"; title lists ja first.
		expect(catchError(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, title: { en: 'Test', jn: 'テスト' } }))).lines).toEqual([
			'models/x.json: unknown field "jn" (did you mean "ja"?) in "title". See "Add your model" in README.md for every field',
		]);
	});

	it('reports every problem of a config, one line each naming the file, the hint on the last', () => {
		const data = { ...valid, license: undefined, licence: 'MIT', sourceUrl: 'ftp://example.org', preprocess: { size: '224', colorOrder: 'RGBA' }, featured: 0 };
		const error = catchError(() => parseModelConfig('models/x.json', JSON.stringify(data)));
		expect(error.lines).toEqual([
			'models/x.json: unknown field "licence" (did you mean "license"?)',
			'models/x.json: field "sourceUrl": expected an http:// or https:// URL, got "ftp://example.org"',
			'models/x.json: field "preprocess.size": expected a list of two whole numbers, got "224"',
			'models/x.json: field "preprocess.colorOrder": expected one of "RGB", "BGR", got "RGBA"',
			'models/x.json: field "featured": expected a rank (1 = first choice, 2 = next, …) or true, got 0. See "Add your model" in README.md for every field',
		]);
		expect(error.message).toBe(error.lines.join('\n'));
	});

	it('reports three problems in three places as three lines', () => {
		const data = { ...valid, title: { ja: 'テスト' }, paper: { citation: 'A. Author, 2024', url: 'javascript:alert(1)' }, limits: { galleryLayers: 0 } };
		const error = catchError(() => parseModelConfig('models/x.json', JSON.stringify(data)));
		expect(error.lines.map((l) => l.replace(/\. See .*/, ''))).toEqual([
			'models/x.json: field "title.en": missing; expected a text',
			'models/x.json: field "limits.galleryLayers": expected a whole number at least 1, got 0',
			'models/x.json: field "paper.url": expected an http:// or https:// URL, got "javascript:alert(1)"',
		]);
	});

	it('shortens a long value and keeps control characters escaped', () => {
		const error = catchError(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, task: 7, author: `\u001b[2J${'x'.repeat(200)}` })));
		expect(error.lines).toHaveLength(1);
		expect(error.lines[0]).toMatch(/^models\/x\.json: field "task": expected a text, got 7\. See/);
		// 57 characters of JSON: the quote, the six of the escape, "[2J" and 47 x.
		const long = catchError(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, optional: `\u001b[2J${'x'.repeat(200)}` })));
		expect(long.lines[0]).toBe(`models/x.json: field "optional": expected true or false, got "\\u001b[2J${'x'.repeat(47)}…. See "Add your model" in README.md for every field`);
	});

	// A shown value keeps its first 57 characters and an ellipsis.
	it('shows a value nested 100,000 lists deep without running out of stack', () => {
		const text = JSON.stringify({ ...valid, featured: 0 }).replace('"featured":0', `"featured":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
		const error = catchError(() => parseModelConfig('models/x.json', text));
		expect(error.lines).toEqual([`models/x.json: field "featured": expected a rank (1 = first choice, 2 = next, …) or true, got a list ${'['.repeat(57)}…. See "Add your model" in README.md for every field`]);
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

	it('reports the problems of every bad config together, file by file', () => {
		const dir = mkdtempSync(join(tmpdir(), 'atlas-configs-'));
		writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...valid, author: 1 }));
		writeFileSync(join(dir, 'b.json'), JSON.stringify(valid));
		writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...valid, task: undefined, preprocess: { size: [0, 224] } }));
		const error = (() => {
			try {
				loadModelConfigs(dir);
			} catch (e) {
				return e as { lines: string[] };
			}
			throw new Error('expected the configs to be refused');
		})();
		expect(error.lines.map((l) => l.replace(dir, 'DIR').replace(/\. See .*/, ''))).toEqual([
			'DIR/a.json: field "author": expected a text, got 1',
			'DIR/c.json: field "task": missing; expected a text',
			'DIR/c.json: field "preprocess.size[0]": expected a whole number above 0, got 0',
		]);
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

function catchError(run: () => unknown): ConfigError {
	try {
		run();
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}
	throw new Error('expected a ConfigError');
}
