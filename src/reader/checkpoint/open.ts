/**
 * What the checkpoint readers share once a file is parsed: hashing, the layer list, kernels on demand,
 * and closing. A format reader only turns its file into named tensors (see `ParsedCheckpoint`).
 */
import { basename } from 'node:path';
import { ModelError } from '../errors.ts';
import type { FileSource } from '../source.ts';
import { sha256File } from '../hash.ts';
import type { ConvLayer, Kernel, ModelFormat, OpenedModel, OpenOptions } from '../model.ts';
import { openCheckpointFile } from './files.ts';
import { checkpointLayers, type CheckpointLayerPlan } from './layers.ts';
import { readFloat32, type CheckpointTensor } from './tensor.ts';

/** A checkpoint turned into named tensors by a format reader. */
export interface ParsedCheckpoint {
	/** Every tensor, in checkpoint order. */
	tensors: CheckpointTensor[];
	/** The metadata's `format` (`pt`), or ''. */
	producer: string;
	/** Shard files, relative to the index's folder, sorted; [] for a single file. */
	externalData: string[];
	/** A safetensors `__metadata__` (of the first shard); absent for formats without one. */
	metadata?: Record<string, string>;
}

/** Files a parser opened; all are closed when parsing fails or the model is closed. */
export class OpenFiles {
	private readonly files: { close(): void }[] = [];

	/** Remembers `file` for closing and returns it. */
	track<T extends { close(): void }>(file: T): T {
		this.files.push(file);
		return file;
	}

	close(): void {
		for (const file of this.files.splice(0)) file.close();
	}
}

/**
 * Opens a checkpoint: hashes the file on the thread pool while `parse` reads its structure from `source`
 * (no weights), then lists the convolution layers. `parse` tracks in `files` any other file it opens.
 * @example
 * const model = await openCheckpoint('w.safetensors', 'safetensors', (source) => ({ tensors: parseSafetensors(source).tensors, producer: '', externalData: [] }));
 */
export async function openCheckpoint(
	path: string,
	format: ModelFormat,
	parse: (source: FileSource, files: OpenFiles) => ParsedCheckpoint,
	options: OpenOptions = {},
): Promise<OpenedModel> {
	const file = path;
	const files = new OpenFiles();
	const stopHash = new AbortController();
	let hashing: Promise<string> | null = null;
	let closed = false;
	try {
		const source = files.track(openCheckpointFile(path, file));
		hashing = options.sha256 !== undefined || options.hash === false ? Promise.resolve(options.sha256 ?? '') : sha256File(path, stopHash.signal);
		hashing.catch(() => {});
		const parsed = parse(source, files);
		const plans = checkpointLayers(parsed.tensors);
		const sha256 = await hashing.catch((error: unknown) => {
			throw new ModelError(file, 'the file could not be read to the end', 'Check that the file is readable and not being modified', { cause: error });
		});
		return {
			info: { format, file: basename(path), bytes: source.size, sha256, producer: parsed.producer, producerVersion: '', irVersion: null, opsets: {} },
			layers: plans.map((p) => p.layer),
			graphInputs: [],
			graphOutputs: [],
			metadata: parsed.metadata ?? {},
			externalData: parsed.externalData,
			spatialNodes: null,
			readKernel: async (layer) => {
				if (closed) throw new ModelError(file, 'the model was closed before this kernel was read', 'Read kernels before calling close()');
				return readCheckpointKernel(planOf(plans, layer, file), file);
			},
			close: () => {
				closed = true;
				files.close();
			},
		};
	} catch (error) {
		stopHash.abort();
		files.close();
		throw error;
	}
}

function readCheckpointKernel(plan: CheckpointLayerPlan, file: string): Kernel {
	return {
		dims: [...plan.weight.shape],
		data: readFloat32(plan.weight, file),
		bias: plan.bias ? readFloat32(plan.bias, file) : null,
	};
}

function planOf(plans: CheckpointLayerPlan[], layer: ConvLayer | number, file: string): CheckpointLayerPlan {
	const index = typeof layer === 'number' ? layer : layer.index;
	const plan = plans[index];
	if (!plan) throw new ModelError(file, `there is no layer ${index} (the checkpoint has ${plans.length} convolution layers)`, 'Run kernel-atlas inspect to list them');
	return plan;
}
