/**
 * buildModels in this process, beyond build-models.test.ts: what it says on stderr (progress, summary,
 * the featured model's fallback), a skipped optional model, a config's correct sha256, the photographs
 * in the cache key and in public/atlas, and a cached model's external-data files.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type BuildPaths, buildModels, defaultPaths } from '../../src/pipeline/build-models.ts';
import { ensureFixtures } from '../../scripts/make-fixtures.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { writeCnn } from './make-cnn.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-build-edges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SAMPLES = resolve(import.meta.dirname, '../../content/samples');
// The generated ONNX fixtures, made on first use: this file must not depend on another having run first.
const FIXTURES = ensureFixtures();
const saved = { HF_HUB_OFFLINE: process.env.HF_HUB_OFFLINE, ATLAS_MODELS_DIR: process.env.ATLAS_MODELS_DIR };
afterEach(() => {
	for (const [k, v] of Object.entries(saved)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
});

/** A project folder of its own: models/, a copy of the sample photographs, and the build's outputs. */
function project(name: string): BuildPaths {
	const dir = join(root, name);
	mkdirSync(join(dir, 'models'), { recursive: true });
	cpSync(SAMPLES, join(dir, 'samples'), { recursive: true });
	return { root: dir, models: join(dir, 'models'), cache: join(dir, '.atlas-cache'), generated: join(dir, 'generated'), publicAtlas: join(dir, 'public', 'atlas'), samples: join(dir, 'samples') };
}
const writeConfig = (paths: BuildPaths, id: string, extra: Record<string, unknown>) => writeFileSync(join(paths.models, `${id}.json`), JSON.stringify({ ...MINIMAL_CONFIG, source: `${id}.onnx`, preprocess: { size: [32, 32] }, ...extra }));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const cached = (result: Awaited<ReturnType<typeof buildModels>>) => Object.fromEntries(result.summary.map((r) => [r.model, r.cached]));

/** Runs the build, collecting what it writes to stderr. */
async function build(paths: BuildPaths) {
	const chunks: string[] = [];
	const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0);
	try {
		const result = await buildModels(paths);
		return { result, lines: chunks.join('').split('\n') };
	} finally {
		spy.mockRestore();
	}
}

describe('defaultPaths', () => {
	it('lays every folder out under the project root; ATLAS_MODELS_DIR moves the models only', () => {
		delete process.env.ATLAS_MODELS_DIR;
		const expected = { root: '/p', models: '/p/models', cache: '/p/.atlas-cache', generated: '/p/generated', publicAtlas: '/p/public/atlas', samples: '/p/content/samples' };
		expect(defaultPaths('/p')).toEqual(expected);
		expect(defaultPaths().root).toBe(process.cwd());
		process.env.ATLAS_MODELS_DIR = '/elsewhere/models';
		expect(defaultPaths('/p')).toEqual({ ...expected, models: '/elsewhere/models' });
	});
});

