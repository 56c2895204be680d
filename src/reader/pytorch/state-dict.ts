/**
 * Finds the state dict in an unpickled torch.save file: the top-level dict of tensors, or, in a
 * training checkpoint (`{"model": {...}, "optimizer": {...}, "epoch": 3}`), the one nested dict of
 * tensors whose keys look like parameter names.
 */
import { isKind, type PickleValue, type TorchTensor } from './values.ts';

type Dict = Extract<PickleValue, { kind: 'dict' }>;

/** A state dict found in a checkpoint: where it is (`model`, '' for the top level) and its tensors in order. */
export interface FoundStateDict {
	path: string;
	tensors: [string, TorchTensor][];
}

/** How deep the search goes: training checkpoints nest a state dict one or two levels down. */
const MAX_DEPTH = 8;

function tensorsOf(dict: Dict): [string, TorchTensor][] | null {
	const out: [string, TorchTensor][] = [];
	for (const [key, value] of dict.entries) {
		if (typeof key !== 'string' || !isKind(value, 'tensor')) return null;
		out.push([key, value]);
	}
	return out;
}

/**
 * The state dict in `root`, or a sentence saying why there is none (no dict of tensors, or several).
 * @example
 * const found = findStateDict(root); // { path: 'state_dict', tensors: [['conv1.weight', ...], ...] }
 */
export function findStateDict(root: PickleValue): FoundStateDict | string {
	if (isKind(root, 'dict')) {
		const tensors = tensorsOf(root);
		if (tensors) return { path: '', tensors };
	}
	const candidates: FoundStateDict[] = [];
	// Breadth first, without descending into a state dict once found (an optimizer's per-parameter state is not one).
	// Each object once: a pickle can make a list hold itself many times over.
	const seen = new Set<PickleValue>([root]);
	let level: [string, PickleValue][] = [['', root]];
	for (let depth = 0; depth < MAX_DEPTH && level.length; depth++) {
		const next: [string, PickleValue][] = [];
		for (const [path, value] of level) {
			const children: [string, PickleValue][] = isKind(value, 'dict')
				? [...value.entries].map(([k, v]) => [`${path}${path ? '.' : ''}${String(k)}`, v])
				: isKind(value, 'list') || isKind(value, 'tuple')
					? value.items.map((v, i) => [`${path}[${i}]`, v])
					: [];
			for (const [childPath, child] of children) {
				if (typeof child !== 'object' || child === null || seen.has(child)) continue;
				seen.add(child);
				const tensors = isKind(child, 'dict') ? tensorsOf(child) : null;
				if (tensors && tensors.some(([key]) => key.endsWith('.weight') || key === 'weight')) candidates.push({ path: childPath, tensors });
				else if (!tensors) next.push([childPath, child]);
			}
		}
		level = next;
	}
	if (candidates.length === 1) return candidates[0]!;
	if (candidates.length === 0) return 'it holds no dict of tensors (a state dict)';
	return `it holds ${candidates.length} state dicts (${candidates.map((c) => `"${c.path}"`).join(', ')}), so which one to read is ambiguous`;
}
