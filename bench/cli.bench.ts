/**
 * `npm run bench cli`: the command line as a user waits for it (whole process: Node's start, module
 * loading, reading, drawing, writing) against what a Python user runs instead, both sides in one run:
 *  a. `render MODEL --layer 0` on a resnet18d-shaped safetensors file (timm's keys and shapes, 47 MB)
 *     vs the tutorial's matplotlib recipe (load conv1.0.weight, 32 kernels summed and per channel, savefig);
 *  b. `inspect` on a ResNet-50-sized ONNX file (102 MB) vs `onnx.load` plus every Conv weight as numpy;
 *  c. `render` of every layer of that model vs numpy + `plt.imsave` drawing the same images: every
 *     layer's mosaic pages, the first layer's gallery (9 views, each one sheet of its 64 kernels) and the colour bars;
 *  c′ the same `render` vs Python drawing the mosaic pages alone (56 of the 68 images; for reference,
 *     the comparison before the gallery was counted on both sides).
 * Goals (issue 12): a ≤ 0.1×, b ≤ 0.6×, c ≤ 0.2×. One warm-up run of each command (page cache, Node's
 * compile cache, Python's bytecode), then BENCH_RUNS (default 5) interleaved runs; medians reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openModel } from '../src/reader/index.ts';
import { renderFirstLayerGallery, renderLayerMosaic } from '../src/render/index.ts';
import { resnet18dKeys, stateDict } from '../tests/fixtures/checkpoint-models.ts';
import { writeSafetensorsFile } from '../tests/fixtures/checkpoint-writer.ts';
import { writeResnet50 } from './reader-models.ts';

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const root = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}out/cli/`;
const cli = `${root}bin/kernel-atlas.mjs`;
const script = `${here}cli-python.py`;

/** A Python with numpy, matplotlib and onnx: the one on PATH (pyenv, venv) first, then the system's. */
function findPython(): string | null {
	for (const candidate of ['python3', '/usr/bin/python3', 'python']) {
		if (spawnSync(candidate, [script, 'check'], { stdio: 'ignore' }).status === 0) return candidate;
	}
	return null;
}

/**
 * CPU time (user + system, ms) of this process's finished children, from /proc (Linux; 10 ms ticks):
 * on a machine shared with other work, the CPU a command used is steadier than its wall time.
 */
function childrenCpuMs(): number {
	try {
		const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
		return (Number(fields[13]) + Number(fields[14])) * 10; // cutime, cstime (fields 16 and 17)
	} catch {
		return Number.NaN;
	}
}

/** Wall and CPU time of one whole process in ms; a failure stops the benchmark with its stderr. */
function time(command: string, args: string[], fresh?: string): { wall: number; cpu: number } {
	if (fresh) rmSync(fresh, { recursive: true, force: true });
	const cpu = childrenCpuMs();
	const started = process.hrtime.bigint();
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
	const wall = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) {
		console.error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
		process.exit(1);
	}
	return { wall, cpu: childrenCpuMs() - cpu };
}

/** Width and height from a PNG's header. */
const pngSize = (file: string) => {
	const b = readFileSync(file);
	return `${b.readUInt32BE(16)}×${b.readUInt32BE(20)}`;
};

