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
	/**
	 * The model file's SHA-256 when the build already knows it (the reader then does not hash it again);
	 * null when nothing needs it (the command line, with no cache): the file is then not hashed at all.
	 */
	sha256?: string | null;
	config: ModelConfig;
	outDir: string;
	/**
	 * The featured sample photograph: the feature maps and the classification are computed on it; null
	 * for neither (the command line on a model without a config: no preprocessing to apply to a photo).
	 */
	photoPath: string | null;
	/** Every sample photograph, prepared at the model's input size for the browser playground. */
	samples: SamplePhoto[];
	/** Only these layers (by index) are analysed, drawn and listed, as `kernel-atlas render --layer` asks; default all. */
	layers?: number[];
	/** Where the images go: default `outDir/images`, the build cache's layout. */
	imagesDir?: string;
	/**
	 * Analyse the layers without a gallery on a second thread while this one draws them (`layer-analyser.ts`):
	 * for a machine with a core to spare (the command line; a build with fewer models to render than cores).
	 * The same data either way.
	 */
	analysisThread?: boolean;
	/** How the images' `src` starts in the data: default `atlas/<id>/`, their address on the site. */
	srcPrefix?: string;
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
