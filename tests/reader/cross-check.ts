/**
 * The correctness proof: run onnxruntime on a model with every convolution's input and output exposed
 * (withExposedOutputs), then recompute each convolution from the extracted kernel and bias with the
 * reference implementation and measure the difference.
 */
import * as ort from 'onnxruntime-node';
import { openOnnxModel, withExposedOutputs } from '../../src/reader/index.ts';
import { flatLayer, type FlatLayer as ConvLayer } from './flat-layer.ts';
import { referenceConv, referenceConvTranspose, relativeError, type Tensor } from './reference-conv.ts';
import { seeded, type QuantFacts } from '../fixtures/catalog.ts';

export interface LayerCheck {
	layer: ConvLayer;
	/** max |ours - onnxruntime| / max |onnxruntime| for float outputs (0 for exact integer outputs). */
	relative: number;
	/** QLinearConv: the largest difference in output quantisation steps. */
	steps: number;
}

export interface CheckOptions {
	/** Concrete dims for inputs with symbolic dims. */
	inputDims?: Record<string, number[]>;
	quant?: Record<string, QuantFacts>;
	/** Check only these layer indices (all by default). */
	only?: number[];
}

/** Checks the model's constant-kernel layers against onnxruntime. */
export async function crossCheck(path: string, options: CheckOptions = {}): Promise<LayerCheck[]> {
	const model = await openOnnxModel(path);
	try {
		const layers = model.layers.filter((l) => l.storage !== 'dynamic' && (!options.only || options.only.includes(l.index))).map(flatLayer);
		const feeds: Record<string, ort.Tensor> = {};
		const next = seeded(12345);
		for (const input of model.graphInputs) {
			const dims = options.inputDims?.[input.name] ?? input.dims.map((d) => (typeof d === 'number' ? d : 1));
			const size = dims.reduce((a, b) => a * b, 1);
			feeds[input.name] =
				input.dtype === 'uint8'
					? new ort.Tensor('uint8', Uint8Array.from({ length: size }, () => Math.floor(next() * 256)), dims)
					: new ort.Tensor('float32', Float32Array.from({ length: size }, () => next() * 2 - 1), dims);
		}
		const bytes = await withExposedOutputs(path, layers.flatMap((l) => [l.input, l.output]));
		const session = await ort.InferenceSession.create(bytes);
		const results = await session.run(feeds);
		await session.release();
		const tensor = (name: string): Tensor => {
			const t = results[name] ?? feeds[name];
			if (!t) throw new Error(`onnxruntime returned no tensor "${name}"`);
			return { dims: [...t.dims], data: t.data as ArrayLike<number> };
		};
		const checks: LayerCheck[] = [];
		for (const layer of layers) {
			const kernel = await model.readKernel(layer.index);
			checks.push(checkLayer(layer, tensor(layer.input), tensor(layer.output), { dims: kernel.dims, data: kernel.data }, kernel.bias, options.quant?.[layer.name]));
		}
		return checks;
	} finally {
		model.close();
	}
}

function checkLayer(layer: ConvLayer, x: Tensor, y: Tensor, w: Tensor, bias: Float32Array | null, quant: QuantFacts | undefined): LayerCheck {
	const run = (input: Tensor) => (layer.op === 'ConvTranspose' ? referenceConvTranspose : referenceConv)(layer, input, w, bias);
	if (layer.op === 'Conv' || layer.op === 'ConvTranspose') {
		const ref = run(x);
		expectDims(layer, ref.dims, y.dims);
		return { layer, relative: relativeError(ref.data, y.data), steps: 0 };
	}
	if (!quant) throw new Error(`no quantisation facts for ${layer.op} layer "${layer.name}"`);
	const scale = quant.xScale ?? 1;
	const shifted = { dims: x.dims, data: Float64Array.from(x.data, (v) => (v - quant.xZero) * scale) };
	const ref = run(shifted);
	expectDims(layer, ref.dims, y.dims);
	if (layer.op === 'ConvInteger') return { layer, relative: relativeError(ref.data, y.data), steps: 0 };
	// QLinearConv: requantise our float result like onnxruntime and count the steps it is off by.
	const [low, high] = y.data instanceof Int8Array ? [-128, 127] : [0, 255];
	let steps = 0;
	for (let i = 0; i < ref.data.length; i++) {
		const q = Math.min(high, Math.max(low, Math.round(ref.data[i]! / quant.yScale!) + quant.yZero!));
		steps = Math.max(steps, Math.abs(q - y.data[i]!));
	}
	return { layer, relative: 0, steps };
}

function expectDims(layer: ConvLayer, ours: number[], theirs: number[]): void {
	if (ours.join() !== theirs.join()) throw new Error(`layer "${layer.name}": reference output [${ours}] but onnxruntime gave [${theirs}]`);
}
