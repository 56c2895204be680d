import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureFixtures } from '../../scripts/make-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCnn } from './make-cnn.ts';
import { tempProject, type TempProject } from './project.ts';

const ROOT_MODELS = resolve(import.meta.dirname, '../../models');

// A build takes 25 s on an idle two-core machine and over a minute on a busy one: allow what the spawned
// build itself is allowed (project.ts), rather than failing a correct build for being slow.
vi.setConfig({ testTimeout: 240_000 });

// One temporary project for the whole scenario: each step builds on the previous one's dist/ and cache.
let project: TempProject;
beforeAll(() => {
	project = tempProject();
});
afterAll(() => project?.remove());

/** The summary table's row for a model: [layers, kernels, images, time, cached]. */
function summaryRow(stderr: string, id: string): string[] {
	const line = stderr.split('\n').find((l) => l.startsWith(`${id} `));
	if (!line) throw new Error(`no summary row for ${id} in:\n${stderr}`);
	return line.trim().split(/\s{2,}/).slice(1);
}

/** Every file under `dir` with its size and modification time: equal snapshots mean nothing was written there. */
function snapshot(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => {
			const path = join(e.parentPath, e.name);
			const s = statSync(path);
			return `${relative(dir, path)} ${s.size} ${s.mtimeMs}`;
		})
		.sort();
}

describe('adding a model and rebuilding', () => {
	it('scaffolds a config with kernel-atlas add and prints the layer table', () => {
		writeCnn(project.path('models', 'tiny-net.onnx'), { channels: [8, 8, 16, 16], size: 32 });
		const add = project.cli('add', 'models/tiny-net.onnx');
		expect(add.stderr).toBe('');
		expect(add.status).toBe(0);
		expect(add.stdout).toContain('Wrote models/tiny-net.json');
		expect(add.stdout).toMatch(/^0\s+features\.0\s+Conv\s+8×3×3×3 f32\s.*reads the input image$/m);
		const config = JSON.parse(project.read('models', 'tiny-net.json'));
		expect(config.source).toBe('tiny-net.onnx');
		expect(config.preprocess.size).toEqual([32, 32]);
		// A second add refuses to overwrite what the author may have edited.
		const again = project.cli('add', 'models/tiny-net.onnx');
		expect(again.status).toBe(1);
		expect(again.stderr.trim()).toBe('kernel-atlas: models/tiny-net.json: already exists. Edit it, or pass --force to overwrite it');
	});

	it('builds pages and images for the new model next to the defaults', () => {
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		expect(summaryRow(result.stderr, 'tiny-net')).toEqual(['4', '48', expect.any(String), expect.stringMatching(/s$/), 'no']);
		for (const page of ['models/tiny-net/', 'en/models/tiny-net/', 'models/tiny-net/layers/', 'models/tiny-net/layer-0/kernel-7/', 'en/models/tiny-net/layer-0/kernel-0/']) {
			expect(project.exists('dist', page, 'index.html'), page).toBe(true);
		}
		const gallery = project.read('dist', 'models', 'tiny-net', 'index.html');
		expect(gallery).toContain('[8, 3, 3, 3]');
		const images = [...gallery.matchAll(/src="\/(atlas\/tiny-net\/[^"]+)"/g)].map((m) => m[1]!);
		expect(images.length).toBeGreaterThan(8);
		for (const src of images) expect(statSync(project.path('dist', src)).size, src).toBeGreaterThan(0);
		// Receptive fields follow the graph: 3, 5, 7; the 2×2 pool adds 1 and doubles the step, so 8 + 2·2 = 12.
		const data = JSON.parse(project.read('generated', 'models', 'tiny-net.json'));
		expect(data.layers.map((l: { receptiveField: number }) => l.receptiveField)).toEqual([3, 5, 7, 12]);
	});

	it('does no model work when nothing changed', () => {
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		for (const id of ['tiny-net', 'pp-ocrv4-det', 'pp-ocrv4-rec', 'ppocr-mobile-cls', 'squeezenet1-1']) expect(summaryRow(result.stderr, id).at(-1)).toBe('yes');
		// resnet18d is on the Hub and the test project builds offline, as CI does: skipped, and said so.
		expect(summaryRow(result.stderr, 'resnet18d')).toEqual(['-', '-', '-', '-', 'skipped', 'offline']);
		expect(result.stderr).toContain('build: featured model resnet18d is unavailable (offline); featuring squeezenet1-1 instead\n');
		expect(result.stderr).toMatch(/models [\d.]+ s: 0 rendered, 5 cached, 1 skipped; site/);
	});

	it('redoes a model whose file changed, and only that one', () => {
		writeCnn(project.path('models', 'tiny-net.onnx'), { channels: [8, 8, 16, 16], size: 32, seed: 2 });
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		expect(summaryRow(result.stderr, 'tiny-net').at(-1)).toBe('no');
		expect(summaryRow(result.stderr, 'pp-ocrv4-det').at(-1)).toBe('yes');
	});

	it('redoes a model whose preprocessing changed, and publishes what the new preprocessing gives', () => {
		expect(JSON.parse(project.read('generated', 'models', 'tiny-net.json')).galleries[0].channelNames).toEqual(['R', 'G', 'B']);
		const config = JSON.parse(project.read('models', 'tiny-net.json'));
		writeFileSync(project.path('models', 'tiny-net.json'), JSON.stringify({ ...config, preprocess: { ...config.preprocess, colorOrder: 'BGR' } }));
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		expect(summaryRow(result.stderr, 'tiny-net').at(-1)).toBe('no');
		expect(summaryRow(result.stderr, 'squeezenet1-1').at(-1)).toBe('yes');
		// The first layer now reads B, G, R: the gallery (drawn by the model work, not the page) says so.
		expect(JSON.parse(project.read('generated', 'models', 'tiny-net.json')).galleries[0].channelNames).toEqual(['B', 'G', 'R']);
	});
});

