/** Generated test folders (scripts/generated.ts): written whole, stamped, regenerated only when a source changed, one writer at a time. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureGenerated, regenerate, stampOf, type GeneratedDir } from '../../scripts/generated.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-generated-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder generated from one source file, counting how often it was written. */
function target(name: string) {
	const source = join(root, `${name}.src`);
	writeFileSync(source, 'version 1');
	let writes = 0;
	const dir: GeneratedDir = {
		dir: join(root, name),
		sources: [source],
		write(into) {
			writes++;
			writeFileSync(join(into, 'out.txt'), readFileSync(source, 'utf8').toUpperCase());
		},
	};
	return { dir, source, writes: () => writes };
}

describe('generated folders', () => {
	it('stamps a folder with the sha256 of its sources, in order', () => {
		const a = join(root, 'a.txt');
		const b = join(root, 'b.txt');
		writeFileSync(a, 'one');
		writeFileSync(b, 'two');
		expect(stampOf([a, b])).toBe(createHash('sha256').update('one').update('two').digest('hex'));
		expect(stampOf([b, a])).not.toBe(stampOf([a, b]));
	});

	it('writes the folder once, then again only when a source changed, with nothing left beside it', () => {
		const t = target('first');
		expect(ensureGenerated(t.dir)).toBe(t.dir.dir);
		expect(readFileSync(join(t.dir.dir, 'out.txt'), 'utf8')).toBe('VERSION 1');
		expect(readFileSync(join(t.dir.dir, 'STAMP'), 'utf8')).toBe(stampOf([t.source]));
		ensureGenerated(t.dir);
		expect(t.writes()).toBe(1);
		writeFileSync(t.source, 'version 2');
		ensureGenerated(t.dir);
		expect(t.writes()).toBe(2);
		expect(readFileSync(join(t.dir.dir, 'out.txt'), 'utf8')).toBe('VERSION 2');
		expect(readdirSync(root).filter((f) => f.startsWith('first'))).toEqual(['first', 'first.src']);
	});

	it('regenerate replaces an existing folder whole: files of the old one do not survive', () => {
		const t = target('whole');
		ensureGenerated(t.dir);
		writeFileSync(join(t.dir.dir, 'stray.txt'), 'left by hand');
		regenerate(t.dir);
		expect(readdirSync(t.dir.dir).sort()).toEqual(['STAMP', 'out.txt']);
	});

	it('takes over a lock left by a process that died (older than a minute)', () => {
		const t = target('stale');
		const lock = `${t.dir.dir}.lock`;
		mkdirSync(lock);
		const old = new Date(Date.now() - 120_000);
		utimesSync(lock, old, old);
		const started = Date.now();
		ensureGenerated(t.dir);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(t.writes()).toBe(1);
		expect(existsSync(lock)).toBe(false);
	});

	it('waits while another process holds a fresh lock, and uses the folder that process wrote instead of writing it again', async () => {
		const t = target('held');
		const lock = `${t.dir.dir}.lock`;
		mkdirSync(lock);
		// The other process: a child that, after 400 ms, swaps in the up-to-date folder and lets go of the lock.
		// ensureGenerated blocks this thread while it waits, so the other writer must be a process of its own.
		const other = `
			const { mkdirSync, writeFileSync, renameSync, rmSync } = require('node:fs');
			const [dir, lock, stamp] = process.argv.slice(1);
			setTimeout(() => {
				mkdirSync(dir + '.other', { recursive: true });
				writeFileSync(dir + '.other/out.txt', 'FROM THE OTHER PROCESS');
				writeFileSync(dir + '.other/STAMP', stamp);
				renameSync(dir + '.other', dir);
				rmSync(lock, { recursive: true });
			}, 400);`;
		const child = spawn(process.execPath, ['-e', other, t.dir.dir, lock, stampOf([t.source])], { stdio: 'inherit' });
		const exited = new Promise((resolve) => child.on('exit', resolve));
		await new Promise((resolve) => child.on('spawn', resolve));
		const started = Date.now();
		ensureGenerated(t.dir);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		expect(t.writes()).toBe(0);
		expect(readFileSync(join(t.dir.dir, 'out.txt'), 'utf8')).toBe('FROM THE OTHER PROCESS');
		expect(await exited).toBe(0);
		expect(existsSync(lock)).toBe(false);
	});

	it('writes into a folder whose parents do not exist yet', () => {
		const t = target('nested');
		t.dir.dir = join(root, 'deep', 'er', 'nested');
		ensureGenerated(t.dir);
		expect(readdirSync(join(root, 'deep', 'er'))).toEqual(['nested']);
		expect(readdirSync(t.dir.dir).sort()).toEqual(['STAMP', 'out.txt']);
	});

	it('replaces a scratch folder a crashed run left behind, with what was in it', () => {
		const t = target('crashed');
		const scratch = `${t.dir.dir}.tmp-${process.pid}`;
		mkdirSync(join(scratch, 'half'), { recursive: true });
		writeFileSync(join(scratch, 'half', 'written.txt'), 'by a run that crashed');
		ensureGenerated(t.dir);
		expect(readdirSync(t.dir.dir).sort()).toEqual(['STAMP', 'out.txt']);
		expect(existsSync(scratch)).toBe(false);
	});

	it.each([
		// 252 characters is a valid folder name; with '.lock' the lock's name passes the 255-byte limit.
		['a name too long', () => join(root, 'x'.repeat(252)), /ENAMETOOLONG/],
		// /proc (Linux) exists but takes no new folders: mkdir fails with ENOENT and stat then finds no lock,
		// so only the error's code tells this from a lock another process let go of.
		['a folder that takes no new entries', () => '/proc/kernel-atlas-generated', /ENOENT/],
	])('throws at once when the lock cannot be made for a reason other than another holder (%s), instead of waiting', (_, dir, error) => {
		const t = target('unmakeable');
		t.dir.dir = dir();
		const started = Date.now();
		expect(() => ensureGenerated(t.dir)).toThrow(error);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(t.writes()).toBe(0);
	});

	it('regenerate alone (as npm run fixtures calls it) makes the parents of a folder that has none yet', () => {
		const t = target('alone');
		t.dir.dir = join(root, 'fresh', 'parents', 'alone');
		regenerate(t.dir);
		expect(readdirSync(t.dir.dir).sort()).toEqual(['STAMP', 'out.txt']);
		expect(readdirSync(join(root, 'fresh', 'parents'))).toEqual(['alone']);
	});
});
