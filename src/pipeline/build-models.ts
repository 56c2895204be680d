/**
 * The model half of `npm run build`: for every config in `models/`, make its file local (downloading
 * Hub and URL sources once), extract, analyse and render the model (in worker threads, skipping models
 * whose cache entry is current), then publish the results for the site: `generated/*.json` (with the
 * featured model chosen) and images under `public/atlas/`.
 */
import { availableParallelism, totalmem } from 'node:os';
import { existsSync, linkSync, copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config/errors.ts';
import { displayPath, loadModelConfigs } from '../config/load-configs.ts';
import type { ModelConfig } from '../config/model-config.ts';
import { outputPart } from '../config/schema-fields.ts';
import type { AtlasIndex, ModelData, PhotoData } from './atlas-data.ts';
import { cacheKey, commitCacheEntry, readCacheEntry, sha256Memoized, stagingDir } from './cache.ts';
import { ProgressReporter, formatSummary, type SummaryRow } from './progress.ts';
import { runPool, type PoolJob } from './worker-pool.ts';
import { STAGE_VERSIONS } from './versions.ts';
import type { ModelJobInput, ModelJobProgress } from './model-worker.ts';
import { buildPhotos } from './photos.ts';
import { classifyMemory } from './classification.ts';
import { chooseFeatured } from './featured.ts';
import { resolveSources } from './sources.ts';

/** Where everything lives, relative to the project root; tests point these at temporary folders. */
export interface BuildPaths {
	root: string;
	models: string;
	cache: string;
	generated: string;
	publicAtlas: string;
	samples: string;
}

export function defaultPaths(root = process.cwd()): BuildPaths {
	return {
		root,
		models: process.env.ATLAS_MODELS_DIR ?? join(root, 'models'),
		cache: join(root, '.atlas-cache'),
		generated: join(root, 'generated'),
		publicAtlas: join(root, 'public', 'atlas'),
		samples: join(root, 'content', 'samples'),
	};
}

export interface BuildModelsResult {
	summary: SummaryRow[];
}

/**
 * Runs the model pipeline; throws user-facing errors (bad config, failed download, unreadable model)
 * before touching outputs. Optional models that cannot be downloaded are skipped and listed as such.
 */
export async function buildModels(paths: BuildPaths = defaultPaths()): Promise<BuildModelsResult> {
	const configs = loadModelConfigs(paths.models);
	if (configs.length === 0) {
		throw new ConfigError(displayPath(paths.models), 'holds no model config', 'Add one: see "Add your model" in README.md');
	}
	const progress = new ProgressReporter(configs.map((c) => c.id));
	const { available, skipped } = await resolveSources(configs, paths, progress);
	if (available.length === 0) {
		throw new ConfigError(displayPath(paths.models), 'has no model that could be built (every one was skipped)', 'Build with network access, or add a model whose file is in models/');
	}

	const photos = await buildPhotos(paths);

	// Downloads were hashed as they arrived; only local files need hashing here.
	const local = available.filter((m) => m.sha256 === null);
	const localShas = await sha256Memoized(local.map((m) => m.file), join(paths.cache, 'model-hashes.json'));
	const shas = new Map(local.map((m, i) => [m.config.id, localShas[i]!]));
	const planned = await Promise.all(
		available.map(async ({ config, file, bytes, sha256 }) => {
			const sha = sha256 ?? shas.get(config.id)!;
			if (config.sha256 && sha256 === null && sha !== config.sha256) {
				throw new ConfigError(displayPath(join(paths.models, `${config.id}.json`)), `field "sha256": ${displayPath(file)} has sha256 ${sha.slice(0, 12)}…, not ${config.sha256.slice(0, 12)}…`, 'Put the right file in place, or correct "sha256"');
			}
			// Only the fields the schema marks as changing the output are in the key: fixing a title does not
			// re-render a 500 MB model, and a new field counts until it is marked otherwise.
			const key = cacheKey({ modelSha256: sha, config: outputPart(config), versions: { ...STAGE_VERSIONS, photo: photos.key } });
			const dir = join(paths.cache, 'models', config.id);
			const entry = readCacheEntry<ModelData>(dir, key);
			const hit = entry && (await externalDataUnchanged(entry.data, file, paths)) ? { ...entry, data: { ...entry.data, config } } : null;
			return { config, file, sha, key, dir, bytes, hit };
		}),
	);

	for (const p of planned) if (p.hit) progress.update(p.config.id, { state: 'cached' });

	const misses = planned.filter((p) => !p.hit);
	const staging = new Map(misses.map((p) => [p.config.id, stagingDir(p.dir)]));
	const jobs: PoolJob<ModelJobInput>[] = misses.map((p) => ({
		id: p.config.id,
		// Measured (bench/build.bench.ts): the largest kernel plus the file's structure and the rendered
		// images; about 1.7× the file for a 553 MB VGG-16 once feature maps stopped loading the whole model.
		memory: 2 * p.bytes + 512 * 2 ** 20 + classifyMemory(p.config, p.bytes),
		// As the user would write it: the reader names this path in its messages.
		input: {
			id: p.config.id,
			modelPath: displayPath(p.file),
			sha256: p.sha,
			config: p.config,
			outDir: staging.get(p.config.id)!,
			photoPath: photos.featuredPath,
			samples: photos.samples,
			// A core with no model of its own analyses layers for one that has.
			analysisThread: misses.length < availableParallelism(),
		},
	}));

	const seconds = new Map<string, number>();
	let results: Map<string, ModelData>;
	try {
		results = await runPool<ModelJobInput, ModelJobProgress, ModelData>(new URL('./model-worker.ts', import.meta.url), jobs, {
			concurrency: Math.max(1, Math.min(availableParallelism(), 4)),
			memoryBudget: Math.floor(totalmem() * 0.5),
			onProgress: (id, message) => {
				progress.update(id, { state: message.done ? 'done' : 'working', layers: message.layers, layersDone: message.layersDone, images: message.images });
				if (message.done) seconds.set(id, message.seconds);
			},
		});
	} catch (error) {
		for (const dir of staging.values()) rmSync(dir, { recursive: true, force: true });
		throw error;
	}

	for (const p of misses) commitCacheEntry(staging.get(p.config.id)!, p.dir, { key: p.key, data: results.get(p.config.id)! });

	const data = planned.map((p) => p.hit?.data ?? results.get(p.config.id)!);
	const featured = chooseFeatured(configs, new Map(data.map((d) => [d.id, d])), skipped, displayPath(paths.models));
	publish(paths, planned.map((p) => ({ config: p.config, dir: p.dir })), data, photos.data, featured.id, new Set(configs.map((c) => c.id)));

	const built = new Map(planned.map((p, i) => [p.config.id, { p, d: data[i]! }]));
	const summary = configs.map((config): SummaryRow => {
		const row = built.get(config.id);
		if (!row) return { model: config.id, layers: 0, kernels: 0, images: 0, seconds: 0, cached: false, skipped: skipped.get(config.id) };
		return { model: config.id, layers: row.d.layers.length, kernels: row.d.kernelCount, images: row.d.imageCount, seconds: seconds.get(config.id) ?? 0, cached: Boolean(row.p.hit) };
	});
	process.stderr.write(`\n${formatSummary(summary)}\n`);
	if (featured.fallback) process.stderr.write(`build: ${featured.fallback}\n`);
	return { summary };
}

/** Replaces `generated/` and `public/atlas/` with exactly the current models' data and images. */
function publish(paths: BuildPaths, entries: { config: ModelConfig; dir: string }[], data: ModelData[], photos: PhotoData[], featured: string, configured: Set<string>): void {
	const index: AtlasIndex = {
		models: data.map((d) => ({ id: d.id, title: d.config.title, bytes: d.info.bytes, layers: d.layers.length, kernels: d.kernelCount })),
		featured,
		photos,
	};
	const generated = stagingDir(paths.generated);
	mkdirSync(join(generated, 'models'));
	writeFileSync(join(generated, 'atlas.json'), JSON.stringify(index));
	for (const d of data) writeFileSync(join(generated, 'models', `${d.id}.json`), JSON.stringify(d));
	swapDir(generated, paths.generated);

	const atlas = stagingDir(paths.publicAtlas);
	for (const { config, dir } of entries) linkTree(join(dir, 'images'), join(atlas, config.id));
	linkTree(join(paths.cache, 'photos', 'images'), join(atlas, 'photos'));
	swapDir(atlas, paths.publicAtlas);

	// A removed model leaves nothing behind, not even in the cache; a skipped one keeps its entry for next time.
	const modelCache = join(paths.cache, 'models');
	for (const name of existsSync(modelCache) ? readdirSync(modelCache) : []) {
		if (!configured.has(name)) rmSync(join(modelCache, name), { recursive: true, force: true });
	}
}

/** A cached model is only current while the external-data files it was read from are unchanged. */
async function externalDataUnchanged(data: ModelData, modelFile: string, paths: BuildPaths): Promise<boolean> {
	const recorded = data.externalData ?? [];
	if (recorded.length === 0) return true;
	const files = recorded.map((e) => join(dirname(modelFile), e.location));
	if (!files.every((f) => existsSync(f))) return false;
	const shas = await sha256Memoized(files, join(paths.cache, 'model-hashes.json'));
	return recorded.every((e, i) => e.sha256 === shas[i]);
}

function swapDir(staging: string, dir: string): void {
	const old = `${dir}.old-${process.pid}`;
	if (existsSync(dir)) renameSync(dir, old);
	renameSync(staging, dir);
	rmSync(old, { recursive: true, force: true });
}

/** Mirrors a folder with hard links (copies where linking is impossible): cheap, and the cache stays intact. */
function linkTree(from: string, to: string): void {
	if (!existsSync(from)) return;
	mkdirSync(to, { recursive: true });
	for (const entry of readdirSync(from, { withFileTypes: true })) {
		const a = join(from, entry.name);
		const b = join(to, entry.name);
		if (entry.isDirectory()) linkTree(a, b);
		else {
			try {
				linkSync(a, b);
			} catch {
				copyFileSync(a, b);
			}
		}
	}
}
