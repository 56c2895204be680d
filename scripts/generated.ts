/**
 * Generated test folders (fixtures, the hostile corpus): written from sources in the repo, stamped with
 * a digest of those sources, regenerated only when the stamp differs, and swapped in whole so a reader
 * never sees a half-written folder. Test files run in parallel workers, so one regenerates (holding a
 * lock folder) while the others wait.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GeneratedDir {
	/** The folder to write. */
	dir: string;
	/** Files whose content decides the folder's content (absolute paths). */
	sources: string[];
	/** Writes everything into `dir` (a fresh, existing, empty folder). */
	write(dir: string): void;
}

/** A digest of the sources, stored as `STAMP` in the folder. */
export function stampOf(sources: string[]): string {
	const hash = createHash('sha256');
	for (const file of sources) hash.update(readFileSync(file));
	return hash.digest('hex');
}

/** Writes the folder in a scratch folder and swaps it in. */
export function regenerate(target: GeneratedDir): void {
	const scratch = `${target.dir}.tmp-${process.pid}`;
	rmSync(scratch, { recursive: true, force: true });
	mkdirSync(scratch, { recursive: true });
	target.write(scratch);
	writeFileSync(join(scratch, 'STAMP'), stampOf(target.sources));
	const old = `${target.dir}.old-${process.pid}`;
	if (existsSync(target.dir)) renameSync(target.dir, old);
	try {
		renameSync(scratch, target.dir);
	} catch {
		rmSync(scratch, { recursive: true, force: true }); // another process won the race with the same files
	}
	rmSync(old, { recursive: true, force: true });
}

/** Regenerates the folder unless an up-to-date one is there; returns its path. */
export function ensureGenerated(target: GeneratedDir): string {
	const current = join(target.dir, 'STAMP');
	const stamp = stampOf(target.sources);
	const fresh = () => existsSync(current) && readFileSync(current, 'utf8') === stamp;
	const lock = `${target.dir}.lock`;
	mkdirSync(dirname(target.dir), { recursive: true }); // the lock lives beside the folder
	for (const deadline = Date.now() + 60_000; !fresh(); ) {
		try {
			mkdirSync(lock);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // not a lock held by another process
			const held = statSync(lock, { throwIfNoEntry: false });
			// A lock older than a minute belongs to a process that died while generating.
			if (Date.now() > deadline || (held && Date.now() - held.mtimeMs > 60_000)) rmSync(lock, { recursive: true, force: true });
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // sleep 100 ms
			continue;
		}
		try {
			if (!fresh()) regenerate(target);
		} finally {
			rmSync(lock, { recursive: true, force: true });
		}
	}
	return target.dir;
}
