/**
 * Builds the ConvLayer list: every Conv, ConvTranspose, ConvInteger and QLinearConv node in data-flow
 * order, with its attributes (ONNX defaults filled in), where its weight lives and how it is wired.
 */
import { DTYPE_NAME } from './onnx-schema.ts';
import { MissingTensor, type ConstantResolver, type ConstExpr, type Resolution } from './resolve.ts';
import { OnnxError } from '../errors.ts';
import type { ModelScan, NodeScan } from './scan.ts';
import type { ConvGeometry, ConvLayer, ConvOp, KernelDtype, OnnxLayerDetail } from '../model.ts';

const CONV_OPS = new Set<string>(['Conv', 'ConvTranspose', 'ConvInteger', 'QLinearConv']);
/** Operators that keep channels as they are, so a conv behind them still sees the image's colour channels. */
const CHANNEL_PRESERVING = new Set(['Identity', 'Cast', 'QuantizeLinear', 'DequantizeLinear', 'Sub', 'Add', 'Mul', 'Div', 'Pad', 'Clip']);

/** Input positions of weight, bias and quantisation parameters, by operator. */
export const INPUTS: Record<ConvOp, { weight: number; bias: number | null }> = {
	Conv: { weight: 1, bias: 2 },
	ConvTranspose: { weight: 1, bias: 2 },
	ConvInteger: { weight: 1, bias: null },
	QLinearConv: { weight: 3, bias: 8 },
};

/** A layer plus what readKernel needs to compute its kernel. */
export interface LayerPlan {
	layer: ConvLayer;
	op: ConvOp;
	/** Geometry and ONNX facts of the layer (the same objects as layer.geometry and layer.onnx). */
	geometry: ConvGeometry;
	onnx: OnnxLayerDetail;
	node: NodeScan;
	weight: Resolution;
	bias: Resolution | null;
}

/** Finds every convolution of the graph, in the order given (topological). */
export function findConvLayers(order: NodeScan[], scan: ModelScan, resolver: ConstantResolver): LayerPlan[] {
	const graphInputs = new Set(scan.inputs.map((i) => i.name).filter((n) => !scan.initializers.has(n)));
	const producers = new Map<string, NodeScan>();
	const consumers = new Map<string, NodeScan[]>();
	for (const node of scan.nodes) {
		for (const out of node.outputs) producers.set(out, node);
		for (const input of node.inputs) {
			const list = consumers.get(input);
			if (list) list.push(node);
			else consumers.set(input, [node]);
		}
	}
	const plans: LayerPlan[] = [];
	for (const node of order) {
		if (!CONV_OPS.has(node.opType) || (node.domain !== '' && node.domain !== 'ai.onnx')) continue;
		const op = node.opType as ConvOp;
		const slots = INPUTS[op];
		const weightName = node.inputs[slots.weight] ?? '';
		const layerName = node.name || `${op}_${node.index}`;
		const resolve = (name: string, role: string): Resolution => {
			try {
				return resolver.resolve(name);
			} catch (error) {
				if (!(error instanceof MissingTensor)) throw error;
				throw new OnnxError(
					resolver.file,
					`${op} node "${layerName}" reads its ${role} from "${error.tensor}", which is defined nowhere (not an initializer, a node's output or a graph input)`,
					'The graph is invalid; re-export the model',
					{ subject: layerName },
				);
			}
		};
		const weight = resolve(weightName, 'weight');
		const biasName = slots.bias === null ? '' : (node.inputs[slots.bias] ?? '');
		const bias = biasName ? resolve(biasName, 'bias') : null;
		const weightShape = 'dynamic' in weight ? declaredShape(scan, weightName) : weight.dims;
		const spatial = Math.max(weightShape.length - 2, node.attributes.get('kernel_shape')?.ints?.length ?? 0, 0);
		const ints = (name: string, fill: number) => node.attributes.get(name)?.ints ?? new Array<number>(spatial).fill(fill);
		const strides = ints('strides', 1);
		const dilations = ints('dilations', 1);
		const outputPadding = ints('output_padding', 0);
		const autoPad = (node.attributes.get('auto_pad')?.s || 'NOTSET') as OnnxLayerDetail['autoPad'];
		const kernel = weightShape.length >= 2 ? weightShape.slice(2) : (node.attributes.get('kernel_shape')?.ints ?? []);
		const input = node.inputs[0] ?? '';
		const geometry: ConvGeometry = {
			strides,
			pads: resolvePads(node, op, autoPad, kernel, strides, dilations, outputPadding, inputSpatialDims(scan, input)),
			dilations,
			group: node.attributes.get('group')?.i ?? 1,
		};
		checkGeometry(resolver.file, op, layerName, 'dynamic' in weight ? null : weightShape, geometry, spatial);
		const onnx: OnnxLayerDetail = {
			op,
			autoPad,
			input,
			output: node.outputs[0] ?? '',
			outputPadding: op === 'ConvTranspose' ? outputPadding : new Array<number>(spatial).fill(0),
			outputShape: node.attributes.get('output_shape')?.ints ?? null,
		};
		const module = modulePath(node.name, weightName);
		const layer: ConvLayer = {
			index: plans.length,
			name: node.name || module || weightLayerName(weightName) || `${op}_${node.index}`,
			module,
			transposed: op === 'ConvTranspose',
			weightShape,
			dtype: storedDtype(weight, scan, weightName),
			storage: 'dynamic' in weight ? 'dynamic' : op === 'ConvInteger' || op === 'QLinearConv' ? 'quantized' : weight.dequantized ? 'dequantized' : weight.storage,
			weight: weightName,
			bias: biasName !== '',
			params: count(weightShape) + (biasName ? outputChannels(op, weightShape, geometry.group) : 0),
			geometry,
			fromGraphInput: readsGraphInput(input, graphInputs, producers),
			followedByBatchNorm: (consumers.get(node.outputs[0] ?? '') ?? []).some((c) => c.opType === 'BatchNormalization'),
			note: 'dynamic' in weight ? `the weight is not a constant: ${weight.dynamic}` : bias && 'dynamic' in bias ? `the bias is not a constant: ${bias.dynamic}` : null,
			onnx,
		};
		plans.push({ layer, op, geometry, onnx, node, weight, bias });
	}
	return plans;
}

