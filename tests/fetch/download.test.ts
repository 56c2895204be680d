import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError, fetchRemoteModel, parseModelSource, readLock, writeLock, type HubSettings, type RemoteSource } from '../../src/fetch/index.ts';
import { makeCnn } from '../pipeline/make-cnn.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

const TOKEN = 'hf_standInSecretToken1234567890';
const weights = makeCnn({ channels: [4, 4], size: 16 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let hub: StandInHub;
let dir: string;
beforeAll(async () => {
	hub = await startStandInHub();
	hub.put('timm/tiny', 'model.safetensors', weights);
	hub.put('gated/tiny', 'model.onnx', weights, { token: TOKEN });
	const index = { metadata: { total_size: 2 * weights.length }, weight_map: { 'a.weight': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors', 'c.weight': 'model-00001-of-00002.safetensors' } };
	hub.put('big/sharded', 'model.safetensors.index.json', JSON.stringify(index));
	hub.put('big/sharded', 'model-00001-of-00002.safetensors', weights);
	hub.put('big/sharded', 'model-00002-of-00002.safetensors', weights.slice(0, 100));
	dir = mkdtempSync(join(tmpdir(), 'atlas-fetch-'));
});
afterAll(async () => {
	await hub?.close();
	rmSync(dir, { recursive: true, force: true });
});

const settings = (extra: Partial<HubSettings> = {}): HubSettings => ({ endpoint: hub.endpoint, token: undefined, offline: false, timeoutMs: 5000, ...extra });

/** Fetches `source` into a cache under `name`, with the lock file `name/models.lock.json`. */
function fetchInto(name: string, source: string, extra: Partial<HubSettings> = {}, expectedSha256?: string) {
	const lock = readLock(join(dir, `${name}.lock.json`));
	const run = fetchRemoteModel({ label: `models/${name}.json`, sourceText: source, source: parseModelSource(source) as RemoteSource, expectedSha256, lock, cacheDir: join(dir, name), settings: settings(extra) });
	return run.then((result) => ({ result, lock }));
}

/** Every file under a folder, recursively (to check nothing half-written or secret is left). */
function filesUnder(root: string): string[] {
	try {
		return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
	} catch {
		return [];
	}
}

async function failure(promise: Promise<unknown>): Promise<DownloadError> {
	const error = await promise.then(() => null, (e: unknown) => e);
	expect(error).toBeInstanceOf(DownloadError);
	return error as DownloadError;
}

describe('downloading a Hub file', () => {
	it('follows the redirect to the CDN, keeps the real file name, and records the lock entry', async () => {
		const before = hub.requests.length;
		const { result, lock } = await fetchInto('a', 'hf:timm/tiny/model.safetensors');
		expect(result.path.endsWith('/model.safetensors')).toBe(true);
		expect(readFileSync(result.path)).toEqual(Buffer.from(weights));
		expect(result).toMatchObject({ contentSha256: sha(weights), bytes: weights.length, downloadedBytes: weights.length, url: `${hub.endpoint}/timm/tiny/resolve/main/model.safetensors` });
		expect(hub.requests.slice(before).map((r) => r.server)).toEqual(['hub', 'cdn']);
		expect([...lock.entries.values()]).toEqual([{ source: 'hf:timm/tiny/model.safetensors', url: result.url, sha256: sha(weights), bytes: weights.length }]);
		writeLock(lock, new Set(['hf:timm/tiny/model.safetensors']));
		expect(JSON.parse(readFileSync(join(dir, 'a.lock.json'), 'utf8'))).toEqual({ lockfileVersion: 1, downloads: [{ source: 'hf:timm/tiny/model.safetensors', url: result.url, sha256: sha(weights), bytes: weights.length }] });
	});

	it('uses the cached file without any request, also offline', async () => {
		const before = hub.requests.length;
		const { result } = await fetchInto('a', 'hf:timm/tiny/model.safetensors');
		const offline = await fetchInto('a', 'hf:timm/tiny/model.safetensors', { offline: true });
		expect(hub.requests.length).toBe(before);
		expect(result.downloadedBytes).toBe(0);
		expect(offline.result.path).toBe(result.path);
	});

	it('offline with nothing cached: no request at all, and a message saying what to do', async () => {
		const before = hub.requests.length;
		const error = await failure(fetchInto('b', 'hf:timm/tiny/model.safetensors', { offline: true }));
		expect(hub.requests.length).toBe(before);
		expect(error.reason).toBe('offline');
		expect(error.message).toBe(
			`models/b.json: cannot use ${hub.endpoint}/timm/tiny/resolve/main/model.safetensors: HF_HUB_OFFLINE is set and it is not in the download cache yet. Build once with network access (unset HF_HUB_OFFLINE), or mark the model "optional": true`,
		);
	});

	it('brings the shards of a sharded checkpoint next to its index', async () => {
		const { result, lock } = await fetchInto('c', 'hf:big/sharded/model.safetensors.index.json');
		const folder = join(result.path, '..');
		expect(readdirSync(folder).filter((f) => !f.includes('memo')).sort()).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json']);
		expect(lock.entries.get('hf:big/sharded/model.safetensors.index.json')!.files).toEqual([
			{ name: 'model-00001-of-00002.safetensors', sha256: sha(weights), bytes: weights.length },
			{ name: 'model-00002-of-00002.safetensors', sha256: sha(weights.slice(0, 100)), bytes: 100 },
		]);
		expect(result.bytes).toBe(statSync(result.path).size + weights.length + 100);
	});
});

describe('verification', () => {
	it('a wrong sha256 in the config fails and leaves no file', async () => {
		const error = await failure(fetchInto('d', 'hf:timm/tiny/model.safetensors', {}, '0'.repeat(64)));
		expect(error.reason).toBe('checksum mismatch');
		expect(error.message).toMatch(/^models\/d\.json: http:\/\/127\.0\.0\.1:\d+\/timm\/tiny\/resolve\/main\/model\.safetensors does not match the "sha256" in the config: sha256 [0-9a-f]{12}…, expected 000000000000…\. Check the "sha256" field/);
		expect(filesUnder(join(dir, 'd'))).toEqual([]);
	});

	it('the lock is enforced: a file changed upstream fails, the cached copy is not replaced', async () => {
		const { lock } = await fetchInto('e', 'hf:timm/tiny/model.safetensors');
		writeLock(lock);
		rmSync(join(dir, 'e'), { recursive: true });
		hub.put('timm/tiny', 'model.safetensors', makeCnn({ channels: [4, 4], size: 16, seed: 9 }));
		try {
			const error = await failure(fetchInto('e', 'hf:timm/tiny/model.safetensors'));
			expect(error.message).toContain('does not match its entry in models/models.lock.json');
			expect(error.message).toContain('delete its entry from models/models.lock.json');
			expect(filesUnder(join(dir, 'e'))).toEqual([]);
			expect(readLock(join(dir, 'e.lock.json')).entries.get('hf:timm/tiny/model.safetensors')!.sha256).toBe(sha(weights));
		} finally {
			hub.put('timm/tiny', 'model.safetensors', weights);
		}
	});
});

describe('failures name the config, the URL and what to do', () => {
	it('a gated repository needs HF_TOKEN; the token goes to the Hub, not to the CDN, and never into text or files', async () => {
		const denied = await failure(fetchInto('f', 'hf:gated/tiny/model.onnx'));
		expect(denied.reason).toBe('HTTP 401');
		expect(denied.message).toBe(
			`models/f.json: cannot download ${hub.endpoint}/gated/tiny/resolve/main/model.onnx: access denied (HTTP 401, GatedRepo). The repository is gated or private: accept its terms on its Hub page and set HF_TOKEN to a token with read access`,
		);
		const before = hub.requests.length;
		const { result, lock } = await fetchInto('f', 'hf:gated/tiny/model.onnx', { token: TOKEN });
		writeLock(lock);
		const sent = hub.requests.slice(before);
		expect(sent.map((r) => [r.server, r.authorization])).toEqual([['hub', `Bearer ${TOKEN}`], ['cdn', undefined]]);
		expect(result.downloadedBytes).toBe(weights.length);
		for (const file of [...filesUnder(join(dir, 'f')), join(dir, 'f.lock.json')]) expect(readFileSync(file, 'latin1'), file).not.toContain(TOKEN);
		const wrong = await failure(fetchInto('g', 'hf:gated/tiny/model.onnx', { token: 'hf_wrong' }));
		expect(wrong.message).toContain('HF_TOKEN was sent but gives no access');
		expect(wrong.message).not.toContain('hf_wrong');
	});

	it.each([
		['hf:timm/tiny/nothing.bin', 'not found (HTTP 404, EntryNotFound). Check the repository, the file path and the revision in "source"; a private repository also needs HF_TOKEN'],
		['hf:nobody/none/model.bin', 'not found (HTTP 404, RepoNotFound). Check the repository'],
		['hf:timm/tiny/model.safetensors@v9', 'not found (HTTP 404, RevisionNotFound)'],
	])('%s: 404', async (source, message) => {
		const error = await failure(fetchInto('h', source));
		expect(error.message).toContain(message);
		expect(error.reason).toBe('HTTP 404');
	});

	it('a host that never answers fails within the timeout, leaving nothing behind', async () => {
		const started = performance.now();
		const error = await failure(fetchInto('i', `${hub.silent}/model.onnx`, { timeoutMs: 400 }));
		expect(performance.now() - started).toBeLessThan(3000);
		expect(error.reason).toBe('timed out');
		expect(error.message).toBe(`models/i.json: cannot download ${hub.silent}/model.onnx: no answer within 0.4 s. Check the network, or raise HF_HUB_DOWNLOAD_TIMEOUT; to build from the download cache only, set HF_HUB_OFFLINE=1`);
		expect(filesUnder(join(dir, 'i'))).toEqual([]);
	});

	it('a refused connection says so at once', async () => {
		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
		const port = (closed.address() as { port: number }).port;
		await new Promise((r) => closed.close(r));
		const error = await failure(fetchInto('j', 'hf:timm/tiny/model.safetensors', { endpoint: `http://127.0.0.1:${port}` }));
		expect(error.reason).toBe('no connection');
		expect(error.message).toContain('no connection (ECONNREFUSED). Check the network and HF_ENDPOINT');
	});
});