describe('failures leave the previous site as it was', () => {
	const distMarker = () => readFileSync(project.path('dist', 'models', 'tiny-net', 'index.html'), 'utf8');

	it.each([
		{
			what: 'a config with a wrong field',
			setup: () => writeFileSync(project.path('models', 'broken.json'), JSON.stringify({ ...JSON.parse(project.read('models', 'tiny-net.json')), preprocess: { colorOrder: 'RGBA' } })),
			message: /^build: models\/broken\.json: field "preprocess\.colorOrder": .*; See "Add your model" in README\.md for every field$|^build: models\/broken\.json: field "preprocess\.colorOrder": .*\. See "Add your model" in README\.md for every field$/,
		},
		{
			what: 'a model file that is not ONNX',
			setup: () => {
				writeFileSync(project.path('models', 'broken.onnx'), 'this is not a protobuf at all, just text that happens to be here');
				writeFileSync(project.path('models', 'broken.json'), JSON.stringify({ ...JSON.parse(project.read('models', 'tiny-net.json')), source: 'broken.onnx' }));
			},
			message: /^build: .*broken\.onnx.*$/,
		},
		{
			what: 'a config whose model file is missing',
			setup: () => writeFileSync(project.path('models', 'broken.json'), JSON.stringify({ ...JSON.parse(project.read('models', 'tiny-net.json')), source: 'nowhere.onnx' })),
			message: /^build: models\/broken\.json: field "source": no file "nowhere\.onnx" in models\/ or in node_modules\. Put the \.onnx file in models\/, or run npm install if it comes from a package$/,
		},
	])('$what: exit 1, one line naming the file, dist/ untouched', ({ setup, message }) => {
		const before = distMarker();
		setup();
		const result = project.build();
		rmSync(project.path('models', 'broken.json'), { force: true });
		rmSync(project.path('models', 'broken.onnx'), { force: true });
		expect(result.status).toBe(1);
		const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('models: '));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(message);
		expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
		expect(distMarker()).toBe(before);
		expect(project.exists('models', 'broken.json')).toBe(false);
		expect(project.exists('generated', 'models', 'broken.json')).toBe(false);
	});
});

describe('a failure inside the Astro build', () => {
	it('a page that throws while Astro renders it: exit 1, dist/ untouched, no temporary site left', () => {
		const page = project.path('src', 'pages', 'broken-page.astro');
		const before = snapshot(project.path('dist'));
		writeFileSync(page, '---\nthrow new Error("planted by build.test.ts: this page fails at build time");\n---\n');
		const result = project.build();
		rmSync(page);
		expect(result.status, result.stderr).toBe(1);
		expect(result.stdout + result.stderr).toContain('planted by build.test.ts');
		expect(result.stderr).toContain('build: the Astro build failed (see above); dist/ was left as it was.\n');
		expect(snapshot(project.path('dist'))).toEqual(before);
		expect(readdirSync(project.dir).filter((name) => name.startsWith('dist-'))).toEqual([]);
	});
});

