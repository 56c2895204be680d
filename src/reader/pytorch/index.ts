/**
 * The PyTorch reader: state dicts written by torch.save (since 1.6), a zip of `<archive>/data.pkl` (a
 * pickle that rebuilds tensors from persistent ids) and `<archive>/data/<key>` storages. The pickle is
 * interpreted, never executed, under the allow-list of torch.load(weights_only=True). See ../README.md.
 */
import { crc32 } from 'node:zlib';
import { ModelError } from '../errors.ts';
import type { ModelFormatReader } from '../model.ts';
import type { FileSource } from '../source.ts';
import { CHECKPOINT_HINT, readRange } from '../checkpoint/files.ts';
import { openCheckpoint, type ParsedCheckpoint } from '../checkpoint/open.ts';
import type { CheckpointTensor } from '../checkpoint/tensor.ts';
import { PickleRefusal, unpickle } from './pickle.ts';
import { findStateDict } from './state-dict.ts';
import { STORAGE_TYPES, torchStateDictPolicy } from './torch-policy.ts';
import type { TorchTensor } from './values.ts';
import { LEGACY_MAGIC, ZIP_MAGIC, matchTorch, startsWith } from './probe.ts';
import { readZipDirectory, type ZipEntry } from './zip.ts';

/** A state dict's pickle holds names and shapes only; even a large language model's is a few MB. */
const MAX_PICKLE_BYTES = 100_000_000;

/**
 * Reads torch.save files (`.pt`, `.pth`, `.bin`, `.ckpt`); recognises the legacy format only to refuse it clearly.
 * @example
 * const model = await pytorchReader.open('resnet18.pth');
 */
export const pytorchReader: ModelFormatReader = {
	format: 'pytorch',
	match: matchTorch,
	open(path, options) {
		return openCheckpoint(path, 'pytorch', parseTorchZip, options);
	},
};

function parseTorchZip(source: FileSource): ParsedCheckpoint {
	const file = source.file;
	const head = readRange(source, 0, Math.min(source.size, LEGACY_MAGIC.length), CHECKPOINT_HINT.torch);
	if (startsWith(head, LEGACY_MAGIC)) {
		throw new ModelError(file, 'is in the legacy torch.save format of PyTorch before 1.6, which this reader does not read', 'Load it with torch.load and save it again with a current PyTorch (torch.save(torch.load(path), new_path))');
	}
	if (!startsWith(head, ZIP_MAGIC)) throw new ModelError(file, 'is not a zip archive, so not a torch.save file', CHECKPOINT_HINT.torch);
	const entries = readZipDirectory(source);
	const prefix = archivePrefix(entries, file);
	const entry = (name: string) => entries.get(`${prefix}/${name}`);
	const byteorder = entry('byteorder');
	if (byteorder) {
		const order = new TextDecoder().decode(readRange(source, byteorder.offset, Math.min(byteorder.size, 16), CHECKPOINT_HINT.torch));
		if (order === 'big') throw new ModelError(file, 'was saved on a big-endian machine', 'Load it and save it again on a little-endian machine (x86-64 or ARM) with torch.save');
		if (order !== 'little') throw new ModelError(file, `has an unknown byte order ${JSON.stringify(order)}`, CHECKPOINT_HINT.torch);
	}
	const pickleEntry = entry('data.pkl')!;
	if (pickleEntry.size > MAX_PICKLE_BYTES) throw new ModelError(file, `data.pkl is ${pickleEntry.size} bytes, far more than a state dict's pickle needs`, CHECKPOINT_HINT.torch);
	const pickle = readRange(source, pickleEntry.offset, pickleEntry.size, CHECKPOINT_HINT.torch);
	if (crc32(pickle) !== pickleEntry.crc32) throw new ModelError(file, 'data.pkl does not match its checksum (the file is damaged)', CHECKPOINT_HINT.torch);
	let root;
	try {
		root = unpickle(pickle, torchStateDictPolicy());
	} catch (error) {
		if (!(error instanceof PickleRefusal)) throw error;
		throw new ModelError(file, `refused data.pkl: ${error.message}`, error.global
			? 'Only state dicts of tensors are read; save one with torch.save(model.state_dict(), path), or convert the checkpoint to safetensors'
			: CHECKPOINT_HINT.torch, { subject: error.global ?? undefined, cause: error });
	}
	const found = findStateDict(root);
	if (typeof found === 'string') throw new ModelError(file, found, 'Save just the state dict: torch.save(model.state_dict(), path)');
	const tensors = found.tensors.map(([name, tensor]) => storageTensor(source, name, tensor, entry(`data/${tensor.storage.key}`)));
	return { tensors, producer: '', externalData: [] };
}

