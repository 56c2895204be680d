/**
 * `npm run bench build`: the whole `npm run build` (issue 6, Performance and Scale), each build in a
 * throw-away copy of the project (tests/pipeline/project.ts), never in this folder.
 *  1. Warm rebuild: the three default models plus a generated one, built cold, then twice with nothing
 *     changed. Model work = from spawning the build until its summary table (Node start-up, imports,
 *     photo cache, hashing every model, reading the cache, publishing); the build's own "models"
 *     figure (the same phase, timed from inside) is printed too. Target: model work < 5 % of the rebuild.
 *  2. Cold build vs kernel count: chains of 3×3 convs, 64 channels wide, 32 / 128 / 512 layers
 *     (2 k / 8 k / 33 k kernels), each alone. Target: linear (R² ≥ 0.99, and the cost per 1000 kernels
 *     of the largest at most 1.2× that of the middle one).
 *  3. Scale: (a) the 512-layer chain's layer browser is paged; (b) a fully convolutional VGG-16
 *     (553 MB, every weight a conv kernel) builds, with the build process's peak RSS (VmHWM, polled
 *     from /proc; model work runs in its worker threads) at most 1.5× the file size. Two probes in
 *     their own processes attribute the peak: the kernel stages alone, and the feature-map renderer's
 *     model copy plus onnxruntime session. Then two warm rebuilds: target 1 with a 500 MB model.
 * Generated models live in the temporary projects and go with them. Takes about 4 minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempProject, type TempProject } from '../tests/pipeline/project.ts';
import { runBuild, tail, type BuildRun } from './build-measure.ts';
import { writeBenchConfig, writeConvChain, writeConvVgg16, type ShapeInfo } from './build-shapes.ts';

const MB = 2 ** 20;
const s = (x: number) => `${x.toFixed(2)} s`;
const mb = (x: number) => `${(x / MB).toFixed(0)} MiB`;
const load = (l = loadavg()) => l.map((x) => x.toFixed(2)).join(' ');
let failures = 0;
function verdict(name: string, pass: boolean, detail: string): void {
	if (!pass) failures++;
	console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
}

async function build(project: TempProject, label: string): Promise<BuildRun> {
	const run = await runBuild(project.dir);
	if (run.status !== 0) throw new Error(`${label}: the build failed (exit ${run.status}):\n${tail(run.stderr)}`);
	const r = run.reported;
	console.log(
		`  ${label.padEnd(12)} wall ${s(run.wall)} = model phase ${s(run.modelPhase)} + site phase ${s(run.sitePhase)}` +
			` | build says: total ${r?.total} s, models ${r?.model} s, site ${r?.site} s | peak RSS build ${mb(run.peakBuild)}, astro ${mb(run.peakAstro)} | load before ${load(run.loadBefore)}`,
	);
	return run;
}

/** A temporary project whose models/ holds only one generated model (featured, being the only one). */
function projectWith(write: (path: string) => ShapeInfo, file: string, size: number): { project: TempProject; id: string; info: ShapeInfo } {
	const project = tempProject();
	for (const f of readdirSync(project.path('models'))) rmSync(project.path('models', f), { recursive: true });
	const info = write(project.path('models', file));
	const id = writeBenchConfig(project.path('models'), file, size);
	return { project, id, info };
}

