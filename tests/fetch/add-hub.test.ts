/** `kernel-atlas add hf:OWNER/REPO` against the stand-in Hub: the scaffold, the download, the lock. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import { placeholderFields } from '../../src/config/placeholders.ts';
import { licenceFromModelCard, preprocessFromTimm } from '../../src/config/from-hub.ts';
import { pickWeightsFile } from '../../src/fetch/index.ts';
import { makeCnn } from '../pipeline/make-cnn.ts';
import { safetensorsBytes } from '../fixtures/checkpoint-writer.ts';
import { resnet18dKeys, stateDict } from '../fixtures/checkpoint-models.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

const CLI = resolve(import.meta.dirname, '../../bin/kernel-atlas.mjs');
const TOKEN = 'hf_standInAddToken5555';
const weights = makeCnn({ channels: [4], size: 16 });
// timm's resnet18d key names and shapes with random weights, as the real model.safetensors on the Hub has them.
const checkpoint = safetensorsBytes(stateDict(resnet18dKeys(), 3));
const CARD = '---\ntags:\n- image-classification\n- timm\nlibrary_name: timm\nlicense: apache-2.0\ndatasets:\n- imagenet-1k\n---\n# Model card for resnet-tiny\n';
// The shape of timm's config.json on the Hub (e.g. timm/resnet18d.ra2_in1k), with other numbers.
const TIMM = {
	architecture: 'resnet-tiny',
	num_classes: 1000,
	pretrained_cfg: { tag: 'ra_in1k', input_size: [3, 160, 192], interpolation: 'bicubic', crop_pct: 0.9, crop_mode: 'center', mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], first_conv: 'conv1.0' },
};

let hub: StandInHub;
let dir: string;
beforeAll(async () => {
	hub = await startStandInHub();
	hub.put('timm/resnet-tiny.ra_in1k', 'model.safetensors', checkpoint, { token: TOKEN, pipelineTag: 'image-classification' });
	hub.put('timm/resnet-tiny.ra_in1k', 'pytorch_model.bin', weights.slice(0, 10));
	hub.put('timm/resnet-tiny.ra_in1k', 'README.md', CARD);
	hub.put('timm/resnet-tiny.ra_in1k', 'config.json', JSON.stringify(TIMM));
	hub.put('acme/onnx-only', 'exports/net.onnx', weights);
	dir = mkdtempSync(join(tmpdir(), 'atlas-add-'));
	mkdirSync(join(dir, 'models'));
});
afterAll(async () => {
	await hub?.close();
	rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((done) => {
		const env: NodeJS.ProcessEnv = { ...process.env, HF_ENDPOINT: hub.endpoint, HF_TOKEN: TOKEN, CI: '1' };
		delete env.HF_HUB_OFFLINE;
		const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (status) => done({ status, stdout, stderr }));
	});
}

describe('kernel-atlas add hf:OWNER/REPO', () => {
	it('writes a valid config with timm\'s preprocessing, the licence, and the Hub\'s sha256', async () => {
		const result = await cli('add', 'hf:timm/resnet-tiny.ra_in1k');
		expect(result.stderr.split('\n').filter((l) => l && !l.startsWith('models: '))).toEqual([]);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Wrote models/resnet-tiny-ra-in1k.json for hf:timm/resnet-tiny.ra_in1k/model.safetensors (id "resnet-tiny-ra-in1k", from the repository name; downloaded ');
		// Where each value came from; what only the author knows is left as a placeholder, and said so.
		expect(result.stdout).toMatch(/^  preprocess +\[160,192\], mean \[0\.5,0\.4,0\.3\], std \[0\.2,0\.25,0\.3\], bicubic, crop 0\.9 +from the file: timm's pretrained_cfg in the repository's config\.json$/m);
		expect(result.stdout).toMatch(/^  license +Apache-2\.0 +from the file: the model card's front matter$/m);
		expect(result.stdout).toContain('Next: write "description.ja", "description.en", "author" (TODO placeholders: the build refuses them)');
		// The layer table, as inspect prints it: the checkpoint's first convolution is timm's conv1.0.
		expect(result.stdout).toMatch(/\n +0 +conv1\.0 +Conv2d +32×3×3×3 f32 +- +- +- +no /);
		const text = readFileSync(join(dir, 'models', 'resnet-tiny-ra-in1k.json'), 'utf8');
		const config = parseModelConfig('models/resnet-tiny-ra-in1k.json', text);
		expect(config).toMatchObject({
			source: 'hf:timm/resnet-tiny.ra_in1k/model.safetensors',
			license: 'Apache-2.0',
			sourceUrl: 'https://huggingface.co/timm/resnet-tiny.ra_in1k',
			task: 'image-classification',
			title: { ja: 'resnet-tiny.ra_in1k', en: 'resnet-tiny.ra_in1k' },
			preprocess: { size: [160, 192], colorOrder: 'RGB', scale: 1 / 255, mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3], interpolation: 'bicubic', cropPct: 0.9 },
			featured: null,
			optional: false,
		});
		const lock = JSON.parse(readFileSync(join(dir, 'models', 'models.lock.json'), 'utf8'));
		expect(config.sha256).toBe(lock.downloads[0].sha256);
		expect(lock.downloads[0].source).toBe(config.source);
		expect(result.stdout + result.stderr + text).not.toContain(TOKEN);
		// The weights are in the build cache, so the first build does not download them again.
		expect(hub.downloads('model.safetensors')).toHaveLength(1);
	});

	it('prints the layer table for a repository whose weights are a single ONNX file', async () => {
		const result = await cli('add', 'hf:acme/onnx-only', '--id', 'onnx-only');
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^0\s+features\.0\s+Conv\s+4×3×3×3 f32\s.*reads the input image$/m);
		// No timm config.json: the preprocessing comes from the file, or is a guess marked as one.
		expect(result.stdout).toMatch(/^  preprocess\.size +\[16, 16\] +from the file: the input image is \[1, 3, 16, 16\]$/m);
		expect(result.stdout).toMatch(/^  preprocess\.scale, mean, std .* GUESS: the file does not say; this is the ImageNet normalisation/m);
		expect(result.stdout).toMatch(/^  license +\(to fill in\) +GUESS: the model card names no licence$/m);
		expect(result.stdout).toContain('Check every GUESS before you publish: the right values are usually in the model card');
		const config = parseModelConfig('models/onnx-only.json', readFileSync(join(dir, 'models', 'onnx-only.json'), 'utf8'));
		expect(config.source).toBe('hf:acme/onnx-only/exports/net.onnx');
		expect(placeholderFields(config)).toEqual(['description.ja', 'description.en', 'license', 'author', 'task']);
	});

	it.each([
		[['add', 'hf:nobody/nothing'], 1, /^kernel-atlas: hf:nobody\/nothing: no such repository or revision on http:\/\/127\.0\.0\.1:\d+ \(HTTP 404, RepoNotFound\)\. Check OWNER\/REPO and the revision after "@"$/],
		[['add', 'hf:timm'], 2, /^kernel-atlas add: "hf:timm" does not start with OWNER\/REPO; write hf:OWNER\/REPO\[@REVISION\], e\.g\. hf:timm\/resnet18d\.ra2_in1k$/],
		[['add', 'hf:timm/resnet-tiny.ra_in1k'], 1, /^kernel-atlas: models\/resnet-tiny-ra-in1k\.json: already exists\. Edit it, or pass --force to overwrite it$/],
	])('%j fails in one line', async (args, status, message) => {
		const result = await cli(...args);
		expect(result.status).toBe(status);
		expect(result.stderr.trim()).toMatch(message);
	});
});

describe('what add reads from a repository', () => {
	it.each([
		[['model.safetensors', 'pytorch_model.bin', 'a.onnx'], 'model.safetensors'],
		[['pytorch_model.bin', 'model.safetensors.index.json'], 'model.safetensors.index.json'],
		[['README.md', 'pytorch_model.bin', 'x.onnx'], 'pytorch_model.bin'],
		[['README.md', 'onnx/model.onnx'], 'onnx/model.onnx'],
		[['a.onnx', 'b.onnx'], null],
	])('weights in %j: %s', (paths, expected) => {
		expect(pickWeightsFile(paths.map((path) => ({ path, size: null, sha256: null })))?.path ?? null).toBe(expected);
	});

	it.each([
		[CARD, 'Apache-2.0'],
		['---\nlicense: "mit" # the code and weights\n---\n', 'MIT'],
		['---\nlicense: other\nlicense_name: custom\n---\n', 'other'],
		['# no front matter\nlicense: mit\n', null],
	])('licence of a model card', (card, expected) => {
		expect(licenceFromModelCard(card)).toBe(expected);
	});

	it('timm\'s defaults where pretrained_cfg is silent, and notes for what does not fit', () => {
		expect(preprocessFromTimm(JSON.stringify({ pretrained_cfg: { input_size: [3, 224, 224] } })).preprocess).toMatchObject({ interpolation: 'bilinear', cropPct: 0.875 });
		const odd = preprocessFromTimm(JSON.stringify({ pretrained_cfg: { input_size: [224], interpolation: 'random', crop_pct: 1.15 } }));
		expect(odd.preprocess.size).toEqual([224, 224]);
		expect(odd.preprocess.interpolation).toBeUndefined();
		expect(odd.notes).toHaveLength(3);
	});
});
