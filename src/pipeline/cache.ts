/**
 * The build cache: one folder per model under `.atlas-cache/models/`, trusted only when its manifest
 * carries the same key. Entries are written to a temporary folder and renamed into place, so an
 * interrupted build never leaves an entry a later build would trust.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump when the shape of cached data changes without a reader/analysis/render version change. */
export const PIPELINE_VERSION = 1;

import { sha256File } from '../reader/hash.ts';

/** A file's stat identity and newest timestamp: any write changes ctime, and ctime cannot be set back. */
function statOf(path: string): { id: string; changedNs: bigint } {
	const s = statSync(path, { bigint: true });
	return { id: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, changedNs: s.ctimeNs > s.mtimeNs ? s.ctimeNs : s.mtimeNs };
}

/** A file changed this recently might change again within the same timestamp tick: its stat proves nothing yet. */
const SETTLE_NS = 2_000_000_000n;

/**
 * sha256 of each file, remembered in `memoFile` by the file's stat identity, so a warm rebuild does not
 * read every model again (half a second for a 500 MB model). A file changed since, or too fresh to
 * tell by its timestamps, is hashed again.
 */
export async function sha256Memoized(paths: string[], memoFile: string): Promise<string[]> {
	let memo: Record<string, { id: string; sha: string }> = {};
	try {
		memo = JSON.parse(readFileSync(memoFile, 'utf8'));
	} catch {
		// no memo yet, or a torn one: hash everything
	}
	const next: typeof memo = {};
	const shas = await Promise.all(
		paths.map(async (path) => {
			const before = statOf(path);
			const known = memo[path];
			const sha = known?.id === before.id ? known.sha : await sha256File(path);
			const after = statOf(path);
			const settled = BigInt(Date.now()) * 1_000_000n - after.changedNs > SETTLE_NS;
			if (after.id === before.id && settled) next[path] = { id: after.id, sha };
			return sha;
		}),
	);
	mkdirSync(dirname(memoFile), { recursive: true });
	const tmp = `${memoFile}.tmp-${process.pid}`;
	writeFileSync(tmp, JSON.stringify(next));
	renameSync(tmp, memoFile);
	return shas;
}

/** The cache key of a model: its bytes, its config and the version of every stage that touches it. */
export function cacheKey(parts: { modelSha256: string; config: unknown; versions: Record<string, string | number> }): string {
	return createHash('sha256').update(JSON.stringify([parts.modelSha256, parts.config, parts.versions, PIPELINE_VERSION])).digest('hex').slice(0, 32);
}

const MANIFEST = 'manifest.json';

/** What a cache entry's manifest records; `data` is the model's page data. */
export interface CacheManifest<T> {
	key: string;
	data: T;
}

/** Returns the entry's manifest when the folder exists and was written for this key, else null. */
export function readCacheEntry<T>(dir: string, key: string): CacheManifest<T> | null {
	const file = join(dir, MANIFEST);
	if (!existsSync(file)) return null;
	try {
		const manifest = JSON.parse(readFileSync(file, 'utf8')) as CacheManifest<T>;
		return manifest.key === key ? manifest : null;
	} catch {
		return null; // a torn or foreign manifest is a miss, never an error
	}
}

/** A fresh temporary folder beside `dir`, for building an entry before committing it. */
export function stagingDir(dir: string): string {
	const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
	rmSync(tmp, { recursive: true, force: true });
	mkdirSync(tmp, { recursive: true });
	return tmp;
}

/** Writes the manifest last, then swaps the staging folder into place. */
export function commitCacheEntry<T>(staging: string, dir: string, manifest: CacheManifest<T>): void {
	writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest));
	const old = `${dir}.old-${process.pid}`;
	if (existsSync(dir)) renameSync(dir, old);
	renameSync(staging, dir);
	rmSync(old, { recursive: true, force: true });
}
