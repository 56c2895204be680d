/**
 * The build's whole-model step: for a config with `labels`, what the network answers on the sample
 * photograph (top-5). Any failure becomes a note on the model's page, never a failed build: the
 * kernels are the site's subject, the classification only an illustration.
 */
import { basename } from 'node:path';
import type { ModelConfig } from '../config/model-config.ts';
import { labels } from '../render/labels.ts';
import type { ModelInfo } from '../reader/model.ts';
import type { ClassificationData } from './atlas-data.ts';

/**
 * Largest model file the build loads whole into onnxruntime. The kernel stages read one layer at a
 * time; a whole-model session holds every weight plus onnxruntime's working memory (about twice the
 * file), in each of up to four workers. Classifiers are rarely bigger (VGG-16 is 553 MB: skipped).
 */
export const CLASSIFY_MAX_BYTES = 250_000_000;

/** Extra memory the worker needs for the step, for the pool's memory budget. */
export function classifyMemory(config: ModelConfig, bytes: number): number {
	return config.labels && bytes <= CLASSIFY_MAX_BYTES ? 2 * bytes : 0;
}

/**
 * Runs the whole model on the photograph when the config names its labels; null when it does not.
 * @example const data = await classifySample('models/net.onnx', 'chelsea.png', config, model.info);
 */
export async function classifySample(modelPath: string, photoPath: string, config: ModelConfig, info: Pick<ModelInfo, 'format' | 'bytes'>): Promise<ClassificationData | null> {
	const { bytes } = info;
	if (!config.labels) return null;
	const base = { labels: config.labels, labelSource: labels(config.labels).source, photo: basename(photoPath), top: [], softmaxApplied: false };
	if (info.format !== 'onnx') {
		return { ...base, note: `Not run: ${basename(modelPath)} is a ${info.format} checkpoint, which holds the weights but not the graph to run them.` };
	}
	if (bytes > CLASSIFY_MAX_BYTES) {
		const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
		return { ...base, note: `Not run: the model file is ${mb(bytes)}, more than the ${mb(CLASSIFY_MAX_BYTES)} the build loads whole.` };
	}
	try {
		// Loaded here, not at the top: most models never need onnxruntime's whole-model path.
		const { classifyPhoto } = await import('../render/classify.ts');
		const result = await classifyPhoto(modelPath, photoPath, config.preprocess, config.labels);
		return { ...base, top: result.top, softmaxApplied: result.softmaxApplied, note: null };
	} catch (error) {
		return { ...base, note: `Could not run the whole model on the photograph: ${(error as Error).message}` };
	}
}
