/**
 * The model half of the build, in this process (build.test.ts runs `npm run build` as a child process,
 * with Astro): what is rendered, what is taken from the cache, what is published, and what a failure leaves.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildPaths, buildModels, defaultPaths } from '../../src/pipeline/build-models.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { writeCnn } from './make-cnn.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-build-models-'));
// The project layout under a temporary root, with the real sample photographs.
const paths: BuildPaths = { ...defaultPaths(root), models: join(root, 'models'), samples: resolve(import.meta.dirname, '../../content/samples') };
const model = (id: string) => JSON.parse(readFileSync(join(paths.generated, 'models', `${id}.json`), 'utf8'));
const index = () => JSON.parse(readFileSync(join(paths.generated, 'atlas.json'), 'utf8'));
const writeConfig = (id: string, extra: Record<string, unknown> = {}) =>
	writeFileSync(join(paths.models, `${id}.json`), JSON.stringify({ ...MINIMAL_CONFIG, source: `${id}.onnx`, preprocess: { size: [32, 32] }, ...extra }));
/** Model id → whether it came from the cache, from the build's summary. */
const cached = (result: Awaited<ReturnType<typeof buildModels>>) => Object.fromEntries(result.summary.map((r) => [r.model, r.cached]));
/** Every entry under a folder, for "nothing else was written" checks. */
const tree = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : []);

beforeAll(() => {
	mkdirSync(paths.models, { recursive: true });
	writeCnn(join(paths.models, 'alpha.onnx'), { channels: [4, 8], seed: 1 });
	writeCnn(join(paths.models, 'beta.onnx'), { channels: [6], seed: 2 });
	writeConfig('alpha');
	writeConfig('beta', { title: { ja: 'ベータ', en: 'Beta' } });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildModels', () => {
	it('renders every model the first time and publishes its data and images', async () => {
		const result = await buildModels(paths);
		expect(cached(result)).toEqual({ alpha: false, beta: false });
		expect(result.summary.map((r) => [r.model, r.layers, r.kernels])).toEqual([
			['alpha', 2, 12],
			['beta', 1, 6],
		]);
		expect(index().models.map((m: { id: string; layers: number; kernels: number }) => [m.id, m.layers, m.kernels])).toEqual([
			['alpha', 2, 12],
			['beta', 1, 6],
		]);
		expect(model('beta').config.title.en).toBe('Beta');
		// Every image the data names is published under public/atlas/<id>/.
		for (const id of ['alpha', 'beta']) {
			const data = model(id);
			const srcs = [...data.layers.flatMap((l: { mosaic: { src: string }[] }) => l.mosaic.map((m) => m.src)), data.inputImage?.src].filter(Boolean);
			expect(srcs.length).toBeGreaterThan(0);
			for (const src of srcs) expect(existsSync(join(paths.publicAtlas, '..', src)), src).toBe(true);
		}
		// No staging or old folders are left next to the outputs.
		expect(readdirSync(root).sort()).toEqual(['.atlas-cache', 'generated', 'models', 'public']);
		expect(readdirSync(join(root, 'public'))).toEqual(['atlas']);
	});

	it('takes both from the cache when nothing changed, and publishes the same files', async () => {
		const before = tree(paths.publicAtlas);
		const data = readFileSync(join(paths.generated, 'models', 'alpha.json'), 'utf8');
		expect(cached(await buildModels(paths))).toEqual({ alpha: true, beta: true });
		expect(tree(paths.publicAtlas)).toEqual(before);
		expect(readFileSync(join(paths.generated, 'models', 'alpha.json'), 'utf8')).toBe(data);
	});

	it('re-renders only the model whose preprocessing changed, and publishes what it now gives', async () => {
		expect(model('alpha').galleries[0].channelNames).toEqual(['R', 'G', 'B']);
		writeConfig('alpha', { preprocess: { size: [32, 32], colorOrder: 'BGR' } });
		expect(cached(await buildModels(paths))).toEqual({ alpha: false, beta: true });
		expect(model('alpha').galleries[0].channelNames).toEqual(['B', 'G', 'R']);
	});

	it('re-renders a model whose file changed', async () => {
		writeCnn(join(paths.models, 'beta.onnx'), { channels: [6], seed: 3 });
		const before = model('beta').layers[0].stats;
		expect(cached(await buildModels(paths))).toEqual({ alpha: true, beta: false });
		expect(model('beta').layers[0].stats).not.toEqual(before);
	});

	it('does not re-render for a new title, yet publishes the new title', async () => {
		writeConfig('beta', { title: { ja: 'ベータ 2', en: 'Beta 2' } });
		expect(cached(await buildModels(paths))).toEqual({ alpha: true, beta: true });
		expect(model('beta').config.title.en).toBe('Beta 2');
		expect(index().models.find((m: { id: string }) => m.id === 'beta').title.en).toBe('Beta 2');
	});

	it('refuses a model whose file does not have the sha256 its config names, and leaves the outputs as they were', async () => {
		const before = [tree(paths.generated), tree(paths.publicAtlas)];
		writeConfig('beta', { sha256: '0'.repeat(64) });
		await expect(buildModels(paths)).rejects.toThrow(/beta\.json: field "sha256": .*beta\.onnx has sha256 [0-9a-f]{12}…, not 000000000000…\. Put the right file in place, or correct "sha256"$/);
		expect([tree(paths.generated), tree(paths.publicAtlas)]).toEqual(before);
		writeConfig('beta', { title: { ja: 'ベータ 2', en: 'Beta 2' } });
	});

	it('a model that cannot be read: a one-line error naming the file, the previous outputs kept, no staging left', async () => {
		const before = [tree(paths.generated), tree(paths.publicAtlas)];
		writeFileSync(join(paths.models, 'alpha.onnx'), Buffer.from('this is not an ONNX file at all'));
		const error = await buildModels(paths).then(
			() => null,
			(e: Error) => e,
		);
		expect(error?.message).toContain('alpha.onnx');
		expect(error?.message).not.toContain('\n');
		expect([tree(paths.generated), tree(paths.publicAtlas)]).toEqual(before);
		expect(readdirSync(join(paths.cache, 'models')).sort()).toEqual(['alpha', 'beta']);
		expect(readdirSync(join(paths.cache, 'models', 'alpha')).filter((f) => f.includes('staging') || f.includes('tmp'))).toEqual([]);
		writeCnn(join(paths.models, 'alpha.onnx'), { channels: [4, 8], seed: 1 });
	});

	it('a removed model leaves no data, images or cache entry behind', async () => {
		rmSync(join(paths.models, 'beta.json'));
		const result = await buildModels(paths);
		expect(result.summary.map((r) => r.model)).toEqual(['alpha']);
		expect(index().models.map((m: { id: string }) => m.id)).toEqual(['alpha']);
		expect(existsSync(join(paths.generated, 'models', 'beta.json'))).toBe(false);
		expect(existsSync(join(paths.publicAtlas, 'beta'))).toBe(false);
		expect(readdirSync(join(paths.cache, 'models'))).toEqual(['alpha']);
	});

	it('a models folder with no config: an error that says what to do', async () => {
		const empty = join(root, 'no-models');
		mkdirSync(empty);
		await expect(buildModels({ ...paths, models: empty })).rejects.toThrow(/no-models: holds no model config\. Add one: see "Add your model" in README\.md$/);
	});
});