describe('buildModels, what it says and what it publishes', () => {
	const paths = project('said');

	it('reports progress and a summary on stderr, lists a skipped optional model, and says when the featured one is unavailable', async () => {
		process.env.HF_HUB_OFFLINE = '1';
		writeCnn(join(paths.models, 'alpha.onnx'), { channels: [4], seed: 1 });
		// The right sha256, computed here: the build must accept it.
		writeConfig(paths, 'alpha', { sha256: sha(join(paths.models, 'alpha.onnx')) });
		writeConfig(paths, 'later', { source: 'hf:owner/later/model.onnx', optional: true, featured: 1 });
		const { result, lines } = await build(paths);
		expect(result.summary).toEqual([
			{ model: 'alpha', layers: 1, kernels: 4, images: expect.any(Number), seconds: expect.any(Number), cached: false },
			{ model: 'later', layers: 0, kernels: 0, images: 0, seconds: 0, cached: false, skipped: 'offline' },
		]);
		expect(result.summary[0]!.seconds).toBeGreaterThan(0);
		expect(lines).toContain('models: alpha: done');
		expect(lines).not.toContain('models: alpha: cached');
		expect(lines.some((l) => /^models: alpha: \d+\/1 layers, \d+ images$/.test(l))).toBe(true);
		expect(lines.some((l) => /^models: later: skipped, as it is optional: /.test(l))).toBe(true);
		// The summary table: alpha rendered, later skipped with its reason.
		expect(lines.some((l) => /^alpha +1 +4 +\d+ +\d+\.\d s +no$/.test(l))).toBe(true);
		expect(lines.some((l) => /^later +- +- +- +- +skipped +offline$/.test(l))).toBe(true);
		expect(lines).toContain('build: featured model later is unavailable (offline); featuring alpha instead');
	});

	it('publishes the sample photographs\' images beside the models\'', async () => {
		const index = JSON.parse(readFileSync(join(paths.generated, 'atlas.json'), 'utf8'));
		const srcs: string[] = index.photos.flatMap((p: { image: { src: string }; filtered: Record<string, { src: string }> }) => [p.image.src, ...Object.values(p.filtered).map((f) => f.src)]);
		expect(srcs).toContain('atlas/photos/chelsea/original.webp');
		for (const src of srcs) expect(existsSync(join(paths.publicAtlas, '..', src)), src).toBe(true);
	});

	it('a second build says the model was cached, with no time of its own, and no fallback when the featured model is built', async () => {
		rmSync(join(paths.models, 'later.json'));
		const { result, lines } = await build(paths);
		expect(result.summary).toEqual([{ model: 'alpha', layers: 1, kernels: 4, images: expect.any(Number), seconds: 0, cached: true }]);
		expect(lines).toContain('models: alpha: cached');
		expect(lines.filter((l) => l.startsWith('build:'))).toEqual([]);
	});

	it('re-renders every model when a sample photograph changes (feature maps and the playground are drawn on it)', async () => {
		appendFileSync(join(paths.samples, 'coffee.png'), Buffer.from('trailing bytes'));
		expect(cached((await build(paths)).result)).toEqual({ alpha: false });
	});

	it('every model skipped: an error that says what to do', async () => {
		process.env.HF_HUB_OFFLINE = '1';
		const only = project('all-skipped');
		writeConfig(only, 'later', { source: 'hf:owner/later/model.onnx', optional: true });
		await expect(build(only)).rejects.toThrow(/models: has no model that could be built \(every one was skipped\)\. Build with network access, or add a model whose file is in models\/$/);
	});
});

describe('buildModels, a model with external data', () => {
	const paths = project('external');
	const ext = (...parts: string[]) => join(paths.models, ...parts);

	it('takes it from the cache only while every external-data file is unchanged', async () => {
		copyFileSync(join(FIXTURES, 'external-data.onnx'), ext('ext.onnx'));
		copyFileSync(join(FIXTURES, 'external-data.bin'), ext('external-data.bin'));
		mkdirSync(ext('ext'));
		copyFileSync(join(FIXTURES, 'ext', 'external-data-b.bin'), ext('ext', 'external-data-b.bin'));
		writeConfig(paths, 'ext', { preprocess: { size: [6, 6] } });
		expect(cached((await build(paths)).result)).toEqual({ ext: false });
		expect(cached((await build(paths)).result)).toEqual({ ext: true });
		// One of the two files changes (bytes past the data it holds: the weights read are the same).
		appendFileSync(ext('ext', 'external-data-b.bin'), Buffer.from([0]));
		expect(cached((await build(paths)).result)).toEqual({ ext: false });
		expect(cached((await build(paths)).result)).toEqual({ ext: true });
	});

	it('a cached model whose external-data file is gone is read again, and the reader names the missing file', async () => {
		rmSync(ext('ext', 'external-data-b.bin'));
		await expect(build(paths)).rejects.toThrow(/external-data-b\.bin/);
		await expect(build(paths)).rejects.not.toThrow(/ENOENT: no such file or directory, stat/);
	});
});
