/** Which checkpoint tensors are convolution layers, and which batch norm follows each. */
import { describe, expect, it } from 'vitest';
import { checkpointLayers } from '../../../src/reader/checkpoint/layers.ts';
import type { CheckpointTensor } from '../../../src/reader/checkpoint/tensor.ts';

/** Tensors from `name:dims` strings (`conv.weight:8x3x3x3`, `bn.num_batches_tracked:` for a scalar). */
function tensors(...specs: string[]): CheckpointTensor[] {
	return specs.map((spec) => {
		const [name, dims] = spec.split(':');
		return { name: name!, dtype: 'float32', storedAs: 'F32', shape: dims ? dims.split('x').map(Number) : [], readInto: () => {} };
	});
}
const bn = (module: string, channels: number) => [`${module}.weight:${channels}`, `${module}.bias:${channels}`, `${module}.running_mean:${channels}`, `${module}.running_var:${channels}`, `${module}.num_batches_tracked:`];
const summary = (list: CheckpointTensor[]) => checkpointLayers(list).map(({ layer }) => `${layer.name}${layer.bias ? '+b' : ''}${layer.followedByBatchNorm ? ` bn=${/batch norm (\S+)/.exec(layer.note!)![1]}` : ''}`);

describe('convolution layers', () => {
	const cases: [string, string[], string[]][] = [
		['3-D, 4-D and 5-D weights; not 2-D (Linear) or 6-D', ['a.weight:2x2x3', 'b.weight:2x2x3x3', 'c.weight:2x2x1x3x3', 'fc.weight:10x4', 'odd.weight:1x1x1x1x1x1'], ['a', 'b', 'c']],
		['only keys ending in .weight (a bare "weight" is the root module)', ['weight:4x3x3x3', 'pos_embed:1x4x4', 'a.weight_orig:2x2x3x3'], ['weight']],
		['a bias only when its shape is [C_out]', ['a.weight:4x3x3x3', 'a.bias:4', 'b.weight:4x3x3x3', 'b.bias:3'], ['a+b', 'b']],
		['checkpoint order, not name order', ['z.weight:2x2x3', 'a.weight:2x2x3'], ['z', 'a']],
	];
	it.each(cases)('%s', (_, specs, expected) => {
		expect(summary(tensors(...specs))).toEqual(expected);
	});

	it('fills the format-neutral fields a checkpoint cannot know with null', () => {
		const [plan] = checkpointLayers(tensors('features.0.weight:8x3x3x3', 'features.0.bias:8'));
		expect(plan!.layer).toEqual({
			index: 0, name: 'features.0', module: 'features.0', transposed: false, weightShape: [8, 3, 3, 3], dtype: 'float32', storage: 'checkpoint',
			weight: 'features.0.weight', bias: true, params: 224, geometry: null, fromGraphInput: null, followedByBatchNorm: false, note: null, onnx: null,
		});
	});
});

describe('batch norm after a convolution', () => {
	const cases: [string, string[], string[]][] = [
		['the next module (torchvision, timm)', ['conv1.weight:8x3x3x3', ...bn('bn1', 8), 'layer.0.weight:8x8x3x3', ...bn('layer.1', 8)], ['conv1 bn=bn1', 'layer.0 bn=layer.1']],
		['a sibling named like the conv (keys sorted by name)', [...bn('block.bn1', 8), ...bn('block.bn2', 8), 'block.conv1.weight:8x8x3x3', 'block.conv2.weight:8x8x3x3'], ['block.conv1 bn=block.bn1', 'block.conv2 bn=block.bn2']],
		["the parent's sibling when the conv is its parent's last module (timm's deep stem, sorted)", [...bn('bn1', 64), 'conv1.0.weight:32x3x3x3', ...bn('conv1.1', 32), 'conv1.6.weight:64x32x3x3'], ['conv1.0 bn=conv1.1', 'conv1.6 bn=bn1']],
		['not the parent\'s sibling for a conv that is not its parent\'s last', [...bn('bn1', 64), 'conv1.0.weight:64x3x3x3', 'conv1.6.weight:64x64x3x3'], ['conv1.0', 'conv1.6 bn=bn1']],
		['not a norm of another width', ['conv1.weight:8x3x3x3', ...bn('bn1', 16)], ['conv1']],
		['not a module without running_var (LayerNorm, GroupNorm)', ['conv1.weight:8x3x3x3', 'norm.weight:8', 'norm.bias:8'], ['conv1']],
		['a norm whose int64 counter comes first (safetensors groups by dtype)', ['bn.num_batches_tracked:', 'conv.weight:8x3x3x3', 'bn.weight:8', 'bn.running_var:8'], ['conv bn=bn']],
	];
	it.each(cases)('%s', (_, specs, expected) => {
		expect(summary(tensors(...specs))).toEqual(expected);
	});

	it('says so in the note', () => {
		expect(checkpointLayers(tensors('conv1.weight:8x3x3x3', ...bn('bn1', 8)))[0]!.layer.note).toBe('batch norm bn1 follows; these are raw, unfolded weights');
	});
});