/** The archive's top folder (torch names it after the file, or `archive`), from its one `<folder>/data.pkl`. */
function archivePrefix(entries: Map<string, ZipEntry>, file: string): string {
	const names = [...entries.keys()];
	const pickles = names.filter((n) => /^[^/]+\/data\.pkl$/.test(n));
	if (pickles.length === 1) {
		const prefix = pickles[0]!.slice(0, -'/data.pkl'.length);
		if (entries.has(`${prefix}/constants.pkl`) || names.some((n) => n.startsWith(`${prefix}/code/`))) {
			throw new ModelError(file, 'is a TorchScript archive (torch.jit.save), not a torch.save state dict', 'Save the weights with torch.save(model.state_dict(), path)');
		}
		return prefix;
	}
	throw new ModelError(file, pickles.length ? `holds ${pickles.length} data.pkl pickles` : 'holds no data.pkl, so it is a zip archive but not a torch.save file', CHECKPOINT_HINT.torch);
}

/** A tensor whose bytes are a slice of a stored entry; checked now against the entry, read only when asked for. */
function storageTensor(source: FileSource, name: string, tensor: TorchTensor, entry: ZipEntry | undefined): CheckpointTensor {
	const file = source.file;
	const { storage } = tensor;
	const [dtype, width] = STORAGE_TYPES[storage.type]!;
	if (!entry) throw new ModelError(file, `tensor "${name}" refers to storage "${storage.key}", which the archive does not hold`, CHECKPOINT_HINT.torch, { subject: name });
	if (entry.size !== storage.numel * width) {
		throw new ModelError(file, `storage "${storage.key}" of tensor "${name}" should hold ${storage.numel} × ${width} bytes but holds ${entry.size}`, CHECKPOINT_HINT.torch, { subject: name });
	}
	// A view with stride 0 can claim any number of elements over one stored value: refused before its kernel is allocated.
	const check = () => {
		if (!isContiguous(tensor)) {
			throw new ModelError(file, `tensor "${name}" is a non-contiguous view (sizes [${tensor.sizes}], strides [${tensor.strides}])`, 'Save contiguous tensors: torch.save({k: v.contiguous() for k, v in state_dict.items()}, path)', { subject: name });
		}
	};
	return {
		name,
		dtype,
		storedAs: `torch.${storage.type}`,
		shape: tensor.sizes,
		check,
		readInto(target) {
			check();
			source.copyInto(entry.offset + tensor.offset * width, target);
			// The usual tensor owns its whole storage: then its bytes can be checked against the zip's CRC-32.
			if (target.length === entry.size && crc32(target) !== entry.crc32) {
				throw new ModelError(file, `the bytes of tensor "${name}" do not match their checksum (the file is damaged)`, CHECKPOINT_HINT.torch, { subject: name });
			}
		},
	};
}

/** C order: each stride is the product of the sizes after it (a size-1 dimension's stride does not matter). */
function isContiguous({ sizes, strides }: TorchTensor): boolean {
	let expected = 1;
	for (let i = sizes.length - 1; i >= 0; i--) {
		if (sizes[i] !== 1 && strides[i] !== expected) return sizes.includes(0);
		expected *= sizes[i]!;
	}
	return true;
}
