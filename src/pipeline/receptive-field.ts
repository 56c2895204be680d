/**
 * Receptive fields: how many input pixels (along the height) can influence one output value of each
 * convolution layer. Computed over the whole graph in data-flow order, so pooling and strided layers
 * between convolutions count, and where branches merge the larger field wins. Global-context branches
 * (global pooling, as in squeeze-and-excitation blocks) are left out: they see the whole image but
 * only to weigh channels, which is not what "receptive field" teaches.
 */

import type { SpatialNode } from '../reader/index.ts';

interface Field {
	rf: number;
	jump: number;
}

const GLOBAL = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);

/**
 * Receptive field (pixels) of every node output reachable from `graphInputs`, with nodes given in
 * topological order. Returns a map from tensor name to field size.
 * @example receptiveFieldsOf(nodes, ['input'])['conv2_out'] // 5 for two stacked 3×3 stride-1 convs
 */
export function receptiveFieldsOf(nodes: SpatialNode[], graphInputs: string[]): Map<string, number> {
	const fields = new Map<string, Field>(graphInputs.map((name) => [name, { rf: 1, jump: 1 }]));
	for (const node of nodes) {
		const known = node.inputs.map((i) => fields.get(i)).filter((f): f is Field => f !== undefined);
		if (known.length === 0) continue;
		// Where branches meet (Add, Concat), an output sees everything any input saw.
		const input = known.reduce((a, b) => (b.rf > a.rf ? b : a));
		let out: Field = input;
		// Global pooling feeds channel-attention branches (squeeze-and-excitation): they rescale channels
		// from the whole image but add no spatial pattern, so they do not count as seeing farther.
		if (GLOBAL.has(node.op)) continue;
		if (node.kernel !== undefined) {
			const stride = node.stride ?? 1;
			const dilation = node.dilation ?? 1;
			if (node.op === 'ConvTranspose') {
				const jump = input.jump / stride;
				out = { rf: input.rf + (node.kernel - 1) * dilation * jump, jump };
			} else {
				out = { rf: input.rf + (node.kernel - 1) * dilation * input.jump, jump: input.jump * stride };
			}
		}
		for (const o of node.outputs) fields.set(o, out);
	}
	return new Map([...fields].map(([name, f]) => [name, Math.round(f.rf * 100) / 100]));
}
