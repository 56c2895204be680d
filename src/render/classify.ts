/**
 * Whole-model classification of a photograph: what the network itself answers, as top-k classes.
 * Unlike the feature maps (one layer, rebuilt from its kernel), this loads the whole model into
 * onnxruntime, so callers only do it for models that are small enough (see the pipeline).
 */
import { labels as labelSet, type LabelSet } from './labels.ts';
import { floatTensor, ort, tensorValues, type FloatType } from './ort.ts';
import { type Preprocess, loadInputTensor } from './photo.ts';

/** One class the model predicted. */
export interface Prediction {
	/** Class index in the model's output. */
	index: number;
	/** The class name (English, from the label set). */
	label: string;
	/** Probability in 0–1. */
	probability: number;
}

/** The top classes of one run, and how the probabilities were obtained. */
export interface Classification {
	top: Prediction[];
	/** True when the output held scores (logits) and softmax was applied here; false when it already was a distribution. */
	softmaxApplied: boolean;
	/** The output tensor read. */
	output: string;
}

export type { LabelSet };

/** A model that cannot be run on a photograph as a classifier (unusual input or output); the message says why. */
export class ClassifyError extends Error {
	override name = 'ClassifyError';
}

/**
 * Runs the whole model at `modelPath` on the photograph, preprocessed exactly as for the feature maps,
 * and returns the `k` most probable classes of `labels`.
 * @example const { top } = await classifyPhoto('models/net.onnx', 'chelsea.png', config.preprocess, 'imagenet-1k');
 */
export async function classifyPhoto(modelPath: string, photoPath: string, preprocess: Preprocess, labels: LabelSet, k = 5): Promise<Classification> {
	const { names } = labelSet(labels);
	const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2 });
	try {
		const { name, type } = imageInput(session, preprocess);
		const { tensor } = await loadInputTensor(photoPath, preprocess);
		const [h, w] = preprocess.size;
		const output = session.outputNames[0]!;
		const result = await session.run({ [name]: floatTensor(tensor, type, [1, 3, h, w]) });
		const values = tensorValues(result[output]!);
		if (values.length !== names.length) {
			throw new ClassifyError(`the output "${output}" has ${values.length} values, not one per ${labels} class (${names.length})`);
		}
		const softmaxApplied = !isDistribution(values);
		const probabilities = softmaxApplied ? softmax(values) : values;
		return { top: topK(probabilities, k).map((index) => ({ index, label: names[index]!, probability: probabilities[index]! })), softmaxApplied, output };
	} finally {
		await session.release();
	}
}

/** The one image input, checked against the preprocessing: `[1, 3, H, W]` of float32 or float16. */
function imageInput(session: ort.InferenceSession, preprocess: Preprocess): { name: string; type: FloatType } {
	if (session.inputMetadata.length !== 1) {
		throw new ClassifyError(`the model has ${session.inputMetadata.length} inputs (${session.inputNames.join(', ')}); only a single image input can be fed`);
	}
	const meta = session.inputMetadata[0]!;
	if (!meta.isTensor || (meta.type !== 'float32' && meta.type !== 'float16')) {
		throw new ClassifyError(`the input "${meta.name}" is ${meta.isTensor ? meta.type : 'not a tensor'}, not float32 or float16`);
	}
	const expected = [1, 3, ...preprocess.size];
	const fits = meta.shape.length === 4 && meta.shape.every((d, i) => typeof d !== 'number' || d === expected[i]);
	if (!fits) {
		throw new ClassifyError(`the input "${meta.name}" has shape [${meta.shape.join(', ')}], not [${expected.join(', ')}] as preprocess.size says`);
	}
	return { name: meta.name, type: meta.type };
}

/** True when every value is in 0–1 and they sum to 1 (within float16 rounding): the model ends in softmax. */
export function isDistribution(values: Float32Array): boolean {
	let sum = 0;
	for (const v of values) {
		if (!(v >= 0 && v <= 1)) return false;
		sum += v;
	}
	return Math.abs(sum - 1) < 0.01;
}

/** Softmax, shifted by the maximum so large scores do not overflow. */
export function softmax(values: Float32Array): Float32Array {
	const max = values.reduce((m, v) => Math.max(m, v), -Infinity);
	const out = Float32Array.from(values, (v) => Math.exp(v - max));
	const sum = out.reduce((s, v) => s + v, 0);
	return out.map((v) => v / sum);
}

/** Indices of the `k` largest values, largest first (ties by lower index). */
export function topK(values: Float32Array, k: number): number[] {
	return Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b).slice(0, k);
}
