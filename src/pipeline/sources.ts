/**
 * The build's first stage: every config's model file made local. Local and npm-package paths are
 * found; Hub and URL sources are downloaded once into `.atlas-cache/downloads/` and verified; the
 * lock file is updated; an optional model that cannot be downloaded is skipped with a warning.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath, resolveModelSource } from '../config/load-configs.ts';
import type { ModelConfig } from '../config/model-config.ts';
import { DownloadError, downloadDir, fetchRemoteModel, hubSettings, LOCK_FILE_NAME, parseModelSource, readLock, writeLock, type DownloadProgress, type RemoteSource } from '../fetch/index.ts';
import { formatBytesProgress, type ProgressReporter } from './progress.ts';

/** A model whose file is on disk, ready for the workers. */
export interface ModelFile {
	config: ModelConfig;
	/** The file a reader opens. */
	file: string;
	bytes: number;
	/** Known for downloads (verified while downloading or against the lock); null for local files. */
	sha256: string | null;
}

export interface SourcesResult {
	available: ModelFile[];
	/** Skipped optional models by id, with the reason in a few words. */
	skipped: Map<string, string>;
}

interface SourcePaths {
	root: string;
	models: string;
	cache: string;
}

/** Makes every config's model file local; throws the first user-facing failure of a required model. */
export async function resolveSources(configs: ModelConfig[], paths: SourcePaths, progress: ProgressReporter): Promise<SourcesResult> {
	const available = new Map<string, ModelFile>();
	const skipped = new Map<string, string>();
	const skip = (config: ModelConfig, error: DownloadError) => {
		skipped.set(config.id, error.reason);
		progress.skip(config.id, error.reason, `skipped, as it is optional: ${error.detail}`);
	};

	const remote: { config: ModelConfig; source: RemoteSource }[] = [];
	for (const config of configs) {
		const source = parseModelSource(config.source);
		if (source.kind !== 'local') {
			remote.push({ config, source });
			continue;
		}
		// A missing local file is a mistake in the project, not bad luck with the network: never skipped.
		const file = resolveModelSource(config, paths.models, paths.root);
		available.set(config.id, { config, file, bytes: statSync(file).size, sha256: null });
	}

	if (remote.length > 0 || existsSync(join(paths.models, LOCK_FILE_NAME))) {
		const settings = hubSettings();
		const lockPath = join(paths.models, LOCK_FILE_NAME);
		const lock = readLock(lockPath, displayPath(lockPath));
		const cacheDir = join(paths.cache, 'downloads');
		for (const { config, source } of remote) {
			try {
				const started = performance.now();
				const result = await fetchRemoteModel({
					label: displayPath(join(paths.models, `${config.id}.json`)),
					sourceText: config.source,
					source,
					expectedSha256: config.sha256,
					lock,
					cacheDir,
					settings,
					onProgress: throttled((p) => progress.update(config.id, { state: 'downloading', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal })),
				});
				if (result.downloadedBytes > 0) {
					const seconds = (performance.now() - started) / 1000;
					progress.log(config.id, `downloaded ${formatBytesProgress(result.downloadedBytes, null, seconds)} from ${result.url}`);
				}
				progress.update(config.id, { state: 'waiting' });
				available.set(config.id, { config, file: result.path, bytes: result.bytes, sha256: result.contentSha256 });
			} catch (error) {
				// A file that arrived but is not the one expected is never skipped: someone must look at it.
				if (!config.optional || !(error instanceof DownloadError) || error.reason === 'checksum mismatch') throw error;
				skip(config, error);
			}
		}
		// The lock and the download cache follow the configs: a removed model leaves no entry and no file.
		writeLock(lock, new Set(remote.map((r) => r.config.source)));
		pruneDownloads(cacheDir, new Set(remote.map((r) => downloadDir(cacheDir, r.source, settings.endpoint))));
	}
	return { available: configs.flatMap((c) => available.get(c.id) ?? []), skipped };
}

/** Removes download folders that no current config uses. */
function pruneDownloads(cacheDir: string, keep: Set<string>): void {
	if (!existsSync(cacheDir)) return;
	for (const name of readdirSync(cacheDir)) {
		const dir = join(cacheDir, name);
		if (!keep.has(dir)) rmSync(dir, { recursive: true, force: true });
	}
}

/** Passes on at most ten progress reports a second, and always the last one of a file. */
function throttled(report: (p: DownloadProgress) => void): (p: DownloadProgress) => void {
	let last = 0;
	return (p) => {
		const now = performance.now();
		if (now - last < 100 && p.bytesDone !== p.bytesTotal) return;
		last = now;
		report(p);
	};
}
