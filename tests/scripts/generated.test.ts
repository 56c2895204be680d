/** Generated test folders (scripts/generated.ts): written whole, stamped, regenerated only when a source changed, one writer at a time. */
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
});
