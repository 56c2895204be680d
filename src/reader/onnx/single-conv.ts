/**
 * A one-node ONNX model holding a single extracted convolution: run it on an image to get exactly what
 * that layer computes in the full model, when the layer reads the graph input directly. Far cheaper
 * than loading a whole (possibly 500 MB) model into onnxruntime to look at its first layer.
 */
import { ATTRIBUTE, ATTRIBUTE_TYPE, DIMENSION, DTYPE, GRAPH, MODEL, NODE, OPSET, SHAPE, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-schema.ts';
import type { ConvGeometry, ConvLayer, Kernel } from '../model.ts';
import { ProtoWriter } from './wire-writer.ts';

/** Input and output names of the model `singleConvModel` writes. */
export const SINGLE_CONV_IO = { input: 'x', output: 'y' } as const;

/**
 * Encodes `layer` with its float32 `kernel` (quantised kernels already dequantised, so integer
 * convolutions become float ones) as a model with input `x` of `inputShape` and output `y`.
 * @example
 * const bytes = singleConvModel(layer, await model.readKernel(layer), [1, 3, 224, 224]);
 * const session = await ort.InferenceSession.create(bytes);
 */
export function singleConvModel(layer: ConvLayer, kernel: Kernel, inputShape: number[]): Uint8Array {
	const op = layer.transposed ? 'ConvTranspose' : 'Conv';
	const geometry = layer.geometry ?? assumedGeometry(kernel.dims.slice(2));
	const autoPad = layer.onnx?.autoPad ?? 'NOTSET';
	const node = new ProtoWriter().string(NODE.input, SINGLE_CONV_IO.input).string(NODE.input, 'w');
	if (kernel.bias) node.string(NODE.input, 'b');
	node.string(NODE.output, SINGLE_CONV_IO.output).string(NODE.name, layer.name).string(NODE.opType, op);
	const ints = (name: string, values: number[]) => {
		const a = new ProtoWriter().string(ATTRIBUTE.name, name);
		for (const v of values) a.varint(ATTRIBUTE.ints, v);
		node.bytes(NODE.attribute, a.varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints));
	};
	ints('kernel_shape', kernel.dims.slice(2));
	ints('strides', geometry.strides);
	ints('dilations', geometry.dilations);
	if (autoPad === 'NOTSET' || autoPad === 'VALID') ints('pads', autoPad === 'VALID' ? geometry.pads.map(() => 0) : geometry.pads);
	else node.bytes(NODE.attribute, new ProtoWriter().string(ATTRIBUTE.name, 'auto_pad').string(ATTRIBUTE.s, autoPad).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.string));
	node.bytes(NODE.attribute, new ProtoWriter().string(ATTRIBUTE.name, 'group').varint(ATTRIBUTE.i, geometry.group).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.int));

	const graph = new ProtoWriter().bytes(GRAPH.node, node).string(GRAPH.name, 'single-conv');
	graph.bytes(GRAPH.initializer, floatTensor('w', kernel.dims, kernel.data));
	if (kernel.bias) graph.bytes(GRAPH.initializer, floatTensor('b', [kernel.bias.length], kernel.bias));
	graph.bytes(GRAPH.input, valueInfo(SINGLE_CONV_IO.input, inputShape));
	graph.bytes(GRAPH.output, valueInfo(SINGLE_CONV_IO.output, null));
	return new ProtoWriter()
		.varint(MODEL.irVersion, 8)
		.string(MODEL.producerName, 'kernel-atlas')
		.bytes(MODEL.graph, graph)
		.bytes(MODEL.opsetImport, new ProtoWriter().string(OPSET.domain, '').varint(OPSET.version, 13))
		.finish();
}

/**
 * What a layer without recorded geometry (a checkpoint's) is run with: stride 1, no dilation, one group,
 * and "same" padding (k // 2 on each side), so the map keeps the photo's size. Pages say it is assumed.
 */
export function assumedGeometry(kernel: number[]): ConvGeometry {
	const half = kernel.map((k) => Math.floor(k / 2));
	return { strides: kernel.map(() => 1), pads: [...half, ...kernel.map((k) => k - 1 - Math.floor(k / 2))], dilations: kernel.map(() => 1), group: 1 };
}

function floatTensor(name: string, dims: number[], data: Float32Array): ProtoWriter {
	const t = new ProtoWriter();
	for (const d of dims) t.varint(TENSOR.dims, d);
	// A view, not a copy: Float32Array bytes are little-endian on every platform Node runs on, as raw_data requires.
	const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return t.varint(TENSOR.dataType, DTYPE.float).string(TENSOR.name, name).bytes(TENSOR.rawData, raw);
}

function valueInfo(name: string, shape: number[] | null): ProtoWriter {
	const tensorType = new ProtoWriter().varint(TENSOR_TYPE.elemType, DTYPE.float);
	if (shape) {
		const s = new ProtoWriter();
		for (const d of shape) s.bytes(SHAPE.dim, new ProtoWriter().varint(DIMENSION.dimValue, d));
		tensorType.bytes(TENSOR_TYPE.shape, s);
	}
	return new ProtoWriter().string(VALUE_INFO.name, name).bytes(VALUE_INFO.type, new ProtoWriter().bytes(TYPE.tensorType, tensorType));
}
