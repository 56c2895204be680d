/** The build cache: hashes remembered by stat identity, keys, entries trusted only for their key, committed whole. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cacheKey, commitCacheEntry, readCacheEntry, sha256Memoized, stagingDir } from '../../src/pipeline/cache.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256Memoized', () => {
	it('hashes each file, and does not remember a file changed in the last two seconds (its stat could still repeat)', async () => {
		const a = join(root, 'a.bin');
		const fresh = join(root, 'fresh.bin');
		writeFileSync(a, 'alpha');
		writeFileSync(fresh, 'just written');
		const memo = join(root, 'memo', 'hashes.json');
		expect(await sha256Memoized([a, fresh], memo)).toEqual([sha('alpha'), sha('just written')]);
		expect(JSON.parse(readFileSync(memo, 'utf8'))).toEqual({});
		expect(readdirSync(join(root, 'memo'))).toEqual(['hashes.json']);
	});

	it('remembers a settled file, trusts the memo while the file\'s stat holds, and hashes again once it changed', async () => {
		const b = join(root, 'b.bin');
		writeFileSync(b, 'bravo');
		await new Promise((r) => setTimeout(r, 2100));
		const memo = join(root, 'memo-b.json');
		expect(await sha256Memoized([b], memo)).toEqual([sha('bravo')]);
		const remembered = JSON.parse(readFileSync(memo, 'utf8'));
		expect(Object.keys(remembered)).toEqual([b]);
		expect(remembered[b].sha).toBe(sha('bravo'));
		// Plant a false hash under the same stat identity: only a memo lookup can return it.
		writeFileSync(memo, JSON.stringify({ [b]: { ...remembered[b], sha: 'f'.repeat(64) } }));
		expect(await sha256Memoized([b], memo)).toEqual(['f'.repeat(64)]);
		writeFileSync(b, 'bravo, changed');
		expect(await sha256Memoized([b], memo)).toEqual([sha('bravo, changed')]);
	});

	it('a torn memo file is read as no memo', async () => {
		const c = join(root, 'c.bin');
		writeFileSync(c, 'charlie');
		const memo = join(root, 'torn.json');
		writeFileSync(memo, '{"half": ');
		expect(await sha256Memoized([c], memo)).toEqual([sha('charlie')]);
		expect(JSON.parse(readFileSync(memo, 'utf8'))).toEqual({});
	});
});

describe('cacheKey', () => {
	it('is 32 hex digits and changes with the model, the config and any stage version', () => {
		const base = { modelSha256: 'a'.repeat(64), config: { preprocess: { colorOrder: 'RGB' } }, versions: { render: 3, analysis: 2 } };
		const key = cacheKey(base);
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(cacheKey(structuredClone(base))).toBe(key);
		expect(cacheKey({ ...base, modelSha256: 'b'.repeat(64) })).not.toBe(key);
		expect(cacheKey({ ...base, config: { preprocess: { colorOrder: 'BGR' } } })).not.toBe(key);
		expect(cacheKey({ ...base, versions: { render: 4, analysis: 2 } })).not.toBe(key);
	});
});

describe('cache entries', () => {
	it('an entry is read back only for the key it was written with', () => {
		const dir = join(root, 'models', 'net');
		const staging = stagingDir(dir);
		expect(existsSync(staging)).toBe(true);
		expect(readdirSync(staging)).toEqual([]);
		writeFileSync(join(staging, 'image.png'), 'pixels');
		commitCacheEntry(staging, dir, { key: 'k1', data: { layers: 3 } });
		expect(existsSync(staging)).toBe(false);
		expect(readCacheEntry(dir, 'k1')).toEqual({ key: 'k1', data: { layers: 3 } });
		expect(readCacheEntry(dir, 'k2')).toBeNull();
		expect(readFileSync(join(dir, 'image.png'), 'utf8')).toBe('pixels');
	});

	it('committing again replaces the whole entry, leaving no old folder', () => {
		const dir = join(root, 'models', 'net');
		const staging = stagingDir(dir);
		commitCacheEntry(staging, dir, { key: 'k2', data: { layers: 4 } });
		expect(readdirSync(dir)).toEqual(['manifest.json']);
		expect(readCacheEntry(dir, 'k2')?.data).toEqual({ layers: 4 });
		expect(readdirSync(join(root, 'models'))).toEqual(['net']);
	});

	it('a missing, torn or foreign manifest is a miss, never an error', () => {
		const dir = join(root, 'models', 'odd');
		expect(readCacheEntry(dir, 'k')).toBeNull();
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'manifest.json'), '{"key": "k", "da');
		expect(readCacheEntry(dir, 'k')).toBeNull();
		writeFileSync(join(dir, 'manifest.json'), 'null');
		expect(readCacheEntry(dir, 'k')).toBeNull();
	});

	it('a staging folder starts empty even if an earlier run left one with the same name', () => {
		const dir = join(root, 'models', 'again');
		const first = stagingDir(dir);
		writeFileSync(join(first, 'left-over'), 'x');
		const second = stagingDir(dir);
		expect(readdirSync(second)).toEqual([]);
	});

	it('a staging folder left with files by a run of the same process in the same millisecond is emptied, not refused', () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
			const dir = join(root, 'models', 'same-ms');
			const first = stagingDir(dir);
			mkdirSync(join(first, 'images'));
			writeFileSync(join(first, 'images', 'left-over.png'), 'x');
			const second = stagingDir(dir);
			expect(second).toBe(first);
			expect(readdirSync(second)).toEqual([]);
		} finally {
			vi.useRealTimers();
		}
	});
});
