/**
 * `models/models.lock.json`: the sha256 and size of every downloaded model file, written by the first
 * download and committed next to the configs, like a package lock. Later builds verify downloads
 * against it and never replace an entry by what a server sends now.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DownloadError } from './errors.ts';

export const LOCK_FILE_NAME = 'models.lock.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const bytes = z.number().int().min(0);

/** One more file a sharded checkpoint's index names, kept beside it. */
const lockFileSchema = z.object({ name: z.string().min(1), sha256, bytes }).strict();

/** What the first download of a source recorded. */
const lockEntrySchema = z
	.object({
		/** The config's `source`, exactly as written: the key of the entry. */
		source: z.string().min(1),
		/** The URL it was downloaded from (for people; verification goes by `source`). */
		url: z.string().min(1),
		/** sha256 of the file `source` names (for a sharded checkpoint, of its index). */
		sha256,
		bytes,
		/** A sharded checkpoint's shards, in the order the index first names them. */
		files: z.array(lockFileSchema).optional(),
	})
	.strict();

const lockSchema = z.object({ lockfileVersion: z.literal(1), downloads: z.array(lockEntrySchema) }).strict();

export type LockEntry = z.infer<typeof lockEntrySchema>;
export type LockedFile = z.infer<typeof lockFileSchema>;

/** The lock as the build works on it: entries by source, and whether anything changed. */
export interface ModelLock {
	path: string;
	entries: Map<string, LockEntry>;
	/** The file's text as read (null when there was none), to write only when it changes. */
	original: string | null;
}

/** Reads the lock file (an absent file is an empty lock); a malformed one is a one-line error. */
export function readLock(path: string, shown = path): ModelLock {
	if (!existsSync(path)) return { path, entries: new Map(), original: null };
	const text = readFileSync(path, 'utf8');
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new DownloadError(shown, `is not valid JSON (${(error as Error).message})`, 'Restore it from version control, or delete it to record every download again', 'bad lock file');
	}
	const parsed = lockSchema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new DownloadError(shown, `is not a valid lock file (at "${issue.path.join('.')}": ${issue.message})`, 'Restore it from version control, or delete it to record every download again', 'bad lock file');
	}
	return { path, entries: new Map(parsed.data.downloads.map((e) => [e.source, e])), original: text };
}

/** The lock file's text for these entries: sorted by source, so diffs stay small and reviewable. */
export function formatLock(entries: Iterable<LockEntry>): string {
	const downloads = [...entries].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
	return `${JSON.stringify({ lockfileVersion: 1, downloads }, null, 2)}\n`;
}

/**
 * Drops entries whose source is not in `sources` (every source the configs name; omit it to keep all),
 * and writes the file when its content changed (never creating an empty one). Returns true when it wrote.
 */
export function writeLock(lock: ModelLock, sources?: Set<string>): boolean {
	if (sources) for (const source of [...lock.entries.keys()]) if (!sources.has(source)) lock.entries.delete(source);
	if (lock.original === null && lock.entries.size === 0) return false;
	const text = formatLock(lock.entries.values());
	if (text === lock.original) return false;
	const tmp = `${lock.path}.tmp-${process.pid}`;
	writeFileSync(tmp, text);
	renameSync(tmp, lock.path);
	lock.original = text;
	return true;
}
