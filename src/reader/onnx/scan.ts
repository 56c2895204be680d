/**
 * One pass over a ModelProto that keeps what the reader needs: model facts, nodes with their
 * attributes, graph inputs/outputs/value_info, and for every tensor its dims, type and where its bytes
 * are (a range in the file, typed-field ranges or an external-data reference); no tensor data is read.
 */
import { OnnxError, HINT } from '../errors.ts';
import type { ByteSource } from '../source.ts';
import { WIRE, WireReader, type Range } from './wire.ts';
import {
	ATTRIBUTE,
	DATA_LOCATION_EXTERNAL,
	DIMENSION,
	GRAPH,
	MODEL,
	NODE,
	OPSET,
	SHAPE,
	STRING_ENTRY,
	TENSOR,
	TENSOR_TYPE,
	TYPE,
	VALUE_INFO,
} from './onnx-schema.ts';

/** One occurrence of a typed data field (packed payload, or a single element when not packed). */
export interface TypedSegment extends Range {
	field: number;
	wire: number;
}

/** A tensor's metadata and the location of its bytes; values are decoded on demand (tensor-data.ts). */
export interface TensorRef {
	name: string;
	dataType: number;
	dims: number[];
	/** The bytes of raw_data in the model file, when present. */
	raw: Range | null;
	/** The typed value fields (float_data, int32_data, …) in file order. */
	typed: TypedSegment[];
	/** data_location = EXTERNAL: the keys `location`, `offset`, `length` of external_data. */
	external: { location: string; offset: number; length: number | null } | null;
}

/** An attribute; `floats` keeps ranges (Constant value_floats can be a whole weight). */
export interface Attribute {
	name: string;
	f?: number;
	i?: number;
	s?: string;
	t?: TensorRef;
	ints?: number[];
	floats?: TypedSegment[];
}

export interface NodeScan {
	/** Position in the file. */
	index: number;
	name: string;
	opType: string;
	domain: string;
	inputs: string[];
	outputs: string[];
	attributes: ReadonlyMap<string, Attribute>;
}

/** A graph input, output or value_info entry: element type and shape when the model states them. */
export interface ValueInfo {
	name: string;
	elemType: number;
	dims: (number | string)[] | null;
}

export interface ModelScan {
	irVersion: number;
	producer: string;
	producerVersion: string;
	opsets: Record<string, number>;
	/** ModelProto.metadata_props: what the exporter chose to record (e.g. ONNX's `Image.*` keys). */
	metadata: Map<string, string>;
	nodes: NodeScan[];
	initializers: Map<string, TensorRef>;
	inputs: ValueInfo[];
	outputs: ValueInfo[];
	valueInfo: Map<string, ValueInfo>;
	/** Where ModelProto.graph's payload is, for rewriting the model (expose.ts). */
	graph: Range | null;
}

/**
 * How many nodes, attributes, tensors, value infos, opsets and external-data entries a model may have.
 * Each becomes an object of a few hundred bytes from as little as two bytes of file, so without a limit
 * a 10 MB file of empty nodes would take 4 GB. The largest real exports (language models) have tens of
 * thousands; a convolutional network, hundreds.
 */
export const MAX_ENTRIES = 1 << 17;

/** Counts entries as they are decoded; throws once a model has more than MAX_ENTRIES. */
class Budget {
	private left = MAX_ENTRIES;

	take(r: WireReader): void {
		if (--this.left < 0) {
			throw new OnnxError(r.source.file, `the model has more than ${MAX_ENTRIES} nodes, tensors and attributes, far more than any network needs (at byte ${r.pos})`, HINT.corrupt);
		}
	}
}

