/** The graph reduced to what receptive fields need: data flow plus each spatial op's window along the height. */
import type { NodeScan } from './scan.ts';
import type { ConvLayer, SpatialNode } from '../model.ts';

const POOLS = new Set(['MaxPool', 'AveragePool', 'LpPool']);

/** Spatial view of `ordered` (topologically sorted) nodes; convolutions take their window from the layer's weight. */
export function spatialNodes(ordered: NodeScan[], layers: ConvLayer[]): SpatialNode[] {
	const convByOutput = new Map(layers.flatMap((l) => (l.onnx && l.geometry ? [[l.onnx.output, { ...l.onnx, ...l.geometry, weightShape: l.weightShape }] as const] : [])));
	return ordered.map((node) => {
		const base = { op: node.opType, inputs: node.inputs.filter(Boolean), outputs: node.outputs };
		const conv = convByOutput.get(node.outputs[0] ?? '');
		if (conv && conv.weightShape.length >= 3) {
			return { ...base, inputs: [conv.input], kernel: conv.weightShape[2], stride: conv.strides[0] ?? 1, dilation: conv.dilations[0] ?? 1 };
		}
		if (POOLS.has(node.opType)) {
			const ints = (name: string) => node.attributes.get(name)?.ints;
			const kernel = ints('kernel_shape')?.[0];
			if (kernel !== undefined) return { ...base, inputs: base.inputs.slice(0, 1), kernel, stride: ints('strides')?.[0] ?? 1, dilation: ints('dilations')?.[0] ?? 1 };
		}
		return base;
	});
}
