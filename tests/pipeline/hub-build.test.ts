/**
 * Builds whose configs name models on the Hub (a stand-in on 127.0.0.1 through HF_ENDPOINT) or by URL:
 * downloaded once, verified, reused offline; failures are one line and leave dist/ alone; optional
 * models are skipped and the featured choice falls back. Only the model half of the build runs
 * (`--models-only`): the Astro half is covered by build.test.ts.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';

// Whole builds (Astro included): a minute on a quiet two-core machine, several when it is shared.
vi.setConfig({ testTimeout: 240_000 });
import { startStandInHub, type StandInHub } from '../fetch/stand-in-hub.ts';
import { makeCnn, writeCnn } from './make-cnn.ts';
import { safetensorsBytes } from '../fixtures/checkpoint-writer.ts';
import { resnet18dKeys, stateDict } from '../fixtures/checkpoint-models.ts';

const ROOT = join(import.meta.dirname, '..', '..');
import { tempProject, type TempProject } from './project.ts';

const TOKEN = 'hf_standInBuildToken0987654321';
const served = makeCnn({ channels: [8, 8], size: 16 });
let hub: StandInHub;
let project: TempProject;

// Every config below names its own source.
const base = { ...MINIMAL_CONFIG, preprocess: { size: [16, 16] } };
const writeConfig = (id: string, fields: object) => writeFileSync(project.path('models', `${id}.json`), JSON.stringify({ ...base, ...fields }));

beforeAll(async () => {
	hub = await startStandInHub();
	hub.put('acme/hub-net', 'model.onnx', served, { token: TOKEN });
	project = tempProject();
	for (const f of readdirSync(project.path('models'))) if (f.endsWith('.json') && f !== 'resnet18d.json') rmSync(project.path('models', f));
	writeCnn(project.path('models', 'local-net.onnx'), { channels: [4, 4], size: 16 });
	writeConfig('local-net', { source: 'local-net.onnx' });
});
afterAll(async () => {
	project?.remove();
	await hub?.close();
});

/** The model half of the build, talking to the stand-in Hub with the token set. */
const build = (env: Record<string, string | undefined> = {}, full = false) =>
	project.node(full ? ['scripts/build.ts'] : ['scripts/build.ts', '--models-only'], { HF_ENDPOINT: hub.endpoint, HF_TOKEN: TOKEN, HF_HUB_OFFLINE: undefined, ...env });

/** The summary table's row for a model, split into cells. */
function summaryRow(stderr: string, id: string): string[] {
	const line = stderr.split('\n').find((l) => l.startsWith(`${id} `));
	if (!line) throw new Error(`no summary row for ${id} in:\n${stderr}`);
	return line.trim().split(/\s{2,}/).slice(1);
}

/** Text of every file the build may write to, to prove the token went nowhere. */
function writtenText(): string {
	const roots = ['.atlas-cache', 'generated', 'models'].map((r) => project.path(r));
	return roots
		.flatMap((root) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'latin1')))
		.join('\n');
}

const lock = () => JSON.parse(project.read('models', 'models.lock.json'));
const atlas = () => JSON.parse(project.read('generated', 'atlas.json'));

describe('the default Hub model, offline as in CI', () => {
	it('skips the optional resnet18d with a warning, and features the next usable model', async () => {
		const result = await build({ HF_HUB_OFFLINE: '1' });
		expect(result.status, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/^models: resnet18d: skipped, as it is optional: cannot use http:\/\/127\.0\.0\.1:\d+\/timm\/resnet18d\.ra2_in1k\/resolve\/main\/model\.safetensors: HF_HUB_OFFLINE is set and it is not in the download cache yet$/m);
		expect(summaryRow(result.stderr, 'resnet18d')).toEqual(['-', '-', '-', '-', 'skipped', 'offline']);
		expect(result.stderr).toContain('build: featured model resnet18d is unavailable (offline); featuring local-net instead\n');
		expect(atlas().featured).toBe('local-net');
		expect(hub.requests).toHaveLength(0);
		rmSync(project.path('models', 'resnet18d.json'));
	});
});