/** Scans a whole ModelProto. Throws OnnxError naming the file when it is not one. */
export function scanModel(source: ByteSource): ModelScan {
	const scan: ModelScan = {
		irVersion: 0,
		producer: '',
		producerVersion: '',
		opsets: {},
		metadata: new Map(),
		nodes: [],
		initializers: new Map(),
		inputs: [],
		outputs: [],
		valueInfo: new Map(),
		graph: null,
	};
	if (source.size === 0) throw new OnnxError(source.file, 'the file is empty', HINT.corrupt);
	const r = new WireReader(source, 0, source.size);
	const budget = new Budget();
	while (r.next()) {
		if (r.field === MODEL.irVersion && r.wire === WIRE.varint) scan.irVersion = r.varint();
		else if (r.field === MODEL.producerName && r.wire === WIRE.bytes) scan.producer = r.string();
		else if (r.field === MODEL.producerVersion && r.wire === WIRE.bytes) scan.producerVersion = r.string();
		else if (r.field === MODEL.opsetImport && r.wire === WIRE.bytes) {
			budget.take(r);
			readOpset(r.message(), scan.opsets);
		} else if (r.field === MODEL.metadataProps && r.wire === WIRE.bytes) readEntry(r.message(), scan.metadata);
		else if (r.field === MODEL.graph && r.wire === WIRE.bytes) {
			const graph = r.message();
			scan.graph = { start: graph.pos, end: graph.end };
			readGraph(graph, scan, budget);
		} else r.skip();
	}
	if (!scan.graph) {
		throw new OnnxError(source.file, 'no graph found: this is not an ONNX model (ModelProto.graph is missing)', HINT.corrupt);
	}
	return scan;
}

function readOpset(r: WireReader, opsets: Record<string, number>): void {
	let domain = '';
	let version = 0;
	while (r.next()) {
		if (r.field === OPSET.domain && r.wire === WIRE.bytes) domain = r.string();
		else if (r.field === OPSET.version && r.wire === WIRE.varint) version = r.varint();
		else r.skip();
	}
	opsets[domain === '' ? 'ai.onnx' : domain] = version;
}

function readGraph(r: WireReader, scan: ModelScan, budget: Budget): void {
	while (r.next()) {
		if (r.wire !== WIRE.bytes) r.skip();
		else if (r.field === GRAPH.node) scan.nodes.push(readNode(r.message(), scan.nodes.length, budget));
		else if (r.field === GRAPH.initializer) {
			const tensor = readTensor(r.message(), budget);
			scan.initializers.set(tensor.name, tensor);
		} else if (r.field === GRAPH.input) scan.inputs.push(readValueInfo(r.message(), budget));
		else if (r.field === GRAPH.output) scan.outputs.push(readValueInfo(r.message(), budget));
		else if (r.field === GRAPH.valueInfo) {
			const info = readValueInfo(r.message(), budget);
			scan.valueInfo.set(info.name, info);
		} else r.skip();
	}
}

/** Shared by every node without attributes (most Relu, Add, Concat…): a Map each would cost 100 bytes per node. */
const NO_ATTRIBUTES: ReadonlyMap<string, Attribute> = new Map();

function readNode(r: WireReader, index: number, budget: Budget): NodeScan {
	budget.take(r);
	const node: NodeScan = { index, name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: NO_ATTRIBUTES };
	while (r.next()) {
		if (r.wire !== WIRE.bytes) r.skip();
		else if (r.field === NODE.input) node.inputs.push(r.string());
		else if (r.field === NODE.output) node.outputs.push(r.string());
		else if (r.field === NODE.name) node.name = r.string();
		else if (r.field === NODE.opType) node.opType = r.string();
		else if (r.field === NODE.domain) node.domain = r.string();
		else if (r.field === NODE.attribute) {
			const attribute = readAttribute(r.message(), budget);
			if (node.attributes === NO_ATTRIBUTES) node.attributes = new Map();
			(node.attributes as Map<string, Attribute>).set(attribute.name, attribute);
		} else r.skip();
	}
	return node;
}

function readAttribute(r: WireReader, budget: Budget): Attribute {
	budget.take(r);
	const a: Attribute = { name: '' };
	while (r.next()) {
		const { field, wire } = r;
		if (field === ATTRIBUTE.name && wire === WIRE.bytes) a.name = r.string();
		else if (field === ATTRIBUTE.f && wire === WIRE.fixed32) a.f = r.float();
		else if (field === ATTRIBUTE.i && wire === WIRE.varint) a.i = r.varint();
		else if (field === ATTRIBUTE.s && wire === WIRE.bytes) a.s = r.string();
		else if (field === ATTRIBUTE.t && wire === WIRE.bytes) a.t = readTensor(r.message(), budget);
		else if (field === ATTRIBUTE.ints) r.ints((a.ints ??= []));
		else if (field === ATTRIBUTE.floats && (wire === WIRE.bytes || wire === WIRE.fixed32)) {
			budget.take(r);
			(a.floats ??= []).push(segment(r));
		}
		else r.skip();
	}
	return a;
}

