/**
 * The format-neutral model every reader produces (ONNX, safetensors, PyTorch state dicts): facts about
 * the file, its convolution layers, and kernels on demand. Pages and stages work on these types only;
 * they learn a model's format only where they must say what that format does not record.
 */

/** The file formats the readers understand. */
export type ModelFormat = 'onnx' | 'safetensors' | 'pytorch';

/** The convolution operators of ONNX. */
export type ConvOp = 'Conv' | 'ConvTranspose' | 'ConvInteger' | 'QLinearConv';

/** Element types a kernel may be stored in. */
export type KernelDtype =
	| 'float32'
	| 'float16'
	| 'bfloat16'
	| 'float64'
	| 'int8'
	| 'uint8'
	| 'int16'
	| 'uint16'
	| 'int32'
	| 'uint32'
	| 'int64'
	| 'uint64';

/** Where a kernel's bytes were found. */
export type KernelStorage =
	| 'initializer'
	| 'constant'
	| 'external'
	| 'dequantized' // behind DequantizeLinear (or a QuantizeLinear -> DequantizeLinear chain)
	| 'quantized' // ConvInteger / QLinearConv integer weights, reported dequantised
	| 'dynamic' // computed at run time: listed, not extracted
	| 'checkpoint'; // a named tensor of a safetensors file or a PyTorch state dict

/** Facts about the model file. */
export interface ModelInfo {
	format: ModelFormat;
	/** The file name (no folder). For a sharded checkpoint, the index file. */
	file: string;
	bytes: number;
	/** Lowercase hex; '' when the model was opened with `hash: false`. */
	sha256: string;
	/** Who wrote the file (ONNX producer; a checkpoint's metadata `format`, or ''). */
	producer: string;
	producerVersion: string;
	/** ONNX IR version; null for formats without one. */
	irVersion: number | null;
	/** Opset versions by domain (`""` is the default ONNX domain, written `ai.onnx`); `{}` for checkpoints. */
	opsets: Record<string, number>;
}

/** How a convolution slides: what a graph records and a checkpoint does not. */
export interface ConvGeometry {
	strides: number[];
	/** ONNX pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...]. */
	pads: number[];
	dilations: number[];
	group: number;
}

/** What only an ONNX graph says about a layer. */
export interface OnnxLayerDetail {
	op: ConvOp;
	autoPad: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
	/** Name of the tensor the node reads and the one it writes, to expose it as a graph output. */
	input: string;
	output: string;
	/** ConvTranspose's output_padding (zeros for the other ops). */
	outputPadding: number[];
	/** ConvTranspose's explicit output_shape attribute, or null. */
	outputShape: number[] | null;
}

/** One convolution layer, in data-flow order (checkpoint order for a checkpoint). The `inspect --json` contract. */
export interface ConvLayer {
	/** Position in data-flow (or checkpoint) order, from 0. */
	index: number;
	/** A readable name: the ONNX node name, else the module path or weight name; a checkpoint's module path. */
	name: string;
	/** PyTorch module path (`conv1.0` for `model.conv1[0]`), or null when it cannot be recovered. */
	module: string | null;
	/** Weight layout: false for [C_out, C_in/group, k...], true for a transposed convolution's [C_in, C_out/group, k...]. */
	transposed: boolean;
	weightShape: number[];
	/** The stored element type of the weight (before dequantisation). */
	dtype: KernelDtype;
	storage: KernelStorage;
	/** Name of the tensor holding the weight (ONNX tensor name, or the checkpoint key such as `conv1.0.weight`). */
	weight: string;
	bias: boolean;
	/** Number of weights plus bias values. */
	params: number;
	/** Strides, pads, dilations and groups; null when the file does not record them (a checkpoint). */
	geometry: ConvGeometry | null;
	/** True when the layer reads the model's input image directly; null when the file cannot tell (a checkpoint). */
	fromGraphInput: boolean | null;
	/** True when batch norm follows the layer unfolded (an ONNX BatchNormalization, or a checkpoint's BN module stored next to it). */
	followedByBatchNorm: boolean;
	/** Why the kernel cannot be extracted (storage `dynamic`), or another caveat; null when there is none. */
	note: string | null;
	/** ONNX-only facts; null for other formats. */
	onnx: OnnxLayerDetail | null;
}

/** A kernel as numbers: float32 in the layer's layout, dequantised where it was quantised. */
export interface Kernel {
	dims: number[];
	data: Float32Array;
	/** The bias, one value per output channel, when the layer has one. */
	bias: Float32Array | null;
}

/** A graph node as receptive-field computations see it (see `OpenedModel.spatialNodes`). */
export interface SpatialNode {
	op: string;
	inputs: string[];
	outputs: string[];
	/** Window, stride and dilation along the first spatial axis, for convolutions and pooling. */
	kernel?: number;
	stride?: number;
	dilation?: number;
}

/** A graph input or output: its name, dims (numbers, or names of symbolic dims) and element type. */
export interface GraphInput {
	name: string;
	dims: (number | string)[];
	dtype: string;
}

/** An opened model of any format: facts, convolution layers, and kernels on demand. */
export interface OpenedModel {
	info: ModelInfo;
	layers: ConvLayer[];
	/** Graph inputs that are not initializers (what a caller must feed); `[]` for a checkpoint. */
	graphInputs: GraphInput[];
	/** Graph outputs (what the model computes: `[1, 1000]` class scores, a feature map, boxes…); `[]` for a checkpoint. */
	graphOutputs: GraphInput[];
	/** Free-form facts the file records: ONNX `metadata_props`, a safetensors `__metadata__`; `{}` when none. */
	metadata: Record<string, string>;
	/** Other files the model reads (external data, checkpoint shards), relative to its folder, sorted. */
	externalData: string[];
	/** Every node in data-flow order (receptive fields); null when the file records no graph. */
	spatialNodes: SpatialNode[] | null;
	/**
	 * The kernel of a layer (by object or index): float32, dequantised, with its bias. Each call reads it
	 * anew into arrays of its own, which the caller may keep, change or move to another thread.
	 */
	readKernel(layer: ConvLayer | number): Promise<Kernel>;
	/** Closes every file the model holds open. */
	close(): void;
}

/** Options of `openModel` and every reader's `open`. */
export interface OpenOptions {
	/**
	 * The file's SHA-256 when the caller already knows it (the build keeps it by stat identity): the
	 * reader then takes it for `info.sha256` instead of reading the whole file once more to hash it.
	 */
	sha256?: string;
	/**
	 * `false`: do not hash the file at all (`info.sha256` is then ''). For callers whose result does not
	 * show the hash, such as `kernel-atlas render`: hashing a 100 MB model costs more than reading its layers.
	 */
	hash?: boolean;
}

/** One reader per format, tried in turn by `openModel` (Netron's shape: probe cheaply, then decode). */
export interface ModelFormatReader {
	format: ModelFormat;
	/** True when the file's first bytes (up to PROBE_BYTES) and name look like this format. No decoding. */
	match(firstBytes: Uint8Array, path: string): boolean;
	/** Opens the file; throws only ModelError (or a subclass). */
	open(path: string, options?: OpenOptions): Promise<OpenedModel>;
}

/** How many leading bytes `match` is given. */
export const PROBE_BYTES = 64;