describe('a model on the Hub', () => {
	it('is downloaded once (with the token, through the redirect) and built', async () => {
		writeConfig('hub-net', { source: 'hf:acme/hub-net/model.onnx', featured: 1 });
		const result = await build();
		expect(result.status, result.stderr).toBe(0);
		expect(hub.downloads('hub-net')).toHaveLength(1);
		expect(hub.requests.filter((r) => r.server === 'cdn')).toHaveLength(1);
		expect(result.stderr).toMatch(/^models: hub-net: downloaded [\d.]+ kB, [\d.]+ [kM]B\/s from http:\/\/127\.0\.0\.1:\d+\/acme\/hub-net\/resolve\/main\/model\.onnx$/m);
		expect(summaryRow(result.stderr, 'hub-net')).toEqual(['2', '16', expect.any(String), expect.stringMatching(/s$/), 'no']);
		const data = JSON.parse(project.read('generated', 'models', 'hub-net.json'));
		expect(data.layers.map((l: { weightShape: number[] }) => l.weightShape)).toEqual([[8, 3, 3, 3], [8, 8, 3, 3]]);
		expect(project.exists('public', 'atlas', 'hub-net')).toBe(true);
		expect(atlas().featured).toBe('hub-net');
		expect(lock().downloads).toEqual([{ source: 'hf:acme/hub-net/model.onnx', url: `${hub.endpoint}/acme/hub-net/resolve/main/model.onnx`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: served.length }]);
		expect(result.stdout + result.stderr + writtenText()).not.toContain(TOKEN);
	});

	it('is not downloaded again, online or offline', async () => {
		const again = await build();
		expect(again.status, again.stderr).toBe(0);
		expect(summaryRow(again.stderr, 'hub-net').at(-1)).toBe('yes');
		const offline = await build({ HF_HUB_OFFLINE: '1' });
		expect(offline.status, offline.stderr).toBe(0);
		expect(summaryRow(offline.stderr, 'hub-net').at(-1)).toBe('yes');
		expect(hub.downloads('hub-net')).toHaveLength(1);
	});
});

describe('failures: exit 1, one line naming the config and the URL, dist/ and generated/ untouched', () => {
	const marker = 'the previous site';
	const failOnce = async () => {
		mkdirSync(project.path('dist'), { recursive: true });
		writeFileSync(project.path('dist', 'index.html'), marker);
		const generated = project.read('generated', 'atlas.json');
		const result = await build({}, true);
		expect(result.status).toBe(1);
		const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('models: '));
		expect(lines, result.stderr).toHaveLength(1);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(project.read('dist', 'index.html')).toBe(marker);
		expect(project.read('generated', 'atlas.json')).toBe(generated);
		expect(readdirSync(project.path('.atlas-cache', 'downloads'), { recursive: true }).filter((f) => String(f).includes('.part-'))).toEqual([]);
		return lines[0]!;
	};

	it('a file changed upstream does not match the lock file', async () => {
		rmSync(project.path('.atlas-cache', 'downloads'), { recursive: true });
		hub.put('acme/hub-net', 'model.onnx', makeCnn({ channels: [8, 8], size: 16, seed: 5 }));
		try {
			const line = await failOnce();
			expect(line).toMatch(
				/^build: models\/hub-net\.json: http:\/\/127\.0\.0\.1:\d+\/acme\/hub-net\/resolve\/main\/model\.onnx does not match its entry in models\/models\.lock\.json: sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…\. The file changed upstream since it was locked: pin a revision \(@COMMIT\) in "source", or, if you trust the new file, delete its entry from models\/models\.lock\.json and build again$/,
			);
		} finally {
			hub.put('acme/hub-net', 'model.onnx', served);
		}
	});

	it('a wrong sha256 in the config', async () => {
		writeConfig('hub-net', { source: 'hf:acme/hub-net/model.onnx', featured: 1, sha256: 'f'.repeat(64) });
		const line = await failOnce();
		writeConfig('hub-net', { source: 'hf:acme/hub-net/model.onnx', featured: 1 });
		expect(line).toMatch(/^build: models\/hub-net\.json: http:\/\/127\.0\.0\.1:\d+\/\S+ does not match the "sha256" in the config: sha256 [0-9a-f]{12}…, expected ffffffffffff…\. Check the "sha256" field/);
	});

	it('a local file that does not match its sha256', async () => {
		writeConfig('local-net', { source: 'local-net.onnx', sha256: 'a'.repeat(64) });
		const line = await failOnce();
		writeConfig('local-net', { source: 'local-net.onnx' });
		expect(line).toMatch(/^build: models\/local-net\.json: field "sha256": models\/local-net\.onnx has sha256 [0-9a-f]{12}…, not aaaaaaaaaaaa…\. Put the right file in place, or correct "sha256"$/);
	});

	it('a file missing on the Hub', async () => {
		writeConfig('gone', { source: 'hf:acme/hub-net/gone.onnx' });
		const line = await failOnce();
		rmSync(project.path('models', 'gone.json'));
		expect(line).toMatch(/^build: models\/gone\.json: cannot download http:\/\/127\.0\.0\.1:\d+\/acme\/hub-net\/resolve\/main\/gone\.onnx: not found \(HTTP 404, EntryNotFound\)\. Check the repository, the file path and the revision in "source"$/);
	});
});

