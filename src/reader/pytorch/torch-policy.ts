/**
 * What a torch.save state dict may contain, and nothing more: the globals and calls that
 * `torch.load(weights_only=True)` allows for a dict of tensors. Everything else (`posix.system`,
 * `builtins.eval`, any class of a pickled model) is refused at the GLOBAL opcode, before it could be
 * called and before any tensor data is looked at.
 */
import type { KernelDtype } from '../model.ts';
import { PickleRefusal } from './pickle.ts';
import { isKind, type PicklePolicy, type PickleValue, type TorchStorage, type TorchTensor } from './values.ts';

/** Each storage class: the type it decodes to (null: listed, not decoded) and its element size. */
export const STORAGE_TYPES: Record<string, [KernelDtype | null, number]> = {
	FloatStorage: ['float32', 4], DoubleStorage: ['float64', 8], HalfStorage: ['float16', 2], BFloat16Storage: ['bfloat16', 2],
	LongStorage: ['int64', 8], IntStorage: ['int32', 4], ShortStorage: ['int16', 2], CharStorage: ['int8', 1], ByteStorage: ['uint8', 1],
	BoolStorage: [null, 1], ComplexFloatStorage: [null, 8], ComplexDoubleStorage: [null, 16],
	Float8_e4m3fnStorage: [null, 1], Float8_e5m2Storage: [null, 1],
};

const CALLS = new Set(['collections.OrderedDict', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_parameter']);

const refuse = (what: string): never => {
	throw new PickleRefusal(what);
};

function nonNegative(value: PickleValue, what: string): number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : refuse(`${what} is ${String(value)}, not a non-negative integer`);
}

function ints(value: PickleValue, what: string): number[] {
	if (!isKind(value, 'tuple')) return refuse(`${what} is not a tuple`);
	return value.items.map((v) => nonNegative(v, what));
}

/** A tensor from `_rebuild_tensor_v2`'s arguments, checked to lie inside its storage. */
function rebuildTensor(args: PickleValue[]): TorchTensor {
	if (args.length < 6 || args.length > 7) refuse(`_rebuild_tensor_v2 is called with ${args.length} arguments`);
	const [storage, offsetValue, sizesValue, stridesValue] = args;
	if (!isKind(storage!, 'storage')) return refuse('_rebuild_tensor_v2 is called without a storage');
	const offset = nonNegative(offsetValue!, 'a storage offset');
	const sizes = ints(sizesValue!, 'a tensor size');
	const strides = ints(stridesValue!, 'a tensor stride');
	if (sizes.length !== strides.length) refuse(`a tensor has ${sizes.length} sizes but ${strides.length} strides`);
	// The last element the view touches must lie inside the storage; checked without leaving the exact integers.
	if (!sizes.includes(0)) {
		let last = offset;
		sizes.forEach((size, i) => {
			const step = (size - 1) * strides[i]!;
			if (!Number.isSafeInteger(step) || !Number.isSafeInteger(last + step)) refuse(`a tensor of sizes [${sizes.join(', ')}] claims an absurd extent`);
			last += step;
		});
		if (last >= storage.numel) refuse(`a tensor of sizes [${sizes}] and strides [${strides}] at offset ${offset} reaches past its ${storage.numel}-element storage "${storage.key}"`);
	}
	return { kind: 'tensor', storage, offset, sizes, strides };
}

/**
 * The allow-list of `torch.load(weights_only=True)` for a dict of tensors.
 * @example
 * const root = unpickle(bytes, torchStateDictPolicy());
 */
export function torchStateDictPolicy(): PicklePolicy {
	const storages = new Map<string, TorchStorage>();
	return {
		global(module, name) {
			const full = `${module}.${name}`;
			if (CALLS.has(full) || (module === 'torch' && Object.hasOwn(STORAGE_TYPES, name))) return { kind: 'global', module, name };
			if (module === 'torch' && name.endsWith('Storage')) throw new PickleRefusal(`it holds a storage of type "${full}", which the reader does not know`, full);
			throw new PickleRefusal(`it asks for the global "${full}", which a state dict of tensors never needs (loading it with torch.load would run it)`, full);
		},
		reduce(callable, args) {
			if (!isKind(callable, 'global') || !isKind(args, 'tuple')) return refuse('it calls something that is not an allowed global');
			const full = `${callable.module}.${callable.name}`;
			if (full === 'collections.OrderedDict' && args.items.length === 0) return { kind: 'dict', entries: new Map() };
			if (full === 'torch._utils._rebuild_tensor_v2') return rebuildTensor(args.items);
			if (full === 'torch._utils._rebuild_parameter' && args.items.length === 3 && isKind(args.items[0]!, 'tensor')) return args.items[0]!;
			return refuse(`it calls ${full} with arguments a state dict never uses`);
		},
		build(target, state) {
			// OrderedDict's BUILD restores the `_metadata` attribute of a state dict (module versions): not needed.
			if (!isKind(target, 'dict') || !(state === null || isKind(state, 'dict'))) refuse('it sets the state of something that is not a dict');
		},
		persistentLoad(id) {
			if (!isKind(id, 'tuple') || id.items.length !== 5 || id.items[0] !== 'storage') return refuse('it names a persistent object that is not a storage');
			const [, type, key, location, numelValue] = id.items;
			if (!isKind(type!, 'global') || type.module !== 'torch' || !Object.hasOwn(STORAGE_TYPES, type.name)) return refuse('a storage has no storage type');
			if (typeof key !== 'string' || typeof location !== 'string') return refuse('a storage has no key or location');
			const numel = nonNegative(numelValue!, `the size of storage "${key}"`);
			const known = storages.get(key);
			if (known && (known.type !== type.name || known.numel !== numel)) refuse(`storage "${key}" is named twice with different types or sizes`);
			const storage = known ?? { kind: 'storage', type: type.name, key, numel };
			storages.set(key, storage);
			return storage;
		},
	};
}