/** Reads a TensorProto's metadata, recording (not reading) where its values are. */
export function readTensor(r: WireReader, budget = new Budget()): TensorRef {
	budget.take(r);
	const t: TensorRef = { name: '', dataType: 0, dims: [], raw: null, typed: [], external: null };
	let external = false;
	const entries = new Map<string, string>();
	while (r.next()) {
		const { field, wire } = r;
		if (field === TENSOR.dims) r.ints(t.dims);
		else if (field === TENSOR.dataType && wire === WIRE.varint) t.dataType = r.varint();
		else if (field === TENSOR.name && wire === WIRE.bytes) t.name = r.string();
		else if (field === TENSOR.rawData && wire === WIRE.bytes) t.raw = r.range();
		else if (field === TENSOR.dataLocation && wire === WIRE.varint) external = r.varint() === DATA_LOCATION_EXTERNAL;
		else if (field === TENSOR.externalData && wire === WIRE.bytes) {
			budget.take(r);
			readEntry(r.message(), entries);
		}
		else if (
			field === TENSOR.floatData ||
			field === TENSOR.int32Data ||
			field === TENSOR.int64Data ||
			field === TENSOR.doubleData ||
			field === TENSOR.uint64Data
		) {
			budget.take(r);
			t.typed.push(segment(r));
		} else r.skip();
	}
	if (external) t.external = externalRef(r, t.name, entries);
	return t;
}

/** The current repeated-scalar field as a segment: a packed payload, or one element's bytes. */
function segment(r: WireReader): TypedSegment {
	const { field, wire } = r;
	if (wire === WIRE.bytes) return { field, wire, ...r.range() };
	const start = r.pos;
	r.skip();
	return { field, wire, start, end: r.pos };
}

function readEntry(r: WireReader, entries: Map<string, string>): void {
	let key = '';
	let value = '';
	while (r.next()) {
		if (r.field === STRING_ENTRY.key && r.wire === WIRE.bytes) key = r.string();
		else if (r.field === STRING_ENTRY.value && r.wire === WIRE.bytes) value = r.string();
		else r.skip();
	}
	entries.set(key, value);
}

function externalRef(r: WireReader, name: string, entries: Map<string, string>): TensorRef['external'] {
	const location = entries.get('location');
	const number = (key: string): number | null => {
		const text = entries.get(key);
		if (text === undefined) return null;
		if (!/^\d{1,15}$/.test(text)) {
			throw new OnnxError(r.source.file, `tensor "${name}" has external_data ${key}="${text}", not a byte count`, HINT.reexport, { subject: name });
		}
		return Number(text);
	};
	if (!location) {
		throw new OnnxError(r.source.file, `tensor "${name}" is marked EXTERNAL but has no external_data location`, HINT.reexport, { subject: name });
	}
	return { location, offset: number('offset') ?? 0, length: number('length') };
}

function readValueInfo(r: WireReader, budget: Budget): ValueInfo {
	budget.take(r);
	const info: ValueInfo = { name: '', elemType: 0, dims: null };
	while (r.next()) {
		if (r.field === VALUE_INFO.name && r.wire === WIRE.bytes) info.name = r.string();
		else if (r.field === VALUE_INFO.type && r.wire === WIRE.bytes) readType(r.message(), info);
		else r.skip();
	}
	return info;
}

function readType(r: WireReader, info: ValueInfo): void {
	while (r.next()) {
		if (r.field !== TYPE.tensorType || r.wire !== WIRE.bytes) {
			r.skip();
			continue;
		}
		const tensor = r.message();
		while (tensor.next()) {
			if (tensor.field === TENSOR_TYPE.elemType && tensor.wire === WIRE.varint) info.elemType = tensor.varint();
			else if (tensor.field === TENSOR_TYPE.shape && tensor.wire === WIRE.bytes) info.dims = readShape(tensor.message());
			else tensor.skip();
		}
	}
}

function readShape(r: WireReader): (number | string)[] {
	const dims: (number | string)[] = [];
	while (r.next()) {
		if (r.field !== SHAPE.dim || r.wire !== WIRE.bytes) {
			r.skip();
			continue;
		}
		const d = r.message();
		let dim: number | string = '?';
		while (d.next()) {
			if (d.field === DIMENSION.dimValue && d.wire === WIRE.varint) dim = d.varint();
			else if (d.field === DIMENSION.dimParam && d.wire === WIRE.bytes) dim = d.string() || '?';
			else d.skip();
		}
		dims.push(dim);
	}
	return dims;
}
