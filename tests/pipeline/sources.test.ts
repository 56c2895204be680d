/**
 * The build's first stage in this process (hub-build.test.ts runs the whole build as a child process):
 * local files found, Hub files downloaded from the stand-in Hub on 127.0.0.1, optional models skipped
 * when they cannot be fetched, the lock file and the download cache following the configs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import type { ModelConfig } from '../../src/config/model-config.ts';
import { ProgressReporter } from '../../src/pipeline/progress.ts';
import { resolveSources } from '../../src/pipeline/sources.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { startStandInHub, type StandInHub } from '../fetch/stand-in-hub.ts';
import { makeCnn, writeCnn } from './make-cnn.ts';

const weights = makeCnn({ channels: [4], size: 16, seed: 7 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_HUB_OFFLINE: process.env.HF_HUB_OFFLINE, HF_TOKEN: process.env.HF_TOKEN };

let hub: StandInHub;
let root: string;
let paths: { root: string; models: string; cache: string };
beforeAll(async () => {
	hub = await startStandInHub();
	hub.put('owner/tiny', 'model.onnx', weights);
	root = mkdtempSync(join(tmpdir(), 'atlas-sources-'));
	paths = { root, models: join(root, 'models'), cache: join(root, '.atlas-cache') };
	mkdirSync(paths.models);
	writeCnn(join(paths.models, 'local.onnx'), { channels: [2] });
});
afterAll(async () => {
	await hub?.close();
	rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
	for (const [k, v] of Object.entries(saved)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
});

const config = (id: string, extra: Record<string, unknown>): ModelConfig => parseModelConfig(join(paths.models, `${id}.json`), JSON.stringify({ ...MINIMAL_CONFIG, ...extra }));
/** Resolves with a progress reporter writing into a list of lines. */
async function resolve(configs: ModelConfig[]) {
	const lines: string[] = [];
	const out = { isTTY: false, write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WriteStream;
	const result = await resolveSources(configs, paths, new ProgressReporter(configs.map((c) => c.id), out));
	return { ...result, lines: lines.join('').trimEnd().split('\n') };
}
const lockPath = () => join(paths.models, 'models.lock.json');

describe('resolveSources', () => {
	it('finds a local file without hashing it, and writes no lock file when nothing is remote', async () => {
		const { available, skipped } = await resolve([config('local', { source: 'local.onnx' })]);
		expect(available).toEqual([expect.objectContaining({ file: join(paths.models, 'local.onnx'), sha256: null })]);
		expect(available[0]!.bytes).toBe(readFileSync(join(paths.models, 'local.onnx')).length);
		expect(skipped.size).toBe(0);
		expect(existsSync(lockPath())).toBe(false);
	});

	it('downloads a Hub file once, verifies it, records it in the lock, and keeps the configs\' order', async () => {
		process.env.HF_ENDPOINT = hub.endpoint;
		delete process.env.HF_HUB_OFFLINE;
		const configs = [config('remote', { source: 'hf:owner/tiny/model.onnx' }), config('local', { source: 'local.onnx' })];
		const first = await resolve(configs);
		expect(first.available.map((m) => m.config.id)).toEqual(['remote', 'local']);
		const remote = first.available[0]!;
		expect(remote.sha256).toBe(sha(weights));
		expect(remote.bytes).toBe(weights.length);
		expect(readFileSync(remote.file).equals(Buffer.from(weights))).toBe(true);
		const kb = (weights.length / 1024).toFixed(1).replace('.', '\\.');
		expect(first.lines.at(-1)).toMatch(new RegExp(`^models: remote: downloaded ${kb} kB, [\\d.]+ kB/s from http://127\\.0\\.0\\.1:\\d+/owner/tiny/resolve/main/model\\.onnx$`));
		const lock = JSON.parse(readFileSync(lockPath(), 'utf8'));
		expect(lock.downloads.map((d: { source: string }) => d.source)).toEqual(['hf:owner/tiny/model.onnx']);
		expect(lock.downloads[0].sha256).toBe(sha(weights));
		// The second time the file comes from the download cache: no request for it, no "downloaded" line.
		const downloads = hub.downloads('model.onnx').length;
		const second = await resolve(configs);
		expect(hub.downloads('model.onnx').length).toBe(downloads);
		expect(second.available[0]!.file).toBe(remote.file);
		expect(second.lines.some((l) => l.includes('downloaded'))).toBe(false);
	});

	it('skips an optional model it cannot fetch and says why; a required one stops the build', async () => {
		process.env.HF_ENDPOINT = hub.endpoint;
		const missing = config('gone', { source: 'hf:owner/nothing/model.onnx', optional: true });
		const { available, skipped, lines } = await resolve([missing, config('local', { source: 'local.onnx' })]);
		expect(available.map((m) => m.config.id)).toEqual(['local']);
		expect([...skipped.keys()]).toEqual(['gone']);
		expect(lines.filter((l) => l.startsWith('models: gone: '))).toEqual([expect.stringMatching(/^models: gone: skipped, as it is optional: /)]);
		await expect(resolve([config('gone', { source: 'hf:owner/nothing/model.onnx' })])).rejects.toThrow(/gone\.json/);
	});

	it('offline, an optional Hub model not downloaded before is skipped as offline', async () => {
		process.env.HF_ENDPOINT = hub.endpoint;
		process.env.HF_HUB_OFFLINE = '1';
		hub.put('owner/later', 'model.onnx', weights);
		const { available, skipped } = await resolve([config('later', { source: 'hf:owner/later/model.onnx', optional: true })]);
		expect(available).toEqual([]);
		expect(skipped.get('later')).toBe('offline');
	});

	it('never skips a file that is not the one its config expects, even an optional one', async () => {
		process.env.HF_ENDPOINT = hub.endpoint;
		delete process.env.HF_HUB_OFFLINE;
		hub.put('owner/other', 'model.onnx', weights);
		const wrong = config('other', { source: 'hf:owner/other/model.onnx', optional: true, sha256: '0'.repeat(64) });
		await expect(resolve([wrong])).rejects.toThrow(/other\.json/);
	});

	it('a removed remote model leaves no lock entry and no downloaded file', async () => {
		process.env.HF_ENDPOINT = hub.endpoint;
		delete process.env.HF_HUB_OFFLINE;
		await resolve([config('remote', { source: 'hf:owner/tiny/model.onnx' })]);
		expect(readdirSync(join(paths.cache, 'downloads')).length).toBe(1);
		await resolve([config('local', { source: 'local.onnx' })]);
		expect(readdirSync(join(paths.cache, 'downloads'))).toEqual([]);
		expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toEqual({ lockfileVersion: 1, downloads: [] });
	});
});
