/**
 * A remote model source made local: downloaded once into the build cache (keeping its real file name,
 * so readers recognise it), verified against the config's `sha256` or the lock file, and reused
 * without network while it still verifies. A sharded safetensors checkpoint brings its shards along.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Memoized } from '../pipeline/cache.ts';
import { DownloadError } from './errors.ts';
import { downloadFile, removePartials, type DownloadProgress } from './download.ts';
import type { LockedFile, ModelLock } from './lock.ts';
import { hubFileUrl, siblingUrl, type ModelSource } from './source.ts';
import type { HubSettings } from './settings.ts';

export type RemoteSource = ModelSource & { kind: 'hub' | 'url' };

export interface RemoteModelRequest {
	/** The model config file, named in every message. */
	label: string;
	/** The config's `source` as written (the lock file's key) and parsed. */
	sourceText: string;
	source: RemoteSource;
	/** The config's `sha256`, when it pins the file. */
	expectedSha256?: string;
	lock: ModelLock;
	/** `.atlas-cache/downloads`. */
	cacheDir: string;
	settings: HubSettings;
	onProgress?: (progress: DownloadProgress) => void;
}

export interface RemoteModel {
	/** The local file a reader opens (for a sharded checkpoint, its index). */
	path: string;
	/** One digest over every file's sha256: the model's identity in the build cache key. */
	contentSha256: string;
	/** Size of all files together. */
	bytes: number;
	/** Bytes that came over the network this time; 0 when everything came from the cache. */
	downloadedBytes: number;
	url: string;
}

const INDEX_SUFFIX = '.safetensors.index.json';

/** The URL a remote source downloads from. */
export function remoteUrl(source: RemoteSource, endpoint: string): string {
	return source.kind === 'hub' ? hubFileUrl(source.file, endpoint) : source.url;
}

/** The cache folder of a source: readable for people, unique by URL. */
export function downloadDir(cacheDir: string, source: RemoteSource, endpoint: string): string {
	const url = remoteUrl(source, endpoint);
	const readable = source.kind === 'hub' ? `${source.file.owner}--${source.file.repo}` : new URL(url).hostname;
	const key = createHash('sha256').update(url).digest('hex').slice(0, 12);
	return join(cacheDir, `${readable.replace(/[^A-Za-z0-9._-]/g, '_')}-${key}`);
}

/** The file name a source keeps in the cache: the last segment of its path. */
function fileName(source: RemoteSource): string {
	const last = source.kind === 'hub' ? source.file.path.split('/').at(-1)! : decodeURIComponent(new URL(source.url).pathname.split('/').at(-1) ?? '');
	return /^[^/\\]+$/.test(last) && last !== '.' && last !== '..' ? last : 'model';
}

/**
 * Makes a remote source local and records it in `request.lock` (the caller writes the lock file).
 * Throws DownloadError (offline without a cached copy, HTTP error, timeout, checksum mismatch).
 */
export async function fetchRemoteModel(request: RemoteModelRequest): Promise<RemoteModel> {
	const { label, source, settings, lock } = request;
	const url = remoteUrl(source, settings.endpoint);
	const dir = downloadDir(request.cacheDir, source, settings.endpoint);
	removePartials(dir);
	const entry = lock.entries.get(request.sourceText);
	const expected = request.expectedSha256 ?? entry?.sha256;
	const expectedFrom = request.expectedSha256 ? 'the "sha256" in the config' : 'its entry in models/models.lock.json';
	const name = fileName(source);
	const main = await obtain({ ...request, url, dest: join(dir, name), expected, expectedFrom });

	let files: LockedFile[] | undefined;
	let downloadedBytes = main.downloaded;
	if (name.endsWith(INDEX_SUFFIX)) {
		// Shard hashes were locked for one index: a different index brings a different set of shards.
		const locked = entry?.sha256 === main.sha256 ? new Map((entry.files ?? []).map((f) => [f.name, f])) : new Map<string, LockedFile>();
		files = [];
		for (const shard of shardNames(join(dir, name), label, url)) {
			const result = await obtain({ ...request, url: siblingUrl(source, shard, settings.endpoint), dest: join(dir, shard), expected: locked.get(shard)?.sha256, expectedFrom: 'its entry in models/models.lock.json' });
			files.push({ name: shard, sha256: result.sha256, bytes: result.bytes });
			downloadedBytes += result.downloaded;
		}
	}

	const changed = !entry || entry.sha256 !== main.sha256 || JSON.stringify(entry.files) !== JSON.stringify(files);
	if (changed) lock.entries.set(request.sourceText, { source: request.sourceText, url, sha256: main.sha256, bytes: main.bytes, ...(files ? { files } : {}) });

	const all = [main, ...(files ?? [])];
	const contentSha256 = files ? createHash('sha256').update(all.map((f) => f.sha256).join('\n')).digest('hex') : main.sha256;
	return { path: join(dir, name), contentSha256, bytes: all.reduce((n, f) => n + f.bytes, 0), downloadedBytes, url };
}

interface ObtainRequest extends RemoteModelRequest {
	url: string;
	dest: string;
	expected: string | undefined;
	expectedFrom: string;
}

/** One file: the cached copy when it verifies, else a download (unless offline). */
async function obtain(request: ObtainRequest): Promise<{ sha256: string; bytes: number; downloaded: number }> {
	const { dest, expected, url, label, settings } = request;
	let stale = false;
	if (existsSync(dest)) {
		const [sha256] = await sha256Memoized([dest], `${dest}.sha256-memo.json`);
		if (!expected || sha256 === expected) return { sha256: sha256!, bytes: statSync(dest).size, downloaded: 0 };
		stale = true;
	}
	if (settings.offline) {
		const why = stale ? `the cached copy does not match ${request.expectedFrom}` : 'it is not in the download cache yet';
		throw new DownloadError(label, `cannot use ${url}: HF_HUB_OFFLINE is set and ${why}`, 'Build once with network access (unset HF_HUB_OFFLINE), or mark the model "optional": true', 'offline');
	}
	const result = await downloadFile(url, dest, { settings, label, expectedSha256: expected, expectedFrom: request.expectedFrom, onProgress: request.onProgress });
	return { ...result, downloaded: result.bytes };
}

/** The shard file names a safetensors index lists in its `weight_map`, each once, flat names only. */
function shardNames(indexPath: string, label: string, url: string): string[] {
	let weightMap: unknown;
	try {
		weightMap = (JSON.parse(readFileSync(indexPath, 'utf8')) as { weight_map?: unknown }).weight_map;
	} catch (error) {
		throw new DownloadError(label, `${url} is not a JSON index of a sharded checkpoint (${(error as Error).message})`, 'Point "source" at model.safetensors or at a valid model.safetensors.index.json', 'bad index');
	}
	if (!weightMap || typeof weightMap !== 'object') {
		throw new DownloadError(label, `${url} has no "weight_map"`, 'Point "source" at model.safetensors or at a valid model.safetensors.index.json', 'bad index');
	}
	const names = [...new Set(Object.values(weightMap as Record<string, unknown>))];
	for (const name of names) {
		if (typeof name !== 'string' || !/^[^/\\]+$/.test(name) || name === '.' || name === '..') {
			throw new DownloadError(label, `${url} names a shard "${String(name)}" outside its folder`, 'Only shards beside the index are supported', 'bad index');
		}
	}
	return names as string[];
}
