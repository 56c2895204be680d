/**
 * `openModel`: finds a file's format from its first bytes and opens it with that format's reader, loading
 * the reader's decoder then (a command that reads one safetensors file never loads the ONNX reader).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ModelError } from './errors.ts';
import { PROBE_BYTES, type ModelFormatReader, type OpenedModel, type OpenOptions } from './model.ts';
import { matchOnnx } from './onnx/probe.ts';
import { matchTorch } from './pytorch/probe.ts';
import { matchSafetensors } from './safetensors/probe.ts';

/** A reader whose decoder is loaded when it opens its first file: probing needs only the `match` function. */
function lazyReader(format: ModelFormatReader['format'], match: ModelFormatReader['match'], load: () => Promise<ModelFormatReader>): ModelFormatReader {
	return { format, match, open: async (path, options) => (await load()).open(path, options) };
}

/** Every reader, most specific probe first; ONNX (no magic number) last. */
export const READERS: readonly ModelFormatReader[] = [
	lazyReader('safetensors', matchSafetensors, async () => (await import('./safetensors/index.ts')).safetensorsReader),
	lazyReader('pytorch', matchTorch, async () => (await import('./pytorch/index.ts')).pytorchReader),
	lazyReader('onnx', matchOnnx, async () => (await import('./onnx/index.ts')).onnxReader),
];

/**
 * Opens a model of any supported format: the first reader whose probe matches the file's first bytes
 * and name opens it.
 * @example
 * const model = await openModel('models/resnet18d.safetensors');
 * try {
 *   const { dims, data } = await model.readKernel(0); // conv1.0.weight, [32, 3, 3, 3]
 * } finally { model.close(); }
 */
export async function openModel(path: string, options: OpenOptions = {}): Promise<OpenedModel> {
	const head = probe(path);
	const reader = READERS.find((r) => r.match(head, path));
	if (!reader) {
		throw new ModelError(
			path,
			'is not a model file Kernel Atlas can read (its first bytes match neither ONNX, safetensors nor a PyTorch zip)',
			'Pass a .onnx, .safetensors, model.safetensors.index.json, or .pth/.pt/.bin file saved by torch.save',
		);
	}
	return reader.open(path, options);
}

/** The first PROBE_BYTES of the file (fewer when it is shorter), after checking it is a regular file. */
function probe(path: string): Uint8Array {
	let fd: number;
	try {
		// Non-blocking: a FIFO planted where a model should be must not block the probe for ever.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ModelError(path, code === 'ENOENT' ? 'no such file' : `cannot open the file (${code})`, 'Check the path to the model file', { cause: error });
	}
	try {
		if (!fstatSync(fd).isFile()) throw new ModelError(path, 'not a regular file', 'Pass the path of a model file, not a folder, pipe or device');
		const head = new Uint8Array(PROBE_BYTES);
		return head.subarray(0, readSync(fd, head, 0, PROBE_BYTES, 0));
	} finally {
		closeSync(fd);
	}
}
