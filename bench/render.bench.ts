/**
 * `npm run bench render`: the render stage against numpy + matplotlib on this machine.
 *  1. every layer's mosaic of a ResNet-50-shaped model (random He-initialised weights, 53 layers);
 *  2. the first-layer gallery (all views) of a 32 × 3 × 3 × 3 layer, against the tutorial's matplotlib
 *     recipe (plt.subplots grid, imshow each kernel, savefig) and against the same views in matplotlib.
 * Targets (issue 4): ≥ 5× for 1, ≥ 20× for 2. Times exclude imports and weight generation on both sides.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderFirstLayerGallery, renderLayerMosaic, renderLegends, type MosaicResult } from '../src/render/index.ts';
import { mapLimit } from '../src/render/output.ts';
import { randomWeights, resnet50Shapes } from './render-shapes.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}out/render`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const shapes = resnet50Shapes();
const kernels = shapes.map((dims, i) => ({ dims, data: randomWeights(dims, i + 1) }));
const weights = shapes.reduce((n, d) => n + d.reduce((a, b) => a * b), 0);

async function renderAll(dir: string): Promise<MosaicResult[]> {
	await renderLegends(dir);
	// Two layers in flight: one fills pixels on the main thread while the other's deflate runs on the pool.
	return mapLimit(kernels, 2, (k, i) => renderLayerMosaic(k, { index: i, name: `conv${i}`, transposed: false, fromGraphInput: false }, { outDir: dir }));
}

async function best<T>(runs: number, f: (i: number) => Promise<T>): Promise<{ ms: number; result: T }> {
	let ms = Infinity;
	let result!: T;
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		result = await f(i);
		ms = Math.min(ms, performance.now() - t);
	}
	return { ms, result };
}

const mosaics = await best(3, (i) => renderAll(`${out}/node-${i}`));
const files = mosaics.result.flatMap((m) => m.files);
const bytes = files.reduce((n, f) => n + f.bytes, 0);

const gKernel = { dims: [32, 3, 3, 3], data: randomWeights([32, 3, 3, 3], 99) };
const gallery = await best(10, (i) => renderFirstLayerGallery(gKernel, `${out}/gallery-${i}`, { colorOrder: 'BGR' }));
const galleryFiles = await best(3, (i) => renderFirstLayerGallery(gKernel, `${out}/gallery-files-${i}`, { colorOrder: 'BGR', layout: 'files' }));

// The same pages (layout, scale, kernel ranges) for matplotlib.
const job = {
	layers: mosaics.result.map((m, i) => ({
		dims: shapes[i],
		bpr: m.layout.kernelsPerRow,
		scale: m.scale,
		pages: m.files.map((f) => [f.firstKernel, f.lastKernel + 1]),
	})),
	gallery: [32, 3, 3, 3],
};
writeFileSync(`${out}/job.json`, JSON.stringify(job));
// Debian's python3 has numpy and matplotlib; a pyenv shim on PATH may not.
const py = spawnSync('/usr/bin/python3', [`${here}render-mpl.py`, `${out}/job.json`, `${out}/mpl`], { encoding: 'utf8' });
if (py.status !== 0) {
	console.error(py.stderr);
	process.exit(1);
}
const mpl = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { mosaics: number; gallery: number; recipe: number };

const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const ratio = (a: number, b: number, target: number) => `${(a / b).toFixed(1)}× (target ≥ ${target}×) ${a / b >= target ? 'OK' : 'MISSED'}`;
console.log(`ResNet-50 shapes: ${shapes.length} layers, ${(weights / 1e6).toFixed(1)} M weights, ${files.length} mosaic files, ${(bytes / 1e6).toFixed(1)} MB, largest ${(Math.max(...files.map((x) => x.bytes)) / 1e6).toFixed(2)} MB`);
console.log(`  kernel-atlas  ${f(mosaics.ms)} (best of 3)`);
console.log(`  matplotlib    ${f(mpl.mosaics * 1000)}`);
console.log(`  ratio         ${ratio(mpl.mosaics * 1000, mosaics.ms, 5)}`);
console.log(`First-layer gallery 32×3×3×3: ${gallery.result.images.length} sheets (${gallery.result.images.reduce((n, i) => n + i.cells.length, 0)} kernel views)`);
console.log(`  kernel-atlas sheets      ${f(gallery.ms)} (best of 10)`);
console.log(`  kernel-atlas files       ${f(galleryFiles.ms)} (${galleryFiles.result.images.length} files, best of 3)`);
console.log(`  tutorial recipe (mpl)    ${f(mpl.recipe * 1000)}  (2 figures: summed 4×8, channels 3×32, viridis)`);
console.log(`  same views in mpl        ${f(mpl.gallery * 1000)}  (10 figures)`);
console.log(`  ratio vs recipe          ${ratio(mpl.recipe * 1000, gallery.ms, 20)}`);
console.log(`  ratio vs same views      ${(mpl.gallery * 1000 / gallery.ms).toFixed(1)}×`);
console.log(`  files layout vs recipe   ${(mpl.recipe * 1000 / galleryFiles.ms).toFixed(1)}×`);
