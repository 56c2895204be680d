/**
 * The command line on checkpoints, as the tutorial's reader would use it: `inspect` lists timm's
 * `conv1.0` [32, 3, 3, 3] first (what `model.conv1[0].weight` prints), `export` gives the stored values
 * exactly, `analyse` and `render` work, for a safetensors file, a torch.save state dict and a sharded
 * safetensors checkpoint, each written by the test from seeded values with timm's real key names.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safetensorsBytes, torchSaveBytes } from '../../fixtures/checkpoint-writer.ts';
import { resnet18dKeys, stateDict } from '../../fixtures/checkpoint-models.ts';

const bin = resolve(import.meta.dirname, '../../../bin/kernel-atlas.mjs');
const tensors = stateDict(resnet18dKeys(), 18);
const conv10 = tensors.find((t) => t.name === 'conv1.0.weight')!;
let dir: string;

function cli(...args: string[]) {
	const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'kernel-atlas-ckpt-cli-'));
	writeFileSync(join(dir, 'model.safetensors'), safetensorsBytes(tensors, { format: 'pt' }));
	writeFileSync(join(dir, 'resnet18d.pth'), torchSaveBytes(tensors));
	mkdirSync(join(dir, 'sharded'));
	const half = Math.floor(tensors.length / 2);
	const shards = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
	writeFileSync(join(dir, 'sharded', shards[0]!), safetensorsBytes(tensors.slice(0, half)));
	writeFileSync(join(dir, 'sharded', shards[1]!), safetensorsBytes(tensors.slice(half)));
	const weightMap = Object.fromEntries(tensors.map((t, i) => [t.name, shards[i < half ? 0 : 1]]));
	writeFileSync(join(dir, 'sharded', 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
	['safetensors', 'model.safetensors', 'safetensors'],
	['torch.save state dict', 'resnet18d.pth', 'pytorch'],
	['sharded safetensors', 'sharded/model.safetensors.index.json', 'safetensors'],
])('%s', (_, file, format) => {
	const path = () => join(dir, file);

	it('inspect --json lists conv1.0 [32, 3, 3, 3] first, every conv of resnet18d, and no geometry', () => {
		const { code, stdout, stderr } = cli('inspect', path(), '--json');
		expect(code, stderr).toBe(0);
		const json = JSON.parse(stdout);
		expect(json.model).toMatchObject({ format, irVersion: null, opsets: {} });
		expect(json.layers[0]).toMatchObject({ index: 0, name: 'conv1.0', module: 'conv1.0', weightShape: [32, 3, 3, 3], dtype: 'float32', geometry: null, onnx: null, fromGraphInput: null, followedByBatchNorm: true });
		// resnet18d: a 3-conv stem, 8 BasicBlocks of 2 convs, 3 downsample 1×1 convs = 22 convolutions.
		const expected = tensors.filter((t) => t.name.endsWith('.weight') && t.shape.length === 4).map((t) => t.name.replace(/\.weight$/, ''));
		expect(json.layers.map((l: { name: string }) => l.name)).toEqual(expected);
		expect(expected).toHaveLength(22);
	});

	it('export gives the stored values exactly, as JSON and as .npy', () => {
		const { code, stdout } = cli('export', path(), '--layer', 'conv1.0', '--format', 'json');
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		expect(json).toMatchObject({ name: 'conv1.0', op: null, layout: 'onnx', dims: [32, 3, 3, 3], bias: null });
		expect(Float32Array.from(json.data)).toEqual(conv10.values);
		const npy = join(dir, `${format}-${file.length}.npy`);
		expect(cli('export', path(), '--layer', '0', '--out', npy).code).toBe(0);
		const bytes = readFileSync(npy);
		const headerLength = bytes.readUInt16LE(8);
		expect(bytes.subarray(10, 10 + headerLength).toString('latin1')).toContain("'shape': (32, 3, 3, 3)");
		expect(new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length))).toEqual(conv10.values);
	});

	it('analyse and render work on it like on an ONNX model', () => {
		const analysed = cli('analyse', path(), '--layer', 'conv1.0', '--json');
		expect(analysed.code, analysed.stderr).toBe(0);
		expect(JSON.parse(analysed.stdout).layers[0].kernels).toHaveLength(32);
		const out = join(dir, `render-${format}-${file.length}`);
		const rendered = cli('render', path(), '--layer', '0', '--out', out);
		expect(rendered.code, rendered.stderr).toBe(0);
		expect(existsSync(join(out, 'manifest.json'))).toBe(true);
	});
});