/**
 * The PyTorch module path in a scope-style node name: `/layer1/layer1.0/conv1/Conv` -> `layer1.0.conv1`,
 * `/conv1/conv1.0/Conv` -> `conv1.0`. Falls back to a `<module>.weight` tensor name (older exporters).
 */
export function modulePath(nodeName: string, weightName: string): string | null {
	if (nodeName.startsWith('/')) {
		const scopes = nodeName.split('/').filter(Boolean).slice(0, -1);
		let path = '';
		for (const scope of scopes) path = path && !scope.startsWith(`${path}.`) ? `${path}.${scope}` : scope;
		if (path) return path;
	}
	const match = /^([A-Za-z_][\w.]*)\.weight$/.exec(weightName);
	return match ? match[1]! : null;
}

/**
 * A layer name from its weight's name, for graphs whose nodes are unnamed but whose weights are named:
 * Caffe2 exports (`conv1_w_0` -> `conv1`, `fire2/squeeze1x1_w_0` -> `fire2/squeeze1x1`), TensorFlow
 * (`.../kernel`, `.../weights`) and `*_weight` names. Null for an empty or anonymous-looking name.
 */
export function weightLayerName(weightName: string): string | null {
	const name = weightName
		.replace(/(?:_w(?:_\d+)?|_weights?|\.weight|\/(?:kernel|weights?)(?::\d+)?(?:\/read)?)$/i, '')
		.replace(/^\/+|\/+$/g, '');
	if (!name || /^\d+$/.test(name) || /^(?:onnx::|_v_|const_?)/i.test(name)) return null;
	return name;
}

/**
 * Refuses what the ONNX operator spec does not allow, before any stage runs the layer (onnxruntime
 * would throw, or allocate for a negative size): a stored weight must be [C_out, C_in/group, k...] with
 * no empty dimension; strides and dilations positive and pads not negative, one per spatial axis (two
 * for pads) when the number of axes is known; a group of at least one.
 */
