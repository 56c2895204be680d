/**
 * The corpus's config and download cases through the build (`scripts/build.ts --models-only`) in a
 * temporary project, one case after another (they share its cache and outputs), downloads served by
 * the stand-in Hub on 127.0.0.1. A typed error must end the build with exit 1 and one `build:` line
 * naming the file, within a CPU and memory bound, leaving generated/ and public/atlas/ as they were and
 * writing nothing outside the project's cache and the case's models/; a valid case must build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInHub, type StandInHub } from '../fetch/stand-in-hub.ts';
import { tempProject, type TempProject } from '../pipeline/project.ts';
import { BUILD_CASES, MARKER, type BuildCase, type BuildErrorOutcome, type BuildValidOutcome } from '../fixtures/corpus/index.ts';
import { runNode, type Run } from './run.ts';

const CPU_MS = 30_000;
const PEAK_RSS = 512 * 2 ** 20;

let project: TempProject;
let hub: StandInHub;

beforeAll(async () => {
	project = tempProject();
	hub = await startStandInHub();
}, 120_000);
afterAll(async () => {
	await hub?.close();
	project?.remove();
});

/** Every file of the project but node_modules, with a digest of its content (links by their target). */
function snapshot(): Map<string, string> {
	const files = new Map<string, string>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (path === project.path('node_modules')) continue;
			if (entry.isDirectory()) walk(path);
			else files.set(relative(project.dir, path), entry.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : `${entry.isSymbolicLink() ? 'link' : 'special'} ${statSync(path, { throwIfNoEntry: false })?.ino}`);
		}
	};
	walk(project.dir);
	return files;
}

/** Paths that were added, removed or changed between two snapshots. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
	const paths = new Set([...before.keys(), ...after.keys()]);
	return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** Puts everything under `dir/served/<owner>/<repo>/` on the stand-in Hub. */
function serve(dir: string): void {
	const served = join(dir, 'served');
	if (!existsSync(served)) return;
	for (const owner of readdirSync(served)) {
		for (const repo of readdirSync(join(served, owner))) {
			const root = join(served, owner, repo);
			for (const file of readdirSync(root, { recursive: true }).map(String)) {
				if (statSync(join(root, file)).isFile()) hub.put(`${owner}/${repo}`, file.split(sep).join('/'), readFileSync(join(root, file)));
			}
		}
	}
}

interface Outcome {
	run: Run;
	changes: string[];
	dir: string;
}

async function build(c: BuildCase): Promise<Outcome> {
	const dir = project.path('cases', c.id);
	c.make(dir);
	serve(dir);
	const before = snapshot();
	const run = await runNode(['scripts/build.ts', '--models-only'], {
		cwd: project.dir,
		timeoutMs: 180_000,
		env: {
			ATLAS_MODELS_DIR: join(dir, 'models'),
			HF_ENDPOINT: hub.endpoint,
			HF_HUB_OFFLINE: c.format === 'download' ? undefined : '1',
			HF_TOKEN: undefined,
			CI: '1',
			ASTRO_TELEMETRY_DISABLED: '1',
		},
	});
	return { run, changes: changed(before, snapshot()), dir };
}

/** `names` from the case table as a pattern over the project-relative path. */
function namePattern(c: BuildCase, names: string): RegExp {
	const path = names.startsWith('models/') ? `cases/${c.id}/${names}` : names;
	return new RegExp(path.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'));
}

const errorCases = BUILD_CASES.filter((c): c is BuildCase & { expected: BuildErrorOutcome } => 'error' in c.expected);
const validCases = BUILD_CASES.filter((c): c is BuildCase & { expected: BuildValidOutcome } => 'built' in c.expected);

describe.each(errorCases)('$format $id: $about', (c) => {
	it('stops the build with one line naming the file and the reason, within bounds, writing nothing it should not', async () => {
		const { run, changes, dir } = await build(c);
		expect(run.signal, run.stderr).toBeNull();
		expect(run.code, run.stderr).toBe(1);
		expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
		const lines = run.stderr.trimEnd().split('\n');
		// Only progress lines of this build may come before; the failure is the last lines, one per problem, and the only "build:" ones.
		const failure = lines.filter((l) => l.startsWith('build:'));
		expect(failure.length).toBeGreaterThan(0);
		expect(lines.slice(-failure.length)).toEqual(failure);
		for (const line of failure) {
			expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
			expect(line).toMatch(namePattern(c, c.expected.names));
		}
		expect(failure.join('\n')).toMatch(c.expected.error);
		expect(run.cpuMs).toBeLessThan(CPU_MS);
		expect(run.peakRss).toBeLessThan(PEAK_RSS);
		expect(run.peakRss).toBeGreaterThan(0);
		// A failed build leaves the published data alone; only the cache and the case's lock file may change.
		expect(changes.filter((p) => !p.startsWith(`.atlas-cache${sep}`) && p !== join('cases', c.id, 'models', 'models.lock.json'))).toEqual([]);
		expect(existsSync(join(dir, MARKER))).toBe(false);
		expect(hub.requests.filter((r) => decodeURIComponent(r.path).split('/').includes('..'))).toEqual([]);
	}, 240_000);
});

describe.each(validCases)('$format $id: $about', (c) => {
	it('builds, with the texts as they were written', async () => {
		const { run, changes } = await build(c);
		expect(run.code, run.stderr).toBe(0);
		expect(run.cpuMs).toBeLessThan(CPU_MS);
		const data = JSON.parse(project.read('generated', 'models', `${c.expected.built.model}.json`));
		expect(data.layers).toHaveLength(c.expected.built.layers);
		if (c.expected.built.title) expect(data.config.title).toEqual(c.expected.built.title);
		// Ids come from config file names: whatever the model and its texts say, images go under public/atlas/<id>/.
		const allowed = ['.atlas-cache', 'generated', join('public', 'atlas'), join('cases', c.id, 'models', 'models.lock.json')];
		expect(changes.filter((p) => !allowed.some((a) => p === a || p.startsWith(`${a}${sep}`)))).toEqual([]);
		expect(readdirSync(project.path('public', 'atlas')).sort()).toEqual([c.expected.built.model, 'photos'].sort());
		expect(readdirSync(project.path('public', 'atlas', c.expected.built.model), { recursive: true }).length).toBeGreaterThan(0);
	}, 240_000);
});
