/**
 * Worker thread: one model through the stages — read, extract, analyse, render — into a staging
 * folder, posting progress; answers with the model's page data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelConfig } from '../config/model-config.ts';
import type { ModelData } from './atlas-data.ts';
import type { SamplePhoto } from '../render/playground.ts';
import { processModel } from './process-model.ts';
import { serializeError } from './worker-pool.ts';

export interface ModelJobInput {
	id: string;
	modelPath: string;
	/** The model file's SHA-256, already known to the build (the reader then does not hash it again). */
	sha256?: string;
	config: ModelConfig;
	outDir: string;
	/** The featured sample photograph: the feature maps and the classification are computed on it. */
	photoPath: string;
	/** Every sample photograph, prepared at the model's input size for the browser playground. */
	samples: SamplePhoto[];
}

export interface ModelJobProgress {
	layers: number;
	layersDone: number;
	images: number;
	done: boolean;
	seconds: number;
}

if (parentPort) {
	const port = parentPort;
	const input = workerData as ModelJobInput;
	processModel(input, (progress) => port.postMessage({ type: 'progress', message: progress }))
		.then((result: ModelData) => port.postMessage({ type: 'done', result }))
		.catch((error: unknown) => port.postMessage({ type: 'error', error: serializeError(error) }));
}
