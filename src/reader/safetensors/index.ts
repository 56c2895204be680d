/**
 * The safetensors reader: a single `.safetensors` file, or a sharded checkpoint opened through its
 * `model.safetensors.index.json` (`{"metadata": {...}, "weight_map": {tensor: shard file}}`). Shards are
 * opened with the rules of ONNX external data. See ../README.md.
 */
import { dirname, resolve } from 'node:path';
import { ModelError } from '../errors.ts';
import type { ModelFormatReader } from '../model.ts';
import type { FileSource } from '../source.ts';
import { CHECKPOINT_HINT, openShard, readRange } from '../checkpoint/files.ts';
import { openCheckpoint, type OpenFiles, type ParsedCheckpoint } from '../checkpoint/open.ts';
import type { CheckpointTensor } from '../checkpoint/tensor.ts';
import { MAX_HEADER_BYTES, parseSafetensors } from './header.ts';
import { INDEX_SUFFIX, matchSafetensors } from './probe.ts';

/**
 * Reads `.safetensors` files and `*.safetensors.index.json` shard indexes.
 * @example
 * const model = await safetensorsReader.open('resnet18d/model.safetensors');
 */
export const safetensorsReader: ModelFormatReader = {
	format: 'safetensors',
	match: matchSafetensors,
	open(path, options) {
		return openCheckpoint(path, 'safetensors', (source, files) => (path.endsWith(INDEX_SUFFIX) ? parseIndex(source, files, path) : parseSingle(source)), options);
	},
};


function parseSingle(source: FileSource): ParsedCheckpoint {
	const { tensors, metadata } = parseSafetensors(source);
	return { tensors, producer: metadata.format ?? '', externalData: [], metadata };
}

/** Opens every shard the index names, once, and lists the tensors in the index's order. */
function parseIndex(source: FileSource, files: OpenFiles, path: string): ParsedCheckpoint {
	const file = source.file;
	const fail = (what: string): never => {
		throw new ModelError(file, what, 'Use the model.safetensors.index.json that came with the shards, or re-download it');
	};
	if (source.size > MAX_HEADER_BYTES) fail(`the index is ${source.size} bytes, more than the ${MAX_HEADER_BYTES / 1e6} MB an index can reasonably need`);
	let index: unknown;
	try {
		index = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(readRange(source, 0, source.size, CHECKPOINT_HINT.safetensors)));
	} catch (error) {
		return fail(`the index is not valid JSON (${(error as Error).message})`);
	}
	const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
	if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) return fail('the index has no "weight_map" object');
	const entries = Object.entries(weightMap);
	if (entries.length === 0) fail('the index\'s "weight_map" is empty');
	const dir = dirname(resolve(path));
	const shards = new Map<string, Map<string, CheckpointTensor>>();
	let producer = '';
	let metadata: Record<string, string> | undefined;
	const tensors: CheckpointTensor[] = [];
	for (const [name, shard] of entries) {
		if (typeof shard !== 'string') return fail(`tensor "${name}" is mapped to ${JSON.stringify(shard)}, not a file name`);
		let contents = shards.get(shard);
		if (!contents) {
			const parsed = parseSafetensors(files.track(openShard(file, dir, shard, name)));
			contents = new Map(parsed.tensors.map((t) => [t.name, t]));
			shards.set(shard, contents);
			producer ||= parsed.metadata.format ?? '';
			metadata ??= parsed.metadata;
		}
		const tensor = contents.get(name);
		if (!tensor) throw new ModelError(file, `tensor "${name}" is not in shard "${shard}", where the index says it is`, 'Download the shards and the index of the same revision', { subject: name });
		tensors.push(tensor);
	}
	return { tensors, producer, externalData: [...shards.keys()].sort(), metadata };
}
