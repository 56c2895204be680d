/**
 * Generated models for the build benchmark, written straight to a file chunk by chunk: a deep chain of
 * 3×3 convolutions (no pooling, so any depth stays a valid graph at a small input size) and a fully
 * convolutional VGG-16 (its classifier as 7×7 and 1×1 convolutions, about 553 MB of conv weights).
 * Weight bytes are views of one seeded pool of He-scaled floats, so the generator stays far below the
 * file size in memory; the values repeat across layers, which changes nothing the build measures.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DTYPE, GRAPH, TENSOR } from '../src/reader/onnx/onnx-schema.ts';
import { ProtoWriter } from '../src/reader/onnx/wire-writer.ts';
import { seeded as random } from '../tests/fixtures/catalog.ts';
import { nodeProto, valueInfo, writeModelFile } from '../tests/fixtures/onnx-builder.ts';

/** What a generated model holds. */
export interface ShapeInfo {
	layers: number;
	/** Output channels summed over the conv layers: the build summary's "kernels". */
	kernels: number;
	bytes: number;
}

const POOL_BYTES = 16 << 20;

class ModelBuilder {
	readonly graph = new ProtoWriter().string(GRAPH.name, 'bench');
	private readonly pool: Uint8Array;
	layers = 0;
	kernels = 0;

	constructor(seed: number) {
		const rand = random(seed);
		const floats = new Float32Array(POOL_BYTES / 4);
		// Uniform with the variance of He initialisation for a 3×3 conv over 64 channels.
		for (let i = 0; i < floats.length; i++) floats[i] = (rand() * 2 - 1) * 0.1;
		this.pool = new Uint8Array(floats.buffer);
	}

	/** A float initializer whose raw_data is the pool, repeated as often as its size needs. */
	weight(name: string, dims: number[]): string {
		let left = dims.reduce((a, c) => a * c, 1) * 4;
		const raw = new ProtoWriter();
		for (let at = 0; left > 0; at = (at + 4096) % (POOL_BYTES / 2)) {
			const n = Math.min(left, POOL_BYTES - at);
			raw.raw(this.pool.subarray(at, at + n));
			left -= n;
		}
		const t = new ProtoWriter();
		for (const d of dims) t.varint(TENSOR.dims, d);
		this.graph.bytes(GRAPH.initializer, t.varint(TENSOR.dataType, DTYPE.float).string(TENSOR.name, name).bytes(TENSOR.rawData, raw));
		return name;
	}

	node(op: string, name: string, inputs: string[], output: string, ints: Record<string, number[]> = {}): string {
		this.graph.bytes(GRAPH.node, nodeProto(op, name, inputs, output, ints));
		return output;
	}

	/** Conv with bias and a ReLU, named like PyTorch scopes. */
	convRelu(scope: string, x: string, cin: number, cout: number, k: number, pad = Math.floor(k / 2)): string {
		const w = this.weight(`${scope}.weight`, [cout, cin, k, k]);
		const b = this.weight(`${scope}.bias`, [cout]);
		this.layers++;
		this.kernels += cout;
		const y = this.node('Conv', `/${scope}/Conv`, [x, w, b], `/${scope}/Conv_output_0`, { kernel_shape: [k, k], strides: [1, 1], pads: [pad, pad, pad, pad] });
		return this.node('Relu', `/${scope}/Relu`, [y], `/${scope}/Relu_output_0`);
	}

	/** Writes the model with a 1 × 3 × size × size input; returns its size in bytes. */
	write(path: string, output: string, size: number): ShapeInfo {
		// The output's shape is left undeclared (onnxruntime infers it); the input's is what `add` reads.
		this.graph.bytes(GRAPH.input, valueInfo('input', [1, 3, size, size])).bytes(GRAPH.output, valueInfo(output, []));
		const bytes = writeModelFile(path, this.graph, ['kernel-atlas bench', '1']);
		return { layers: this.layers, kernels: this.kernels, bytes };
	}
}

/** `depth` 3×3 convolutions of `width` channels after a first one from RGB: (depth + 1) · width kernels. */
export function writeConvChain(path: string, depth: number, width: number, size = 16, seed = 1): ShapeInfo {
	const b = new ModelBuilder(seed);
	let x = b.convRelu('features.0', 'input', 3, width, 3);
	for (let i = 1; i <= depth; i++) x = b.convRelu(`features.${i}`, x, width, width, 3);
	return b.write(path, x, size);
}

/**
 * VGG-16 with its classifier as convolutions (fc6 a 7×7 conv over 512 channels, fc7 and fc8 1×1), as
 * in fully convolutional networks: 16 conv layers, 138 M weights, about 553 MB, every byte a kernel.
 */
export function writeConvVgg16(path: string, seed = 1): ShapeInfo {
	const b = new ModelBuilder(seed);
	const stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
	let x = 'input';
	let cin = 3;
	let i = 0;
	for (const stage of stages) {
		for (const cout of stage) {
			x = b.convRelu(`features.${i}`, x, cin, cout, 3);
			cin = cout;
			i += 2;
		}
		x = b.node('MaxPool', `/features/features.${i}/MaxPool`, [x], `/features/features.${i}/MaxPool_output_0`, { kernel_shape: [2, 2], strides: [2, 2] });
		i += 1;
	}
	x = b.convRelu('classifier.0', x, 512, 4096, 7, 0);
	x = b.convRelu('classifier.3', x, 4096, 4096, 1);
	x = b.convRelu('classifier.6', x, 4096, 1000, 1);
	return b.write(path, x, 224);
}

/** Writes `models/<id>.json` for a generated model file next to it (what `kernel-atlas add` scaffolds, filled in). */
export function writeBenchConfig(modelsDir: string, modelFile: string, size: number, limits: Record<string, number> = {}): string {
	const id = basename(modelFile).replace(/\.onnx$/, '');
	const config = {
		title: { ja: `ベンチマーク ${id}`, en: `Benchmark ${id}` },
		description: { ja: 'ベンチマーク用に生成したモデル。', en: 'A model generated for the build benchmark.' },
		source: basename(modelFile),
		license: 'MIT',
		sourceUrl: 'https://example.org/kernel-atlas-bench',
		author: 'kernel-atlas bench',
		task: 'image-classification',
		preprocess: { size: [size, size] },
		limits,
	};
	writeFileSync(`${modelsDir}/${id}.json`, `${JSON.stringify(config, null, 2)}\n`);
	return id;
}