/** Stops the benchmark unless Python drew the same gallery sheets, at the same sizes, as kernel-atlas. */
function sameGallery(nodeDir: string, pyDir: string): void {
	const sizes = (dir: string, rename = (f: string) => f) => Object.fromEntries(readdirSync(dir).sort().map((f) => [rename(f), pngSize(`${dir}/${f}`)]));
	const node = sizes(nodeDir);
	const py = sizes(pyDir, (f) => f.replace('RdBu_r', 'diverging'));
	if (JSON.stringify(node) !== JSON.stringify(py)) {
		console.error(`the two galleries differ:\n  kernel-atlas ${JSON.stringify(node)}\n  python       ${JSON.stringify(py)}`);
		process.exit(1);
	}
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The mosaic pages and the gallery's scale kernel-atlas draws, so Python draws the same images (not timed). */
async function mosaicJob(file: string): Promise<string> {
	const model = await openModel(file, { sha256: '' });
	const layers = [];
	let gallery = { scale: 0, gap: 0 };
	try {
		for (const layer of model.layers) {
			const kernel = await model.readKernel(layer);
			const m = await renderLayerMosaic(kernel, layer, { outDir: `${out}layout` });
			layers.push({ bpr: m.layout.kernelsPerRow, scale: m.scale, pages: m.files.map((f) => [f.firstKernel, f.lastKernel + 1]) });
			if (layer.index === 0) {
				const g = await renderFirstLayerGallery(kernel, `${out}layout`, { rgb: true });
				// The gap of the channel strips and between a sheet's tiles, as renderFirstLayerGallery computes it.
				gallery = { scale: g.scale, gap: Math.max(2, Math.round(g.scale / 4)) };
			}
		}
	} finally {
		model.close();
	}
	const job = `${out}job.json`;
	writeFileSync(job, JSON.stringify({ layers, gallery }));
	return job;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const python = findPython();
try {
	const resnet18d = `${out}resnet18d.safetensors`;
	const resnet50 = `${out}resnet50.onnx`;
	const mb18 = writeSafetensorsFile(resnet18d, stateDict(resnet18dKeys(), 18), { format: 'pt' }) / 1e6;
	const mb50 = writeResnet50(resnet50) / 1e6;
	const job = await mosaicJob(resnet50);

	interface Case {
		name: string;
		goal: number;
		node: [string[], string?];
		py: [string[], string?];
	}
	const cases: Case[] = [
		{ name: `a. first-layer render, resnet18d-shaped safetensors (${mb18.toFixed(0)} MB)`, goal: 0.1, node: [['render', resnet18d, '--layer', '0', '--out', `${out}a-node`], `${out}a-node`], py: [['recipe', resnet18d, `${out}a-py`], `${out}a-py`] },
		{ name: `b. inspect, ResNet-50-sized ONNX (${mb50.toFixed(0)} MB)`, goal: 0.6, node: [['inspect', resnet50]], py: [['inspect', resnet50]] },
		{ name: 'c. render every layer of it: the same 68 images on both sides', goal: 0.2, node: [['render', resnet50, '--out', `${out}c-node`], `${out}c-node`], py: [['render', resnet50, job, `${out}c-py`], `${out}c-py`] },
		{
			name: "c′ the same render vs Python drawing only the 56 mosaic pages (reference, no goal)",
			goal: Number.POSITIVE_INFINITY,
			node: [['render', resnet50, '--out', `${out}c-node`], `${out}c-node`],
			py: [['render', resnet50, job, `${out}c-py`, '--mosaics-only'], `${out}c-py`],
		},
	];
	const runNode = (c: Case) => time(process.execPath, [cli, ...c.node[0]], c.node[1]);
	const runPy = (c: Case) => time(python!, [script, ...c.py[0]], c.py[1]);

	let missed = false;
	if (!python) console.log('skipped: python3 with numpy/matplotlib/onnx not found (the Python side and the ratios); kernel-atlas alone:');
	console.log(`whole-process wall time, median of ${RUNS} runs after one warm-up (Node ${process.version}${python ? `, ${python}` : ''})\n`);
	for (const c of cases) {
		runNode(c);
		if (python) runPy(c);
		if (python && c === cases[2]) sameGallery(`${out}c-node/gallery/layer-0`, `${out}c-py/gallery`);
		const node: { wall: number; cpu: number }[] = [];
		const py: { wall: number; cpu: number }[] = [];
		// Interleaved, so a busy neighbour on the machine slows both sides alike.
		for (let i = 0; i < RUNS; i++) {
			node.push(runNode(c));
			if (python) py.push(runPy(c));
		}
		const n = median(node.map((x) => x.wall));
		const nCpu = median(node.map((x) => x.cpu));
		console.log(c.name);
		console.log(`  kernel-atlas ${c.node[0][0]}  ${n.toFixed(0).padStart(6)} ms   CPU ${nCpu.toFixed(0).padStart(6)} ms   (wall runs: ${node.map((x) => x.wall.toFixed(0)).join(', ')})`);
		if (!python) continue;
		const p = median(py.map((x) => x.wall));
		const pCpu = median(py.map((x) => x.cpu));
		const ratio = n / p;
		if (ratio > c.goal) missed = true;
		console.log(`  python          ${p.toFixed(0).padStart(6)} ms   CPU ${pCpu.toFixed(0).padStart(6)} ms   (wall runs: ${py.map((x) => x.wall.toFixed(0)).join(', ')})`);
		const verdict = Number.isFinite(c.goal) ? `(goal ≤ ${c.goal}×) ${ratio <= c.goal ? 'OK' : 'MISSED'}` : '(no goal)';
		console.log(`  ratio           ${ratio.toFixed(2)}×  ${verdict};  CPU ratio ${(nCpu / pCpu).toFixed(2)}×`);
	}
	if (python) console.log(missed ? '\ncli benchmark: a goal was missed' : '\ncli benchmark: every goal met');
	process.exitCode = missed ? 1 : 0;
} finally {
	rmSync(out, { recursive: true, force: true });
}