describe('optional models and the featured ranks', () => {
	it('an optional model that cannot be fetched is skipped, and the next rank is featured', async () => {
		writeConfig('slow-net', { source: `${hub.silent}/model.onnx`, optional: true, featured: 1 });
		writeConfig('hub-net', { source: 'hf:acme/hub-net/model.onnx', featured: 2 });
		const result = await build({ HF_HUB_DOWNLOAD_TIMEOUT: '1' });
		expect(result.status, result.stderr).toBe(0);
		expect(result.stderr).toContain(`models: slow-net: skipped, as it is optional: cannot download ${hub.silent}/model.onnx: no answer within 1 s\n`);
		expect(summaryRow(result.stderr, 'slow-net')).toEqual(['-', '-', '-', '-', 'skipped', 'timed out']);
		expect(result.stderr).toContain('build: featured model slow-net is unavailable (timed out); featuring hub-net instead\n');
		expect(atlas().featured).toBe('hub-net');
		expect(atlas().models.map((m: { id: string }) => m.id)).toEqual(['hub-net', 'local-net']);
	});

	it('a removed model leaves no lock entry and no download behind', async () => {
		rmSync(project.path('models', 'slow-net.json'));
		rmSync(project.path('models', 'hub-net.json'));
		const result = await build();
		expect(result.status, result.stderr).toBe(0);
		expect(lock().downloads).toEqual([]);
		expect(readdirSync(project.path('.atlas-cache', 'downloads'))).toEqual([]);
		expect(atlas().featured).toBe('local-net');
	});
});

describe('the published site: timm resnet18d from the Hub, featured', () => {
	it('downloads the safetensors checkpoint named by models/resnet18d.json, features it, and its pages say what a checkpoint does not record', async () => {
		// The repository's own config, served a checkpoint with timm's key names and shapes (random weights).
		writeFileSync(project.path('models', 'resnet18d.json'), readFileSync(join(ROOT, 'models', 'resnet18d.json')));
		hub.put('timm/resnet18d.ra2_in1k', 'model.safetensors', safetensorsBytes(stateDict(resnet18dKeys(), 7), { format: 'pt' }));
		const result = await build({}, true);
		expect(result.status, result.stderr).toBe(0);
		expect(atlas().featured).toBe('resnet18d');
		expect(result.stderr).not.toContain('featured model resnet18d is unavailable');
		const model = JSON.parse(project.read('generated', 'models', 'resnet18d.json'));
		expect(model.info.format).toBe('safetensors');
		expect(model.layers[0]).toMatchObject({ name: 'conv1.0', weightShape: [32, 3, 3, 3], geometry: null, receptiveField: null, followedByBatchNorm: true });
		// The first layer is drawn as colours and run on the photo (stride 1, same padding: 224 × 224 maps).
		expect(model.galleries[0].kernels).toHaveLength(32);
		expect(model.galleries[0].kernels[0].featureMap).toMatchObject({ width: 224, height: 224 });
		const en = project.read('dist', 'en', 'models', 'resnet18d', 'index.html');
		expect(en).toContain('not recorded in a checkpoint');
		expect(en).toContain('safetensors checkpoint');
		expect(project.read('dist', 'models', 'resnet18d', 'index.html')).toContain('記録なし（チェックポイント）');
		expect(project.read('dist', 'en', 'tutorial', 'learned-kernels', 'index.html')).toContain('resnet18d');
		rmSync(project.path('models', 'resnet18d.json'));
	});
});
