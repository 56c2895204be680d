/**
 * `npm run build` (scripts/build.ts) in this process: the site step is given as a function here, so the
 * swap of dist/ can be checked on every path; build.test.ts runs the real Astro build as a child process.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildPaths, defaultPaths } from '../../src/pipeline/build-models.ts';
import { build } from '../../scripts/build.ts';
import { MINIMAL_CONFIG } from '../config/minimal-config.ts';
import { writeCnn } from './make-cnn.ts';

const root = mkdtempSync(join(tmpdir(), 'atlas-build-script-'));
// The project layout under a temporary root, with the real sample photographs.
const paths: BuildPaths = { ...defaultPaths(root), models: join(root, 'models'), samples: resolve(import.meta.dirname, '../../content/samples') };
const dist = (...parts: string[]) => join(root, 'dist', ...parts);

/** A site step that writes one page naming `label` and answers `status`, recording the folder it was given. */
function site(label: string, status = 0) {
	const calls: string[] = [];
	const run = (outDir: string) => {
		calls.push(outDir);
		mkdirSync(outDir, { recursive: true });
		writeFileSync(join(outDir, 'index.html'), label);
		return status;
	};
	return { run, calls };
}

/** Runs the build, collecting its lines. */
async function run(options: Parameters<typeof build>[0]) {
	const lines: string[] = [];
	const status = await build({ paths, log: (l) => lines.push(l), since: performance.now(), ...options });
	return { status, lines };
}

beforeAll(() => {
	mkdirSync(paths.models, { recursive: true });
	writeCnn(join(paths.models, 'net.onnx'), { channels: [4] });
	writeFileSync(join(paths.models, 'net.json'), JSON.stringify({ ...MINIMAL_CONFIG, preprocess: { size: [32, 32] } }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the build script', () => {
	it('builds the site into a temporary folder under the root, then makes it dist/', async () => {
		const first = site('one');
		const { status, lines } = await run({ site: first.run });
		expect(status).toBe(0);
		expect(first.calls).toEqual([join(root, `dist-tmp-${process.pid}`)]);
		expect(readFileSync(dist('index.html'), 'utf8')).toBe('one');
		expect(lines.at(-1)).toMatch(/^build: done in [\d.]+ s \(models [\d.]+ s: 1 rendered, 0 cached; site [\d.]+ s\) → dist\/$/);
		expect(readdirSync(root).filter((f) => f.startsWith('dist'))).toEqual(['dist']);
	});

	it('replaces the previous dist/ whole, and counts cached models as such', async () => {
		writeFileSync(dist('stale.html'), 'from an earlier build');
		const { status, lines } = await run({ site: site('two').run });
		expect(status).toBe(0);
		expect(readdirSync(dist())).toEqual(['index.html']);
		expect(readFileSync(dist('index.html'), 'utf8')).toBe('two');
		expect(lines.at(-1)).toContain('models');
		expect(lines.at(-1)).toContain(': 0 rendered, 1 cached; site');
	});

	it('a failed site build: exit 1, one line saying dist/ was kept, dist/ untouched, no temporary site left', async () => {
		const { status, lines } = await run({ site: site('broken', 1).run });
		expect(status).toBe(1);
		expect(lines.at(-1)).toBe('build: the Astro build failed (see above); dist/ was left as it was.');
		expect(readFileSync(dist('index.html'), 'utf8')).toBe('two');
		expect(readdirSync(root).filter((f) => f.startsWith('dist'))).toEqual(['dist']);
	});

	it('--models-only stops before the site: dist/ untouched, the site step never run', async () => {
		const never = site('never');
		const { status, lines } = await run({ modelsOnly: true, site: never.run });
		expect(status).toBe(0);
		expect(never.calls).toEqual([]);
		expect(lines).toEqual([expect.stringMatching(/^build: models done in [\d.]+ s \(0 rendered, 1 cached\) → generated\/; the site was not built \(--models-only\)$/)]);
		expect(readFileSync(dist('index.html'), 'utf8')).toBe('two');
	});

	it('a bad config: exit 1, one line per problem naming the file, before any site step', async () => {
		writeFileSync(join(paths.models, 'net.json'), JSON.stringify({ ...MINIMAL_CONFIG, license: '' }));
		const never = site('never');
		const { status, lines } = await run({ site: never.run });
		expect(status).toBe(1);
		expect(never.calls).toEqual([]);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(line).toMatch(/^build: .*net\.json: /);
		expect(existsSync(dist('index.html'))).toBe(true);
	});

	it('says there will be no canonical links without SITE_URL, and not with it', async () => {
		writeFileSync(join(paths.models, 'net.json'), JSON.stringify({ ...MINIMAL_CONFIG, preprocess: { size: [32, 32] } }));
		const saved = process.env.SITE_URL;
		try {
			delete process.env.SITE_URL;
			expect((await run({ site: site('3').run })).lines.some((l) => l.startsWith('build: no SITE_URL, so the pages carry no canonical'))).toBe(true);
			process.env.SITE_URL = 'https://example.github.io';
			expect((await run({ site: site('4').run })).lines.some((l) => l.includes('SITE_URL'))).toBe(false);
		} finally {
			if (saved === undefined) delete process.env.SITE_URL;
			else process.env.SITE_URL = saved;
		}
	});
	it('counts its times from the start it is given, the site step apart from the models', async () => {
		const { lines } = await run({ site: site('timed').run, since: performance.now() - 10_000 });
		// Ten seconds before the call, plus the (cached) model work; the stand-in site step takes no time.
		expect(lines.at(-1)).toMatch(/^build: done in 1\d\.\d s \(models 1\d\.\d s: 0 rendered, 1 cached; site 0\.\d s\) → dist\/$/);
	});

	it('counts an optional model it could not fetch as skipped, not as built', async () => {
		const saved = process.env.HF_HUB_OFFLINE;
		process.env.HF_HUB_OFFLINE = '1';
		writeFileSync(join(paths.models, 'later.json'), JSON.stringify({ ...MINIMAL_CONFIG, source: 'hf:owner/later/model.onnx', optional: true }));
		try {
			const { status, lines } = await run({ modelsOnly: true });
			expect(status).toBe(0);
			expect(lines.at(-1)).toMatch(/\(0 rendered, 1 cached, 1 skipped\)/);
		} finally {
			rmSync(join(paths.models, 'later.json'));
			if (saved === undefined) delete process.env.HF_HUB_OFFLINE;
			else process.env.HF_HUB_OFFLINE = saved;
		}
	});
});
