/**
 * Convolution layers from a checkpoint's named tensors. A checkpoint records no graph, so a layer is
 * recognised by its tensor alone: a 3-D, 4-D or 5-D tensor whose key ends in `.weight` (Conv1d/2d/3d
 * keep [C_out, C_in/group, k...]) and that holds at least one value (an empty one has no kernel to show). Batch norm is recognised by `running_var`, the one buffer only norm
 * layers keep.
 */
import type { ConvLayer } from '../model.ts';
import { elementCount, type CheckpointTensor } from './tensor.ts';

/** A layer and the tensors its kernel is read from. */
export interface CheckpointLayerPlan {
	layer: ConvLayer;
	weight: CheckpointTensor;
	bias: CheckpointTensor | null;
}

/** The module path of a key (`conv1.0` for `conv1.0.weight`; '' for a bare `weight`). */
function moduleOf(key: string): string {
	const dot = key.lastIndexOf('.');
	return dot < 0 ? '' : key.slice(0, dot);
}

function paramKey(module: string, param: string): string {
	return module === '' ? param : `${module}.${param}`;
}

/** The convolution layers of a checkpoint, in checkpoint order, with their bias and batch-norm facts. */
export function checkpointLayers(tensors: CheckpointTensor[]): CheckpointLayerPlan[] {
	const byName = new Map(tensors.map((t) => [t.name, t]));
	// Modules ordered by their last tensor: the safetensors library groups tensors by dtype, so a batch
	// norm's int64 counter can come long before its float parameters.
	const lastTensor = new Map<string, number>();
	tensors.forEach((t, i) => {
		const module = moduleOf(t.name);
		lastTensor.delete(module);
		lastTensor.set(module, i);
	});
	const modules = [...lastTensor.keys()];
	const position = new Map(modules.map((m, i) => [m, i]));
	// The position of the last module under each parent path, so "is this the parent's last module" is one lookup.
	const lastUnder = new Map<string, number>();
	modules.forEach((m, i) => {
		for (let parent = moduleOf(m); parent !== ''; parent = moduleOf(parent)) lastUnder.set(parent, i);
	});
	const plans: CheckpointLayerPlan[] = [];
	for (const weight of tensors) {
		const rank = weight.shape.length;
		if (!(weight.name === 'weight' || weight.name.endsWith('.weight')) || rank < 3 || rank > 5 || weight.shape.includes(0)) continue;
		const module = moduleOf(weight.name);
		const outChannels = weight.shape[0]!;
		const candidate = byName.get(paramKey(module, 'bias'));
		const bias = candidate && candidate.shape.length === 1 && candidate.shape[0] === outChannels ? candidate : null;
		const norm = batchNormAfter(module, outChannels, { byName, modules, position, lastUnder });
		const undecoded = weight.dtype === null || (bias !== null && bias.dtype === null);
		const notes = [
			undecoded ? `stored as ${weight.dtype === null ? weight.storedAs : bias!.storedAs}, which the reader does not decode; listed, not extracted` : null,
			norm === null ? null : `batch norm ${norm} follows; these are raw, unfolded weights`,
		].filter((n) => n !== null);
		const layer: ConvLayer = {
			index: plans.length,
			name: module === '' ? weight.name : module,
			module,
			transposed: false,
			weightShape: [...weight.shape],
			// A type the reader does not decode is reported by its storage width (float8 and bool are one byte).
			dtype: weight.dtype ?? 'uint8',
			storage: undecoded ? 'dynamic' : 'checkpoint',
			weight: weight.name,
			bias: bias !== null,
			params: elementCount(weight.shape) + (bias ? outChannels : 0),
			geometry: null,
			fromGraphInput: null,
			followedByBatchNorm: norm !== null,
			note: notes.length ? notes.join('; ') : null,
			onnx: null,
		};
		plans.push({ layer, weight, bias });
	}
	return plans;
}

interface ModuleIndex {
	byName: Map<string, CheckpointTensor>;
	modules: string[];
	position: Map<string, number>;
	lastUnder: Map<string, number>;
}

function isBatchNorm(module: string | undefined, channels: number, index: ModuleIndex): boolean {
	if (module === undefined) return false;
	const runningVar = index.byName.get(paramKey(module, 'running_var'));
	return runningVar !== undefined && runningVar.shape.length === 1 && runningVar.shape[0] === channels;
}

/** The sibling a PyTorch model names after its conv (`conv1` -> `bn1`, `layer1.0.conv2` -> `layer1.0.bn2`). */
function siblingNorm(module: string): string | null {
	const dot = module.lastIndexOf('.');
	const last = module.slice(dot + 1);
	return last.includes('conv') ? module.slice(0, dot + 1) + last.replace('conv', 'bn') : null;
}

/**
 * The batch norm that follows a conv module, or null: the next module in checkpoint order, or a sibling
 * named like it. When the conv is the last module of its parent (the deep stem `conv1.6` of timm's
 * ResNet-D, followed by `bn1`), the parent's sibling counts too. Files that sort their keys (the
 * safetensors library writes them alphabetically) need the sibling rules: `bn1` sorts before `conv1`.
 */
function batchNormAfter(module: string, channels: number, index: ModuleIndex): string | null {
	const at = index.position.get(module)!;
	const next = index.modules[at + 1];
	if (isBatchNorm(next, channels, index)) return next!;
	for (let current = module; current !== ''; current = moduleOf(current)) {
		const sibling = siblingNorm(current);
		if (sibling !== null && isBatchNorm(sibling, channels, index)) return sibling;
		// Climb only while the conv is the last module of the parent: its parent's sibling then follows it.
		const parent = moduleOf(current);
		if (parent === '' || index.lastUnder.get(parent)! > at) break;
	}
	return null;
}
