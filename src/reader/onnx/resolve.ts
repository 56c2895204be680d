/**
 * Finds what a tensor name means when it should be a constant (a convolution's weight, bias, scale or
 * zero point): an initializer, a Constant node, or a constant passed through Identity, Cast, Reshape,
 * DequantizeLinear or QuantizeLinear -> DequantizeLinear. Shapes are worked out without reading any
 * weight bytes; values are computed only when evaluate() is called.
 */
import { OnnxError, HINT } from '../errors.ts';
import { DTYPE, DTYPE_NAME, TENSOR } from './onnx-schema.ts';
import type { Attribute, ModelScan, NodeScan, TensorRef } from './scan.ts';
import { decodeTensor, checkTensor, type DecodedTensor, type TensorContext, type Values } from './tensor-data.ts';
import { roundToBfloat16, roundToFloat16 } from '../half.ts';
import { dequantize, quantize } from './quantize.ts';
import { WIRE } from './wire.ts';

/** A constant expression: its shape and element type now, its values on demand. */
export interface ConstExpr {
	dims: number[];
	dataType: number;
	/** The stored tensor everything starts from, and how it is stored. */
	root: TensorRef;
	storage: 'initializer' | 'constant' | 'external';
	/** True when a DequantizeLinear is on the way. */
	dequantized: boolean;
	evaluate(): DecodedTensor;
}

/** Either a constant, or why the tensor is not one (computed at run time, or an unsupported form). */
export type Resolution = ConstExpr | { dynamic: string };

/** A tensor name that nothing defines (an invalid graph); `findConvLayers` adds the layer that reads it. */
export class MissingTensor extends OnnxError {
	readonly tensor: string;
	constructor(file: string, tensor: string) {
		super(file, `tensor "${tensor}" is defined nowhere (not an initializer, a node's output or a graph input)`, 'The graph is invalid; re-export the model', { subject: tensor });
		this.tensor = tensor;
	}
}

const MAX_DEPTH = 32;

/** Resolves tensor names of one model to constant expressions, memoised. */
export class ConstantResolver {
	private readonly scan: ModelScan;
	private readonly ctx: TensorContext;
	private readonly producers = new Map<string, NodeScan>();
	private readonly graphInputs: Set<string>;
	private readonly memo = new Map<string, Resolution>();

	constructor(scan: ModelScan, ctx: TensorContext) {
		this.scan = scan;
		this.ctx = ctx;
		for (const node of scan.nodes) for (const out of node.outputs) if (out) this.producers.set(out, node);
		this.graphInputs = new Set(scan.inputs.map((i) => i.name));
	}

	/** The model file, as errors name it. */
	get file(): string {
		return this.ctx.source.file;
	}

	/** What `name` is, as a constant expression or the reason it is not one. */
	resolve(name: string, depth = 0): Resolution {
		const known = this.memo.get(name);
		if (known) return known;
		const result = depth > MAX_DEPTH ? { dynamic: `more than ${MAX_DEPTH} operators deep` } : this.compute(name, depth);
		this.memo.set(name, result);
		return result;
	}