describe('removing a model', () => {
	it('leaves no pages, images or cache entries behind', () => {
		rmSync(project.path('models', 'tiny-net.json'));
		rmSync(project.path('models', 'tiny-net.onnx'));
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		expect(project.exists('dist', 'models', 'tiny-net')).toBe(false);
		expect(project.exists('dist', 'en', 'models', 'tiny-net')).toBe(false);
		expect(project.exists('dist', 'atlas', 'tiny-net')).toBe(false);
		expect(project.exists('public', 'atlas', 'tiny-net')).toBe(false);
		expect(project.exists('.atlas-cache', 'models', 'tiny-net')).toBe(false);
		expect(project.exists('generated', 'models', 'tiny-net.json')).toBe(false);
		expect(project.read('dist', 'models', 'index.html')).not.toContain('tiny-net');
	});
});

describe('models that exporters really produce, beyond plain 2-D convolutions', () => {
	const fixture = (name: string) => join(ensureFixtures(), name);
	const config = (id: string, extra: object = {}) =>
		writeFileSync(
			project.path('models', `${id}.json`),
			JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT_MODELS, 'pp-ocrv4-det.json'), 'utf8')), source: `${id}.onnx`, featured: false, preprocess: { size: [16, 16] }, ...extra }),
		);

	it('builds Conv1d/Conv3d and ConvTranspose first layers, and a model with external data', () => {
		for (const name of ['conv1d-conv3d', 'conv-transpose', 'external-data']) {
			copyFileSync(fixture(`${name}.onnx`), project.path('models', `${name}.onnx`));
			config(name);
		}
		copyFileSync(fixture('external-data.bin'), project.path('models', 'external-data.bin'));
		cpSync(fixture('ext'), project.path('models', 'ext'), { recursive: true });
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		for (const page of ['models/conv1d-conv3d/layer-0/kernel-3/', 'models/conv-transpose/layer-0/kernel-0/', 'en/models/external-data/layers/']) {
			expect(project.exists('dist', page, 'index.html'), page).toBe(true);
		}
		// ConvTranspose kernels are input channels: no per-kernel bias is shown for them.
		const data = JSON.parse(project.read('generated', 'models', 'conv-transpose.json'));
		expect(data.galleries[0].kernels.every((k: { bias: unknown }) => k.bias === null)).toBe(true);
		expect(data.inputImage).toBeNull(); // no feature maps for a transposed first layer
	});

	it('notices a changed external-data file, and does not re-render for a new title', () => {
		const bin = project.path('models', 'external-data.bin');
		const bytes = readFileSync(bin);
		bytes.fill(0, 0, 16);
		writeFileSync(bin, bytes);
		config('conv1d-conv3d', { title: { ja: '新しい題名', en: 'A new title' } });
		const result = project.build();
		expect(result.status, result.stderr).toBe(0);
		expect(summaryRow(result.stderr, 'external-data').at(-1)).toBe('no');
		expect(summaryRow(result.stderr, 'conv1d-conv3d').at(-1)).toBe('yes');
		expect(project.read('dist', 'en', 'models', 'conv1d-conv3d', 'index.html')).toContain('A new title');
	});

	it('does not feature a first choice whose first kernel is computed at run time: it falls back and says so', () => {
		copyFileSync(fixture('dynamic-weight.onnx'), project.path('models', 'dynamic-weight.onnx'));
		config('dynamic-weight', { featured: 1 });
		const resnet = project.read('models', 'resnet18d.json');
		writeFileSync(project.path('models', 'resnet18d.json'), JSON.stringify({ ...JSON.parse(resnet), featured: 3 }));
		const result = project.build();
		writeFileSync(project.path('models', 'resnet18d.json'), resnet);
		rmSync(project.path('models', 'dynamic-weight.json'));
		expect(result.status, result.stderr).toBe(0);
		expect(result.stderr).toContain('build: featured model dynamic-weight is unavailable (its first convolution layer has no stored kernel); featuring squeezenet1-1 instead\n');
		expect(JSON.parse(project.read('generated', 'atlas.json')).featured).toBe('squeezenet1-1');
	});
});
