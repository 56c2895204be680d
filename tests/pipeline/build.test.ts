import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { ensureFixtures } from '../../scripts/make-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCnn } from './make-cnn.ts';
import { tempProject, type TempProject } from './project.ts';

const ROOT_MODELS = resolve(import.meta.dirname, '../../models');

// One temporary project for the whole scenario: each step builds on the previous one's dist/ and cache.
// Every step runs a whole build (bounded by the project's own 240 s spawn timeout), more on a busy machine.
vi.setConfig({ testTimeout: 300_000 });
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

	it('refuses to build the scaffold as add left it, naming the file and the fields to write', () => {
		const result = project.build();
		expect(result.status).toBe(1);
		expect(result.stderr.trim().split('\n').filter((l) => !l.startsWith('models: '))).toEqual([
			'build: models/tiny-net.json: fields "description.ja", "description.en", "license", "sourceUrl", "author", "task" still hold the placeholders kernel-atlas add wrote. Write the real values (the site would publish them as they are); see "Add your model" in README.md',
		]);
		expect(project.exists('dist')).toBe(false);
		const config = JSON.parse(project.read('models', 'tiny-net.json'));
		const written = { description: { ja: '試験用の小さな CNN。', en: 'A tiny CNN for the tests.' }, license: 'MIT', sourceUrl: 'https://example.org/tiny-net', author: 'The tests', task: 'image-classification' };
		writeFileSync(project.path('models', 'tiny-net.json'), JSON.stringify({ ...config, ...written }, null, 2));
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
		// Nothing to warn about in a clean build: a warning on every build teaches people to ignore warnings.
		expect(result.stdout + result.stderr).not.toContain('[WARN]');
		expect(result.stderr).toContain('build: no SITE_URL, so the pages carry no canonical or hreflang links and there is no sitemap; set SITE_URL');
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

describe('the addresses a build publishes', () => {
	/** Every HTML and XML file of dist/ (names relative to it). */
	const published = (dir = project.path('dist')): string[] =>
		readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|xml)$/.test(f));

	it('without SITE_URL: no canonical, hreflang or sitemap URLs (no 127.0.0.1), and no sitemap', () => {
		const files = published();
		expect(files.length).toBeGreaterThan(10);
		for (const file of files) {
			const text = project.read('dist', file);
			// (Prose may tell readers to open http://127.0.0.1:4321/; no address may be published as the site's.)
			expect(text, file).not.toMatch(/(href|content)="https?:\/\/127\.0\.0\.1/);
			expect(text, file).not.toMatch(/rel="(canonical|alternate|sitemap)"|property="og:url"/);
		}
		expect(project.exists('dist', 'sitemap-index.xml')).toBe(false);
	});

	it('with SITE_URL and BASE_PATH: canonical URLs and a sitemap under both; npm run preview then serves the base without BASE_PATH', async () => {
		const build = await project.node(['scripts/build.ts'], { BASE_PATH: '/kernel-atlas/', SITE_URL: 'https://example.github.io' });
		expect(build.status, build.stderr).toBe(0);
		expect(build.stderr).not.toContain('no SITE_URL');
		const page = project.read('dist', 'tutorial', 'convolution', 'index.html');
		expect(page).toContain('<link rel="canonical" href="https://example.github.io/kernel-atlas/tutorial/convolution/"/>');
		expect(page).toContain('hreflang="en" href="https://example.github.io/kernel-atlas/en/tutorial/convolution/"');
		expect(project.read('dist', 'sitemap-0.xml')).toContain('<loc>https://example.github.io/kernel-atlas/en/tutorial/convolution/</loc>');

		const preview = await startPreview();
		try {
			for (const path of ['', 'tutorial/convolution/', 'en/models/']) {
				expect((await fetch(`${preview.url}kernel-atlas/${path}`)).status, path).toBe(200);
			}
			expect(preview.output()).toContain('dist/ was built for the base path /kernel-atlas/');
		} finally {
			preview.stop();
		}
	});
});

/** `npm run preview` (astro preview) in the project, on a free port, with BASE_PATH unset. */
async function startPreview(): Promise<{ url: string; output: () => string; stop: () => void }> {
	const port = await new Promise<number>((done) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => done(port));
		});
	});
	const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
	delete env.BASE_PATH;
	delete env.SITE_URL;
	const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--host', '127.0.0.1', '--port', String(port)], { cwd: project.dir, env });
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}/`;
	for (let tries = 0; !/127\.0\.0\.1:\d+/.test(output); tries++) {
		if (tries > 200 || child.exitCode !== null) throw new Error(`astro preview did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url, output: () => output, stop: () => child.kill() };
}
