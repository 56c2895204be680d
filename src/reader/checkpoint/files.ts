/**
 * Opening checkpoint files: the checkpoint itself, and the shards a sharded checkpoint's index names.
 * A shard name gets the rules of ONNX external data (see ../external.ts): a relative path that stays in
 * the index's folder after resolving symbolic links, a regular file, a single hard link. A FileSource
 * error (ONNX wording) is re-raised with checkpoint wording.
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { ModelError } from '../errors.ts';
import { FileSource } from '../source.ts';

/** Hints for checkpoint errors, so the wording stays the same in every message. */
export const CHECKPOINT_HINT = {
	safetensors: 'The file is truncated or is not a safetensors file; re-download it or save it again with safetensors',
	torch: 'The file is truncated or is not a torch.save file; re-download it or save it again with torch.save(model.state_dict(), path)',
	shard: 'Keep the shards as plain files next to the index (same folder or below) and name them by relative path',
} as const;

/** Opens `path` for windowed reading; `file` names it in messages. */
export function openCheckpointFile(path: string, file: string): FileSource {
	let isFile: boolean;
	try {
		isFile = statSync(path).isFile();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ModelError(file, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code})`, 'Check the path to the checkpoint', { cause: error });
	}
	// Checked before opening: opening a FIFO would wait for a writer.
	if (!isFile) throw new ModelError(file, 'is not a regular file', 'Point at a checkpoint file, not a folder, pipe or device');
	try {
		return new FileSource(path, file);
	} catch (error) {
		throw new ModelError(file, 'cannot open the file', 'Check that the file exists, is a regular file and is readable', { cause: error });
	}
}

/**
 * Opens the shard `name` that an index in `dir` refers to for `tensor`, or refuses it.
 * @example
 * const shard = openShard('model.safetensors.index.json', '/models/x', 'model-00001-of-00002.safetensors', 'conv1.weight');
 */
export function openShard(file: string, dir: string, name: string, tensor: string): FileSource {
	const refuse = (why: string): never => {
		throw new ModelError(file, `refused shard "${name}" of tensor "${tensor}": ${why}`, CHECKPOINT_HINT.shard, { subject: tensor });
	};
	if (name.includes('\0')) refuse('the name contains a NUL byte');
	if (name === '' || isAbsolute(name) || /^[a-zA-Z]:|^[\\/]/.test(name)) refuse('only relative paths are allowed');
	if (name.split(/[\\/]/).includes('..')) refuse('".." would leave the index\'s folder');
	let real: string;
	let root: string;
	try {
		root = realpathSync(dir);
		real = realpathSync(join(dir, name));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ModelError(file, `shard "${name}" of tensor "${tensor}" cannot be opened (${code ?? 'error'})`, 'Download every shard the index lists into the folder of the index', { subject: tensor, cause: error });
	}
	if (!real.startsWith(root + sep)) refuse('it resolves (through a symbolic link) to a file outside the index\'s folder');
	if (!statSync(real).isFile()) refuse('it is not a regular file');
	const source = openCheckpointFile(real, `${file} (shard ${name})`);
	const stat = source.stat();
	if (stat.nlink > 1) {
		source.close();
		refuse(`the file has ${stat.nlink} hard links, so it may be a link to a file elsewhere`);
	}
	return source;
}

/** Copies `length` bytes at `offset` of `source` into a new buffer, after checking they exist. */
export function readRange(source: FileSource, offset: number, length: number, hint: string): Uint8Array {
	if (offset < 0 || length < 0 || offset + length > source.size) {
		throw new ModelError(source.file, `unexpected end of file: needed bytes ${offset}..${offset + length} of a ${source.size}-byte file`, hint);
	}
	const bytes = new Uint8Array(length);
	source.copyInto(offset, bytes);
	return bytes;
}