function checkGeometry(file: string, op: ConvOp, layer: string, weightShape: number[] | null, geometry: ConvGeometry, axes: number): void {
	const fail = (what: string): never => {
		throw new OnnxError(file, `${op} node "${layer}" ${what}`, 'The graph is invalid; re-export the model', { subject: layer });
	};
	if (weightShape && (weightShape.length < 3 || weightShape.some((d) => d < 1))) {
		fail(`has a weight of shape [${weightShape.join(', ')}], not [C_out, C_in/group, k...] with at least one element per dimension`);
	}
	// With a weight computed at run time and no kernel_shape, the number of axes is unknown: values only.
	const list = (name: string, values: number[], length: number, min: number) => {
		const badLength = axes > 0 && values.length !== length;
		if (badLength || values.some((v) => !Number.isSafeInteger(v) || v < min)) fail(`has ${name} [${values.join(', ')}]; expected ${axes > 0 ? length : 'only'} integers of at least ${min}`);
	};
	list('strides', geometry.strides, axes, 1);
	list('dilations', geometry.dilations, axes, 1);
	list('pads', geometry.pads, 2 * axes, 0);
	if (!Number.isSafeInteger(geometry.group) || geometry.group < 1) fail(`has group ${geometry.group}; expected at least 1`);
}

/** ONNX pads with auto_pad resolved where the shapes allow (always for stride 1; else when the input size is known). */
function resolvePads(
	node: NodeScan,
	op: ConvOp,
	autoPad: OnnxLayerDetail['autoPad'],
	kernel: number[],
	strides: number[],
	dilations: number[],
	outputPadding: number[],
	input: (number | null)[] | null,
): number[] {
	const explicit = node.attributes.get('pads')?.ints;
	if (autoPad === 'NOTSET') return explicit ?? new Array<number>(kernel.length * 2).fill(0);
	const begin: number[] = [];
	const end: number[] = [];
	for (let i = 0; i < kernel.length; i++) {
		const k = (kernel[i]! - 1) * (dilations[i] ?? 1) + 1;
		const s = strides[i] ?? 1;
		let total = 0;
		if (autoPad === 'VALID') total = 0;
		else if (op === 'ConvTranspose') total = Math.max(0, (outputPadding[i] ?? 0) + k - s);
		else if (s === 1) total = k - 1;
		else {
			const size = input?.[i];
			if (size === null || size === undefined) return explicit ?? new Array<number>(kernel.length * 2).fill(0);
			total = Math.max(0, (Math.ceil(size / s) - 1) * s + k - size);
		}
		const small = Math.floor(total / 2);
		begin.push(autoPad === 'SAME_LOWER' ? total - small : small);
		end.push(autoPad === 'SAME_LOWER' ? small : total - small);
	}
	return [...begin, ...end];
}

function declaredShape(scan: ModelScan, name: string): number[] {
	const info = scan.valueInfo.get(name) ?? scan.inputs.find((i) => i.name === name);
	return info?.dims?.every((d) => typeof d === 'number') ? (info.dims as number[]) : [];
}

function inputSpatialDims(scan: ModelScan, name: string): (number | null)[] | null {
	const info = scan.valueInfo.get(name) ?? scan.inputs.find((i) => i.name === name);
	return info?.dims ? info.dims.slice(2).map((d) => (typeof d === 'number' ? d : null)) : null;
}

function storedDtype(weight: Resolution, scan: ModelScan, name: string): KernelDtype {
	const type = 'dynamic' in weight ? (scan.valueInfo.get(name) ?? scan.inputs.find((i) => i.name === name))?.elemType : (weight as ConstExpr).root.dataType;
	return (DTYPE_NAME[type ?? 1] ?? 'float32') as KernelDtype;
}

function readsGraphInput(name: string, graphInputs: Set<string>, producers: Map<string, NodeScan>): boolean {
	for (let depth = 0; depth < 16; depth++) {
		if (graphInputs.has(name)) return true;
		const node = producers.get(name);
		if (!node || !CHANNEL_PRESERVING.has(node.opType)) return false;
		name = node.inputs[0] ?? '';
	}
	return false;
}

function count(dims: number[]): number {
	return dims.length === 0 ? 0 : dims.reduce((a, b) => a * b, 1);
}

/** Output channels, which is the bias length: Conv [C_out, ...], ConvTranspose [C_in, C_out/group, ...]. */
export function outputChannels(op: ConvOp, weightShape: number[], group: number): number {
	if (weightShape.length < 2) return 0;
	return op === 'ConvTranspose' ? weightShape[1]! * group : weightShape[0]!;
}
