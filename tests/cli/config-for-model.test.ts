/** Which config a CLI command finds for a model file: by local path, npm package path, or download. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configForModel } from '../../src/cli/config-for-model.ts';
import { downloadDir, hubSettings, parseModelSource } from '../../src/fetch/index.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-config-for-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const models = join(root, 'models');
mkdirSync(models);
const base = { title: { ja: 'a', en: 'a' }, description: { ja: 'a', en: 'a' }, license: 'MIT', sourceUrl: 'https://example.org/a', author: 'a', task: 'x' };
const write = (id: string, source: string, extra: object = {}) => writeFileSync(join(models, `${id}.json`), JSON.stringify({ ...base, source, ...extra }));

describe('configForModel', () => {
	it('finds the config whose source is the file: in models/, or downloaded into the build cache', async () => {
		writeFileSync(join(models, 'net.onnx'), 'x');
		write('local', 'net.onnx', { preprocess: { colorOrder: 'BGR' } });
		const hub = 'hf:acme/net/model.safetensors';
		const dir = downloadDir(join(root, '.atlas-cache', 'downloads'), parseModelSource(hub) as Parameters<typeof downloadDir>[1], hubSettings().endpoint);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'model.safetensors'), 'x');
		write('hub', hub);
		writeFileSync(join(models, 'broken.json'), '{ not json'); // another model's broken config does not matter
		expect(await configForModel(join(models, 'net.onnx'), { root, modelsDir: models })).toMatchObject({ given: false, config: { id: 'local', preprocess: { colorOrder: 'BGR' } } });
		expect((await configForModel(join(dir, 'model.safetensors'), { root, modelsDir: models }))?.config.id).toBe('hub');
		writeFileSync(join(root, 'elsewhere.onnx'), 'x');
		expect(await configForModel(join(root, 'elsewhere.onnx'), { root, modelsDir: models })).toBeNull();
	});

	it('takes --config as given, and names a config it cannot read', async () => {
		expect(await configForModel('whatever.onnx', { config: join(models, 'local.json') })).toMatchObject({ given: true, config: { id: 'local' } });
		await expect(configForModel('whatever.onnx', { config: 'models/nope.json' })).rejects.toThrow('models/nope.json: cannot be read (ENOENT). Pass a model config such as models/NAME.json to --config');
	});
});