	private compute(name: string, depth: number): Resolution {
		const init = this.scan.initializers.get(name);
		if (init) return this.stored(init, 'initializer');
		const node = this.producers.get(name);
		if (!node) {
			if (this.graphInputs.has(name)) return { dynamic: `it is the graph input "${name}"` };
			// Not an initializer, not a node's output, not a graph input: the graph is invalid (onnxruntime refuses it too).
			throw new MissingTensor(this.ctx.source.file, name);
		}
		const op = node.domain === '' || node.domain === 'ai.onnx' ? node.opType : `${node.domain}.${node.opType}`;
		const from = (i: number) => (node.inputs[i] ? this.resolve(node.inputs[i]!, depth + 1) : null);
		const first = from(0) ?? { dynamic: `${node.opType} node "${node.name}" has no input` };
		switch (op) {
			case 'Constant':
				return this.constantNode(node);
			case 'Identity':
				return first;
			case 'Cast':
				return this.cast(node, first);
			case 'Reshape':
				return this.reshape(node, first, from(1));
			case 'DequantizeLinear':
				return this.dequantizeLinear(node, first, from(1), from(2));
			case 'QuantizeLinear':
				return this.quantizeLinear(node, first, from(1), from(2));
			default:
				return { dynamic: `it is computed at run time by ${node.opType} node "${node.name || `#${node.index}`}"` };
		}
	}

	private stored(t: TensorRef, storage: 'initializer' | 'constant'): ConstExpr {
		checkTensor(t, this.ctx);
		return {
			dims: [...t.dims],
			dataType: t.dataType,
			root: t,
			storage: t.external ? 'external' : storage,
			dequantized: false,
			evaluate: () => decodeTensor(t, this.ctx),
		};
	}

	private constantNode(node: NodeScan): Resolution {
		const [attribute] = node.attributes.values();
		const name = node.outputs[0] ?? node.name;
		if (!attribute) return { dynamic: `Constant node "${node.name}" has no value` };
		const synthetic = (dataType: number, dims: number[], values: () => Values): ConstExpr => ({
			dims,
			dataType,
			root: { name, dataType, dims, raw: null, typed: [], external: null },
			storage: 'constant',
			dequantized: false,
			evaluate: () => ({ dataType, dims: [...dims], data: values() }),
		});
		switch (attribute.name) {
			case 'value':
				return attribute.t ? this.stored({ ...attribute.t, name: attribute.t.name || name }, 'constant') : { dynamic: 'Constant without a tensor' };
			case 'value_float':
				return synthetic(DTYPE.float, [], () => Float32Array.of(attribute.f ?? 0));
			case 'value_int':
				return synthetic(DTYPE.int64, [], () => Float64Array.of(attribute.i ?? 0));
			case 'value_ints':
				return synthetic(DTYPE.int64, [attribute.ints?.length ?? 0], () => Float64Array.from(attribute.ints ?? []));
			case 'value_floats':
				return this.valueFloats(name, attribute);
			default:
				return { dynamic: `Constant node "${node.name}" uses ${attribute.name}, which the reader does not decode` };
		}
	}

	/** value_floats keeps its ranges in the file, so it is read like a float_data tensor. */
	private valueFloats(name: string, attribute: Attribute): ConstExpr {
		const segments = attribute.floats ?? [];
		const count = segments.reduce((n, s) => n + (s.wire === WIRE.bytes ? (s.end - s.start) / 4 : 1), 0);
		const typed = segments.map((s) => ({ ...s, field: TENSOR.floatData }));
		return this.stored({ name, dataType: DTYPE.float, dims: [count], raw: null, typed, external: null }, 'constant');
	}

	private cast(node: NodeScan, x: Resolution): Resolution {
		if ('dynamic' in x) return x;
		const to = node.attributes.get('to')?.i ?? 0;
		const convert: Record<number, (v: Values) => Values> = {
			[DTYPE.float]: (v) => (v instanceof Float32Array ? v : Float32Array.from(v)),
			[DTYPE.double]: (v) => Float64Array.from(v),
			[DTYPE.float16]: (v) => roundToFloat16(v),
			[DTYPE.bfloat16]: (v) => roundToBfloat16(v),
		};
		const fn = convert[to];
		if (!fn || !isFloat(x.dataType)) {
			return { dynamic: `Cast from ${DTYPE_NAME[x.dataType]} to ${DTYPE_NAME[to] ?? to} is not decoded by the reader` };
		}
		return {
			...x,
			dataType: to,
			evaluate: () => {
				const v = x.evaluate();
				return { dataType: to, dims: v.dims, data: fn(v.data) };
			},
		};
	}

	private reshape(node: NodeScan, x: Resolution, shape: Resolution | null): Resolution {
		if ('dynamic' in x) return x;
		if (!shape || 'dynamic' in shape) return { dynamic: `Reshape node "${node.name}" has a shape computed at run time` };
		const wanted = Array.from(shape.evaluate().data);
		const allowZero = (node.attributes.get('allowzero')?.i ?? 0) === 1;
		const total = x.dims.reduce((a, b) => a * b, 1);
		const dims = wanted.map((d, i) => (d === 0 && !allowZero ? (x.dims[i] ?? 0) : d));
		const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
		const fixed = dims.map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d));
		if (fixed.reduce((a, b) => a * b, 1) !== total || fixed.some((d) => !Number.isInteger(d) || d < 0)) {
			return { dynamic: `Reshape node "${node.name}" to [${wanted.join(', ')}] does not fit [${x.dims.join(', ')}]` };
		}
		return { ...x, dims: fixed, evaluate: () => ({ ...x.evaluate(), dims: [...fixed] }) };
	}

	private dequantizeLinear(node: NodeScan, x: Resolution, scale: Resolution | null, zero: Resolution | null): Resolution {
		if ('dynamic' in x) return x;
		if (!scale || 'dynamic' in scale) return { dynamic: `DequantizeLinear node "${node.name}" has a scale computed at run time` };
		if (zero && 'dynamic' in zero) return zero;
		if ((node.attributes.get('block_size')?.i ?? 0) !== 0) return { dynamic: 'blocked DequantizeLinear is not decoded by the reader' };
		const axis = this.checkAxis(node, x, scale, zero);
		return {
			...x,
			dataType: scale.dataType,
			dequantized: true,
			evaluate: () => {
				const q = x.evaluate();
				const data = dequantize(q.data, q.dims, scale.evaluate().data, zero ? zero.evaluate().data : null, axis);
				return { dataType: scale.dataType, dims: q.dims, data: scale.dataType === DTYPE.float16 ? roundToFloat16(data) : data };
			},
		};
	}

	private quantizeLinear(node: NodeScan, x: Resolution, scale: Resolution | null, zero: Resolution | null): Resolution {
		if ('dynamic' in x) return x;
		if (!scale || 'dynamic' in scale) return { dynamic: `QuantizeLinear node "${node.name}" has a scale computed at run time` };
		if (zero && 'dynamic' in zero) return zero;
		const outType = zero ? zero.dataType : (node.attributes.get('output_dtype')?.i ?? DTYPE.uint8) || DTYPE.uint8;
		if (outType !== DTYPE.uint8 && outType !== DTYPE.int8 && outType !== DTYPE.int16 && outType !== DTYPE.uint16) {
			return { dynamic: `QuantizeLinear to ${DTYPE_NAME[outType] ?? outType} is not decoded by the reader` };
		}
		const axis = this.checkAxis(node, x, scale, zero);
		return {
			...x,
			dataType: outType,
			evaluate: () => {
				const v = x.evaluate();
				const data = quantize(v.data, v.dims, scale.evaluate().data, zero ? zero.evaluate().data : null, axis, outType);
				return { dataType: outType, dims: v.dims, data };
			},
		};
	}

	/** The (normalised) quantisation axis, after checking that scale and zero point fit it. */
	private checkAxis(node: NodeScan, x: ConstExpr, scale: ConstExpr, zero: ConstExpr | null): number {
		const axis = normaliseAxis(node.attributes.get('axis')?.i ?? 1, x.dims.length);
		for (const p of zero ? [scale, zero] : [scale]) {
			const n = p.dims.reduce((a, b) => a * b, 1);
			if (p.dims.length > 1 || (n !== 1 && n !== x.dims[axis])) {
				throw new OnnxError(
					this.ctx.source.file,
					`${node.opType} node "${node.name}" has a scale or zero point of shape [${p.dims.join(', ')}] that fits neither the whole tensor nor axis ${axis} of [${x.dims.join(', ')}]`,
					HINT.corrupt,
					{ subject: node.name },
				);
			}
		}
		return axis;
	}
}

/** True for the floating-point element types. */
export function isFloat(dataType: number): boolean {
	return dataType === DTYPE.float || dataType === DTYPE.double || dataType === DTYPE.float16 || dataType === DTYPE.bfloat16;
}

function normaliseAxis(axis: number, rank: number): number {
	return axis < 0 ? axis + rank : axis;
}
