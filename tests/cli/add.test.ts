/** `kernel-atlas add PATH` on local files: what it infers, what it marks as a guess, how it names the config. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/config/load-configs.ts';
import { placeholderFields } from '../../src/config/placeholders.ts';
import { makeCnn } from '../pipeline/make-cnn.ts';

const CLI = resolve(import.meta.dirname, '../../bin/kernel-atlas.mjs');
const dir = mkdtempSync(join(tmpdir(), 'atlas-add-local-'));
mkdirSync(join(dir, 'models'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function add(...args: string[]) {
	return spawnSync(process.execPath, [CLI, 'add', ...args], { cwd: dir, encoding: 'utf8' });
}
const config = (id: string) => parseModelConfig(`models/${id}.json`, readFileSync(join(dir, 'models', `${id}.json`), 'utf8'));

describe('kernel-atlas add PATH', () => {
	it('a face detector: detection from its box outputs, size from its input, the normalisation marked as a guess; the config named after the file', () => {
		writeFileSync(join(dir, 'models', 'Face Detector.v2.onnx'), makeCnn({ channels: [8], size: 32, outputs: [{ name: 'scores', dims: [1, 'n', 2] }, { name: 'boxes', dims: [1, 'n', 4] }] }));
		const result = add('models/Face Detector.v2.onnx');
		expect(result.stderr).toBe('');
		expect(result.stdout).toContain('Wrote models/face-detector-v2.json for models/Face Detector.v2.onnx (id "face-detector-v2", from the file name; --id ID names it otherwise; 1 convolution layer).');
		expect(result.stdout).toMatch(/^  task +object-detection +read off the shapes: the outputs scores \[1, n, 2\], boxes \[1, n, 4\] include boxes$/m);
		expect(result.stdout).toMatch(/^  preprocess\.colorOrder +RGB +GUESS: /m);
		expect(result.stdout).toMatch(/^  preprocess\.scale, mean, std .* GUESS: /m);
		expect(result.stdout).toContain('Check every GUESS before you publish: the right values are usually in the model card or README');
		const written = config('face-detector-v2');
		expect(written).toMatchObject({ task: 'object-detection', preprocess: { size: [32, 32] } });
		expect(placeholderFields(written)).toEqual(['description.ja', 'description.en', 'license', 'sourceUrl', 'author']);
	});

	it('a Caffe-converted BGR classifier (the repository\'s SqueezeNet) gets Caffe\'s preprocessing, marked as a guess, not ImageNet mean/std', () => {
		copyFileSync(resolve('models/squeezenet1.1-imagenet-fp16.onnx'), join(dir, 'models', 'squeezenet.onnx'));
		const result = add('models/squeezenet.onnx');
		expect(result.status, result.stderr).toBe(0);
		const written = config('squeezenet');
		// What models/squeezenet1-1.json says, established by experiment (tests/models/squeezenet-classify.test.ts).
		const known = parseModelConfig('models/squeezenet1-1.json', readFileSync('models/squeezenet1-1.json', 'utf8'));
		expect(written.preprocess).toEqual(known.preprocess);
		expect(written.task).toBe(known.task);
		expect(result.stdout).toMatch(/^  preprocess\.colorOrder +BGR +GUESS: written by onnx-caffe2/m);
		expect(result.stdout).toContain('Note: 1000 class scores: if they are the ImageNet-1k classes in the usual order, add "labels": "imagenet-1k"');
	});

	it('--id names the config; a model outside models/ is refused in one line', () => {
		writeFileSync(join(dir, 'models', 'net.onnx'), makeCnn({ channels: [4], size: 16 }));
		expect(add('models/net.onnx', '--id', 'my-net').stdout).toContain('Wrote models/my-net.json for models/net.onnx (id "my-net", from --id; 1 convolution layer).');
		writeFileSync(join(dir, 'outside.onnx'), makeCnn({ channels: [4], size: 16 }));
		const outside = add('outside.onnx');
		expect(outside.status).toBe(1);
		expect(outside.stderr).toBe('kernel-atlas: outside.onnx: is not inside the models folder. Copy it into models/ first, then run add on the copy\n');
	});
});
