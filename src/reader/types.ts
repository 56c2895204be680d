/** Public types of the ONNX kernel reader. The reader imports nothing from Astro, sharp or the rest of src/. */

/** The convolution operators the reader understands. */
export type ConvOp = 'Conv' | 'ConvTranspose' | 'ConvInteger' | 'QLinearConv';

/** ONNX element types a kernel may be stored in. */
export type KernelDtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int8' | 'uint8';

/** Where a kernel's bytes were found. */
export type KernelStorage =
	| 'initializer'
	| 'constant'
	| 'external'
	| 'dequantized' // behind DequantizeLinear (or a QuantizeLinear -> DequantizeLinear chain)
	| 'quantized' // ConvInteger / QLinearConv integer weights, reported dequantised
	| 'dynamic'; // computed at run time: listed, not extracted

/** Facts about the model file. */
export interface ModelInfo {
	file: string;
	bytes: number;
	sha256: string;
	irVersion: number;
	producer: string;
	producerVersion: string;
	/** Opset versions by domain (`""` is the default ONNX domain, written `ai.onnx`). */
	opsets: Record<string, number>;
}

/** One convolution layer, in data-flow order. Field names are the `inspect --json` contract. */
export interface ConvLayer {
	/** Position in data-flow (topological) order from the graph inputs, from 0. */
	index: number;
	/** ONNX node name (or a generated `op_N` name when the node has none). */
	name: string;
	/** PyTorch module path recovered from scope names (`/conv1/conv1.0/Conv` -> `conv1.0`), or null. */
	module: string | null;
	op: ConvOp;
	/** ONNX weight layout: Conv [C_out, C_in/group, k...], ConvTranspose [C_in, C_out/group, k...]. */
	weightShape: number[];
	/** The stored element type of the weight (before dequantisation). */
	dtype: KernelDtype;
	storage: KernelStorage;
	strides: number[];
	/** ONNX pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; resolved from auto_pad where the shapes allow. */
	pads: number[];
	autoPad: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
	dilations: number[];
	group: number;
	bias: boolean;
	/** Number of weights plus bias values. */
	params: number;
	/** True when the layer reads a graph input directly: its input channels are the image's colour channels. */
	fromGraphInput: boolean;
	/** True when a BatchNormalization consumes this layer's output (batch norm not folded into the kernel). */
	followedByBatchNorm: boolean;
	/** Name of the tensor the node reads and the one it writes, to expose it as a graph output. */
	input: string;
	output: string;
	/** Name of the tensor the node reads as its weight. */
	weight: string;
	/** ConvTranspose's output_padding (zeros for the other ops). */
	outputPadding: number[];
	/** ConvTranspose's explicit output_shape attribute, or null. */
	outputShape: number[] | null;
	/** Why the kernel cannot be extracted (storage `dynamic`), or another caveat; null when there is none. */
	note: string | null;
}

/** A kernel as numbers: float32 in ONNX layout, dequantised where it was quantised. */
export interface Kernel {
	dims: number[];
	data: Float32Array;
	/** The bias, one value per output channel, when the layer has one. */
	bias: Float32Array | null;
}

/** A graph node as receptive-field computations see it (see `OnnxModel.spatialNodes`). */
export interface SpatialNode {
	op: string;
	inputs: string[];
	outputs: string[];
	/** Window, stride and dilation along the first spatial axis, for convolutions and pooling. */
	kernel?: number;
	stride?: number;
	dilation?: number;
}
