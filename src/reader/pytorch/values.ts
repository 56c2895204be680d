/** The plain data a state dict's pickle becomes: Python's builtin values, plus storages and tensors. */

/** A value of the unpickled state dict. Dict keys keep pickle order (a Map), like an OrderedDict. */
export type PickleValue =
	| null
	| boolean
	| number
	| bigint
	| string
	| Uint8Array
	| { kind: 'tuple'; items: PickleValue[] }
	| { kind: 'list'; items: PickleValue[] }
	| { kind: 'dict'; entries: Map<PickleValue, PickleValue> }
	| { kind: 'global'; module: string; name: string }
	| TorchStorage
	| TorchTensor;

/** A storage named by a persistent id `('storage', torch.FloatStorage, key, location, numel)`: the archive's `data/<key>`. */
export interface TorchStorage {
	kind: 'storage';
	/** The storage class (`FloatStorage`). */
	type: string;
	key: string;
	numel: number;
}

/** `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)`: a view of a storage. */
export interface TorchTensor {
	kind: 'tensor';
	storage: TorchStorage;
	offset: number;
	sizes: number[];
	strides: number[];
}

/** What the pickle reader asks whenever a pickle would reach outside plain data. */
export interface PicklePolicy {
	/** The value of GLOBAL/STACK_GLOBAL `module.name`; throws for any global not allowed. */
	global(module: string, name: string): PickleValue;
	/** The result of REDUCE (calling `callable` with the tuple `args`); throws for any call not allowed. */
	reduce(callable: PickleValue, args: PickleValue): PickleValue;
	/** BUILD: applies `state` to `target`; throws when that is not allowed. */
	build(target: PickleValue, state: PickleValue): void;
	/** BINPERSID: the object a persistent id names; throws for ids that are not storages. */
	persistentLoad(id: PickleValue): PickleValue;
}

/** True when `value` is one of the given kinds of object. */
export function isKind<K extends string>(value: PickleValue, kind: K): value is Extract<PickleValue, { kind: K }> {
	return typeof value === 'object' && value !== null && 'kind' in value && value.kind === kind;
}
