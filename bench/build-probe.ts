/**
 * Attributes a build's peak memory to a stage: one stage of the model worker on its own, in a fresh
 * process so its VmHWM is its own, printed as JSON on stdout.
 *   build-probe.ts kernels FILE OUTDIR       every layer: read the kernel, analyse it, render its mosaic
 *   build-probe.ts feature-maps FILE SIZE    the feature-map renderer: first kernel as a one-node model in onnxruntime
 */
import { rmSync } from 'node:fs';
import { analyseLayer } from '../src/analysis/index.ts';
import { openModel, singleConvModel, SINGLE_CONV_IO } from '../src/reader/index.ts';
import { renderLayerMosaic } from '../src/render/index.ts';
import { peakRssOf } from './peak-rss.ts';

const [mode, file, arg] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
const steps: Record<string, number> = {};
const step = (name: string, since: number) => {
	steps[name] = Math.round(performance.now() - since);
	steps[`${name}PeakMB`] = Math.round(peakRssOf(process.pid) / 2 ** 20);
};

const model = await openModel(file);
if (mode === 'kernels') {
	const t = performance.now();
	try {
		for (const layer of model.layers) {
			const kernel = await model.readKernel(layer);
			analyseLayer(kernel, layer, { colorOrder: 'RGB' });
			await renderLayerMosaic(kernel, layer, { outDir: arg });
		}
	} finally {
		model.close();
		rmSync(arg, { recursive: true, force: true });
	}
	step('kernels', t);
} else if (mode === 'feature-maps') {
	const first = model.layers[0]!;
	const size = Number(arg);
	const ort = await import('onnxruntime-node');
	let t = performance.now();
	const bytes = singleConvModel(first, await model.readKernel(first), [1, 3, size, size]);
	model.close();
	step('expose', t);
	t = performance.now();
	const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
	step('session', t);
	t = performance.now();
	await session.run({ [SINGLE_CONV_IO.input]: new ort.Tensor('float32', new Float32Array(3 * size * size), [1, 3, size, size]) });
	step('run', t);
	await session.release();
} else {
	throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(JSON.stringify({ mode, ms: Math.round(performance.now() - started), peak: peakRssOf(process.pid), steps }));
