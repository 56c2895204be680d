/**
 * Generates plain CNNs for the pipeline tests and benchmark: a chain of 3×3 convolutions (ReLU after
 * each, a max-pool every few layers) with seeded random weights, as a real exporter would lay it out.
 */
import { writeFileSync } from 'node:fs';
import { DTYPE } from '../../src/reader/onnx/onnx-schema.ts';
import { seeded } from '../fixtures/catalog.ts';
import { buildModel, type NodeSpec, type TensorSpec } from '../fixtures/onnx-builder.ts';

export interface CnnSpec {
	/** Output channels of each convolution, in order; the first reads the 3-channel image. */
	channels: number[];
	/** Input height and width. */
	size?: number;
	seed?: number;
	/**
	 * Graph outputs as an exporter would declare them (a classifier's `[1, 1000]`, a detector's boxes):
	 * the first is the last tensor the chain computes, others are declared by name. Default: that tensor, no shape.
	 */
	outputs?: { name?: string; dims: (number | string)[] }[];
	/** ModelProto.metadata_props. */
	metadata?: Record<string, string>;
}

/** Encodes the CNN as ONNX bytes. */
export function makeCnn({ channels, size = 32, seed = 1, outputs, metadata }: CnnSpec): Uint8Array {
	const rand = seeded(seed);
	const initializers: TensorSpec[] = [];
	const nodes: NodeSpec[] = [];
	let input = 'image';
	let inChannels = 3;
	channels.forEach((out, i) => {
		const n = out * inChannels * 9;
		const scale = Math.sqrt(2 / (inChannels * 9));
		const weight = Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
		initializers.push({ name: `features.${i}.weight`, dtype: DTYPE.float, dims: [out, inChannels, 3, 3], data: weight });
		initializers.push({ name: `features.${i}.bias`, dtype: DTYPE.float, dims: [out], data: Float32Array.from({ length: out }, () => rand() * 0.1) });
		nodes.push({
			op: 'Conv',
			name: `/features/features.${i}/Conv`,
			inputs: [input, `features.${i}.weight`, `features.${i}.bias`],
			outputs: [`conv${i}`],
			attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] },
		});
		nodes.push({ op: 'Relu', name: `/features/relu${i}/Relu`, inputs: [`conv${i}`], outputs: [`relu${i}`] });
		input = `relu${i}`;
		if (i % 3 === 2) {
			nodes.push({ op: 'MaxPool', name: `/features/pool${i}/MaxPool`, inputs: [input], outputs: [`pool${i}`], attrs: { kernel_shape: [2, 2], strides: [2, 2] } });
			input = `pool${i}`;
		}
		inChannels = out;
	});
	const { bytes } = buildModel({
		producer: 'kernel-atlas tests',
		inputs: [{ name: 'image', dtype: DTYPE.float, dims: [1, 3, size, size] }],
		outputs: outputs ? outputs.map((o, i) => ({ name: o.name ?? (i === 0 ? input : `output${i}`), dtype: DTYPE.float, dims: o.dims })) : [{ name: input, dtype: DTYPE.float }],
		initializers,
		nodes,
		metadata,
	});
	return bytes;
}

/** Writes a generated CNN to `path`. */
export function writeCnn(path: string, spec: CnnSpec): void {
	writeFileSync(path, makeCnn(spec));
}