function probe(mode: string, file: string, arg: string): { ms: number; peak: number; steps: Record<string, number> } {
	const script = fileURLToPath(new URL('./build-probe.ts', import.meta.url));
	const result = spawnSync(process.execPath, [script, mode, file, arg], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`probe ${mode} failed: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

/** Least-squares line y = a + b·x and its R². */
function linearFit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
	const n = xs.length;
	const mx = xs.reduce((p, x) => p + x, 0) / n;
	const my = ys.reduce((p, y) => p + y, 0) / n;
	const sxy = xs.reduce((p, x, i) => p + (x - mx) * (ys[i]! - my), 0);
	const sxx = xs.reduce((p, x) => p + (x - mx) ** 2, 0);
	const b = sxy / sxx;
	const a = my - b * mx;
	const ssRes = ys.reduce((p, y, i) => p + (y - a - b * xs[i]!) ** 2, 0);
	const ssTot = ys.reduce((p, y) => p + (y - my) ** 2, 0);
	return { a, b, r2: 1 - ssRes / ssTot };
}

console.log(`build benchmark: Node ${process.version}, load average ${load()} (1/5/15 min; 2 cores — other builds running inflate every time)`);

// 1. Warm rebuild ------------------------------------------------------------------------------------
{
	console.log('\n1. Warm rebuild: 3 default models + chain-32 (32 layers × 64 channels, 2112 kernels)');
	const project = tempProject();
	try {
		writeConvChain(project.path('models', 'bench-chain.onnx'), 32, 64);
		writeBenchConfig(project.path('models'), 'bench-chain.onnx', 16);
		const cold = await build(project, 'cold');
		const warm = [await build(project, 'warm 1'), await build(project, 'warm 2')];
		const rows = [...cold.summary].map(([id, r]) => `${id} ${r.layers} layers, ${r.kernels} kernels, ${r.images} images, ${r.seconds} s`);
		console.log(`  models: ${rows.join('; ')}`);
		const allCached = warm.every((w) => [...w.summary.values()].every((r) => r.cached));
		const worst = warm.reduce((a, b) => (b.modelPhase / b.wall > a.modelPhase / a.wall ? b : a));
		const share = worst.modelPhase / worst.wall;
		console.log(`  model phase of the warm rebuilds: ${warm.map((w) => `${s(w.modelPhase)} of ${s(w.wall)} (${((100 * w.modelPhase) / w.wall).toFixed(1)} %)`).join(', ')}; every model cached: ${allCached}`);
		console.log(`  cold build for comparison: model phase ${s(cold.modelPhase)} of ${s(cold.wall)} (${((100 * cold.modelPhase) / cold.wall).toFixed(1)} %)`);
		verdict('1. warm rebuild: model work < 5 %', allCached && share < 0.05, `${(100 * share).toFixed(1)} % (worst of 2; ${s(worst.modelPhase)} of ${s(worst.wall)}, the build's own model-work figure ${worst.reported?.model} s)`);
	} finally {
		project.remove();
	}
}

// 2 and 3a. Cold build vs kernel count; the deepest model's layer browser --------------------------------
{
	console.log('\n2. Cold build vs kernel count: a 3×3 conv chain, 64 channels wide, alone in models/ (input 16 × 16)');
	const points: { kernels: number; seconds: number; layers: number; bytes: number }[] = [];
	for (const depth of [31, 127, 511]) {
		const { project, id, info } = projectWith((path) => writeConvChain(path, depth, 64), `chain-${depth + 1}.onnx`, 16);
		try {
			const run = await build(project, `${info.layers} layers`);
			const row = run.summary.get(id)!;
			points.push({ kernels: row.kernels, seconds: row.seconds, layers: row.layers, bytes: info.bytes });
			console.log(`  ${' '.repeat(12)} ${row.kernels} kernels, ${mb(info.bytes)} file: model work ${s(row.seconds)} = ${((1000 * row.seconds) / row.kernels).toFixed(3)} s per 1000 kernels; ${row.images} images`);
			if (depth === 511) {
				// 3a: the layer browser of a model with hundreds of layers is paged (24 layers a page).
				const pages = Math.ceil(row.layers / 24);
				const wanted = [`models/${id}/layers/`, `models/${id}/layers/2/`, `models/${id}/layers/${pages}/`, `en/models/${id}/layers/${pages}/`, `models/${id}/`];
				const missing = wanted.filter((p) => !project.exists('dist', p, 'index.html'));
				const beyond = project.exists('dist', `models/${id}/layers/${pages + 1}/`, 'index.html');
				const last = project.read('dist', `models/${id}/layers/${pages}/`, 'index.html');
				const lastLayer = last.includes(`id="layer-${row.layers - 1}"`);
				verdict(
					'3a. hundreds of layers build, layer browser paged',
					missing.length === 0 && !beyond && lastLayer,
					`${row.layers} layers → ${pages} pages; ${missing.length ? `missing ${missing.join(', ')}` : `${wanted.join(', ')} exist`}; page ${pages} lists layer ${row.layers - 1}: ${lastLayer}; no page ${pages + 1}: ${!beyond}; peak RSS ${mb(run.peakBuild)} for a ${mb(info.bytes)} file`,
				);
			}
		} finally {
			project.remove();
		}
	}
	const fit = linearFit(points.map((p) => p.kernels / 1000), points.map((p) => p.seconds));
	console.log(`  fit: model work ≈ ${fit.a.toFixed(2)} s + ${fit.b.toFixed(3)} s × (kernels / 1000), R² = ${fit.r2.toFixed(4)}`);
	const per = points.map((p) => p.seconds / p.kernels);
	const growth = per[2]! / per[1]!;
	verdict('2. cold build time linear in kernel count', fit.r2 >= 0.99 && growth <= 1.2, `R² ${fit.r2.toFixed(4)} (≥ 0.99); per-kernel cost at ${points[2]!.kernels} vs ${points[1]!.kernels} kernels: ${growth.toFixed(2)}× (≤ 1.2×)`);
}

// 3b. A 553 MB model -----------------------------------------------------------------------------------
{
	console.log('\n3b. Fully convolutional VGG-16 (553 MB = 528 MiB; 13 3×3 convs 64–512 channels, fc6 as 7×7 × 512 → 4096, fc7/fc8 as 1×1), alone in models/');
	const { project, id, info } = projectWith((path) => writeConvVgg16(path), 'vgg16-conv.onnx', 224);
	try {
		const file = project.path('models', 'vgg16-conv.onnx');
		const run = await build(project, 'cold');
		// The first rebuild re-hashes a file written moments before the cold build; the second shows the steady state.
		const warm = [await build(project, 'warm 1'), await build(project, 'warm 2')];
		const row = run.summary.get(id)!;
		console.log(`  ${' '.repeat(12)} ${info.layers} layers, ${row.kernels} kernels, ${mb(info.bytes)} file: model work ${s(row.seconds)}; ${row.images} images`);
		const scratch = mkdtempSync(join(tmpdir(), 'atlas-probe-'));
		const kernels = probe('kernels', file, scratch);
		const maps = probe('feature-maps', file, '224');
		console.log(`  probe: kernel stages alone (read, analyse, mosaic; every layer): peak ${mb(kernels.peak)} (${(kernels.peak / info.bytes).toFixed(2)}× file), ${s(kernels.ms / 1000)}`);
		console.log(
			`  probe: feature maps' model copy + onnxruntime session: copy ${s(maps.steps.expose! / 1000)} → peak ${maps.steps.exposePeakMB} MiB, session ${s(maps.steps.session! / 1000)} → peak ${maps.steps.sessionPeakMB} MiB, run → ${maps.steps.runPeakMB} MiB (${(maps.peak / info.bytes).toFixed(2)}× file)`,
		);
		const share = warm[1]!.modelPhase / warm[1]!.wall;
		console.log(`  warm rebuilds with this model: model phase ${warm.map((w) => `${s(w.modelPhase)} of ${s(w.wall)} (${((100 * w.modelPhase) / w.wall).toFixed(1)} %)`).join(', ')}`);
		verdict('3b. warm rebuild with the 553 MB model: model work < 5 %', share < 0.05, `${(100 * share).toFixed(1)} % (second rebuild; ${s(warm[1]!.modelPhase)} of ${s(warm[1]!.wall)})`);
		const ratio = run.peakBuild / info.bytes;
		verdict('3b. 553 MB model builds within the machine\'s memory', run.peakBuild < totalmem() / 2, `peak RSS ${mb(run.peakBuild)} of ${mb(totalmem())}`);
		verdict('3b. 553 MB model builds, peak RSS ≤ 1.5× file', ratio <= 1.5, `peak RSS of the build process ${mb(run.peakBuild)} = ${ratio.toFixed(2)}× the ${mb(info.bytes)} file (the Astro process, separate: ${mb(run.peakAstro)})`);
	} finally {
		project.remove();
	}
}

console.log(`\nload average at the end: ${load()}`);
process.exit(failures === 0 ? 0 : 1);
