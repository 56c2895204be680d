/**
 * The edges of the config rules that mutation testing found unguarded: anchored patterns (a model id, a
 * SHA-256, an http(s) URL, the placeholders of `kernel-atlas add`), where a local source may live, and how
 * paths are shown. Expected values come from the rules as README.md states them ("Add your model").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayPath, loadModelConfigs, parseModelConfig, resolveModelSource } from '../../src/config/load-configs.ts';
import { isPlaceholder, placeholder, placeholderFields, PLACEHOLDER_URL } from '../../src/config/placeholders.ts';
import { MINIMAL_CONFIG } from './minimal-config.ts';

const valid = MINIMAL_CONFIG;
const parse = (data: unknown, file = 'models/x.json') => () => parseModelConfig(file, JSON.stringify(data));

describe('model ids and JSON', () => {
	it.each(['net_v2', 'net.v2', 'Net', '-net', 'net.json.v2'])('models/%s.json is refused: lowercase letters, digits and dashes only', (id) => {
		expect(parse(valid, `models/${id}.json`)).toThrow(`models/${id}.json: "${id}" is not a valid model id. Rename the file to lowercase letters, digits and dashes, e.g. models/my-net.json`);
	});

	it('text that is not JSON names the file and says to fix the syntax', () => {
		expect(() => parseModelConfig('models/x.json', '{"title": ')).toThrow(/^models\/x\.json: is not valid JSON \(.+\)\. Fix the JSON syntax$/);
	});
});

describe('anchored field patterns', () => {
	const hex = 'ab'.repeat(32);
	it('sha256: exactly 64 hex digits, stored in lowercase', () => {
		expect(parseModelConfig('models/x.json', JSON.stringify({ ...valid, sha256: hex.toUpperCase() })).sha256).toBe(hex);
		for (const sha256 of [`x${hex}`, `${hex}0`, hex.slice(1)]) expect(parse({ ...valid, sha256 })).toThrow(/field "sha256": expected 64 hexadecimal digits/);
	});

	it.each(['xhttps://example.org/', 'httpsx://example.org/', 'ftp://example.org/', 'javascript:alert(1)'])('sourceUrl %s is refused: http(s) only', (sourceUrl) => {
		expect(parse({ ...valid, sourceUrl })).toThrow('models/x.json: field "sourceUrl": expected an http:// or https:// URL');
	});

	it('http and https URLs pass, in sourceUrl and paper.url', () => {
		const config = parseModelConfig('models/x.json', JSON.stringify({ ...valid, sourceUrl: 'http://example.org/', paper: { citation: 'A. B., 2020', url: 'https://arxiv.org/abs/1' } }));
		expect([config.sourceUrl, config.paper?.url]).toEqual(['http://example.org/', 'https://arxiv.org/abs/1']);
	});

	it.each(['bilinear', 'bicubic', 'nearest'])('interpolation %s is one of the three', (interpolation) => {
		expect(parseModelConfig('models/x.json', JSON.stringify({ ...valid, preprocess: { interpolation } })).preprocess.interpolation).toBe(interpolation);
	});
});

describe('a source that does not parse', () => {
	const SEE = '. See "Add your model" in README.md for every field';
	it.each(['hf:acme/net', 'HF:acme/net'])('%s: what is wrong, then the form every hf: source has', (source) => {
		expect(parse({ ...valid, source })).toThrow(
			`models/x.json: field "source": "${source}" names a repository but no file in it; write hf:OWNER/REPO/PATH/IN/REPO[@REVISION], e.g. hf:timm/resnet18d.ra2_in1k/model.safetensors${SEE}`,
		);
	});

	it('a URL with hf: inside it is no Hub source: no hf: form in its message', () => {
		expect(parse({ ...valid, source: 'ftp://example.org/hf:net.onnx' })).toThrow(`models/x.json: field "source": "ftp://example.org/hf:net.onnx" is not an https:// URL${SEE}`);
	});
});

describe('placeholders', () => {
	it('add writes TODO: and a .invalid URL, and both are recognised', () => {
		expect(placeholder('the licence')).toBe('TODO: the licence');
		expect(isPlaceholder(placeholder('anything'))).toBe(true);
		expect(isPlaceholder(PLACEHOLDER_URL)).toBe(true);
		expect(new URL(PLACEHOLDER_URL).hostname.endsWith('.invalid')).toBe(true);
	});

	it.each([
		['a placeholder phrase inside real text', 'Net (write a description) for faces', false],
		['the Japanese one inside real text', 'ネット（説明を書いてください）の改良版', false],
		['an old placeholder URL quoted in text', 'see https://example.org/fill-in-the-source', false],
		['a URL quoted in text', 'see https://todo.invalid/', false],
		['.invalid as a whole host', 'https://invalid/x', true],
		['.invalid over plain http', 'http://todo.invalid/x', true],
		['"invalid" that is not the top-level domain', 'https://invalid.example.org/', false],
		['a host ending in "invalid" without the dot', 'https://notinvalid/', false],
		['a URL that does not parse', 'https://[todo.invalid/', false],
		['an .invalid host under a scheme that is not http(s)', 'git+https://todo.invalid/net', false],
	])('%s: %s → %s', (_, text, expected) => {
		expect(isPlaceholder(text)).toBe(expected);
	});

	it('finds placeholders inside arrays by index, and ignores numbers and nulls', () => {
		expect(placeholderFields({ a: ['fine', 'TODO: x'], b: null, c: 3, d: { e: [{ f: 'TODO: y' }] } })).toEqual(['a[1]', 'd.e[0].f']);
	});
});

describe('where a local source may be', () => {
	const project = mkdtempSync(join(tmpdir(), 'atlas-config-'));
	const models = join(project, 'models');
	afterAll(() => rmSync(project, { recursive: true, force: true }));
	mkdirSync(join(project, 'node_modules', 'pkg', 'dir.onnx'), { recursive: true });
	mkdirSync(models);
	writeFileSync(join(project, 'node_modules', 'pkg', 'net.onnx'), 'x');
	const config = (source: string) => ({ ...parseModelConfig('models/m.json', JSON.stringify(valid)), source });

	it('a file inside an installed package', () => {
		expect(resolveModelSource(config('pkg/net.onnx'), models, project)).toBe(join(project, 'node_modules', 'pkg', 'net.onnx'));
	});

	it('not a folder of that name', () => {
		expect(() => resolveModelSource(config('pkg/dir.onnx'), models, project)).toThrow(`${join(models, 'm.json')}: field "source": no file "pkg/dir.onnx" in models/ or in node_modules. Put the .onnx file in models/, or run npm install if it comes from a package`);
	});

	it('not an absolute path, nor a path out of models/', () => {
		expect(() => resolveModelSource(config(join(project, 'node_modules', 'pkg', 'net.onnx')), models, project)).toThrow(/field "source": ".*net\.onnx" is an absolute path\. Use a path relative to models\/ or an npm package path$/);
		expect(() => resolveModelSource(config('../node_modules/pkg/net.onnx'), models, project)).toThrow(/field "source": "\.\.\/node_modules\/pkg\/net\.onnx" points outside models\/\. Copy the model into models\/ and give its name$/);
	});

	it('a missing models folder is named', () => {
		expect(() => loadModelConfigs(join(project, 'nowhere'))).toThrow(/nowhere: folder not found\. Create it and add a model config \(see README\.md, "Add your model"\)$/);
	});

	it('a failure that is not a config problem (a folder named a.json) is thrown as it is, not gathered with the others', () => {
		const dir = join(project, 'odd');
		mkdirSync(join(dir, 'a.json'), { recursive: true });
		writeFileSync(join(dir, 'b.json'), '{ not json');
		expect(() => loadModelConfigs(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
	});

	it('one bad config is thrown as its own ConfigError, naming its file', () => {
		const dir = join(project, 'one-bad');
		mkdirSync(dir);
		writeFileSync(join(dir, 'a.json'), JSON.stringify(valid));
		writeFileSync(join(dir, 'b.json'), '{ not json');
		expect(() => loadModelConfigs(dir)).toThrow(expect.objectContaining({ name: 'ConfigError', file: join(dir, 'b.json') }));
	});

	it('configs come sorted by id, whatever order the folder lists them in', () => {
		const dir = join(project, 'many');
		mkdirSync(dir);
		const ids = ['q', 'c', 'x', 'a', 'm', 'z', 'b', 'k'];
		for (const id of ids) writeFileSync(join(dir, `${id}.json`), JSON.stringify(valid));
		expect(loadModelConfigs(dir).map((c) => c.id)).toEqual([...ids].sort());
	});
});

describe('displayPath', () => {
	it('relative inside the working directory, absolute outside it, and the directory itself as given', () => {
		expect(displayPath(resolve('models', 'x.json'))).toBe(join('models', 'x.json'));
		expect(displayPath('/elsewhere/x.json')).toBe('/elsewhere/x.json');
		expect(displayPath(resolve('..', 'x.json'))).toBe(resolve('..', 'x.json'));
		expect(displayPath(process.cwd())).toBe(process.cwd());
	});
});
