/**
 * withExposedOutputs: a copy of a model in which chosen intermediate tensors are also graph outputs, so
 * onnxruntime returns them (the cross-check tests and the feature-map renderer use it). The copy is
 * self-contained: tensors stored as external data are inlined as raw_data, so the bytes can be given
 * to `InferenceSession.create(bytes)` from anywhere (subject to protobuf's 2 GB limit).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { OnnxError, HINT } from '../errors.ts';
import { ExternalFiles } from '../external.ts';
import { ATTRIBUTE, DTYPE_BYTES, GRAPH, MODEL, NODE, TENSOR, VALUE_INFO } from './onnx-schema.ts';
import { readTensor, scanModel, type TensorRef } from './scan.ts';
import { BufferSource, type ByteSource } from '../source.ts';
import { checkTensor } from './tensor-data.ts';
import { WIRE, WireReader } from './wire.ts';
import { ProtoWriter } from './wire-writer.ts';

/**
 * The bytes of a copy of the model at `modelPath` whose graph also outputs `tensorNames`.
 * @example
 * const bytes = await withExposedOutputs('net.onnx', [layer.onnx.input, layer.onnx.output]);
 * const session = await ort.InferenceSession.create(bytes);
 */
export async function withExposedOutputs(modelPath: string, tensorNames: string[]): Promise<Uint8Array> {
	let bytes: Uint8Array;
	try {
		bytes = await readFile(modelPath);
	} catch (error) {
		throw new OnnxError(modelPath, `cannot read the file (${(error as NodeJS.ErrnoException).code})`, 'Check the path to the .onnx file', { cause: error });
	}
	const source = new BufferSource(bytes, modelPath);
	const scan = scanModel(source);
	const known = new Set<string>(scan.inputs.map((i) => i.name));
	for (const node of scan.nodes) for (const out of node.outputs) known.add(out);
	const present = new Set(scan.outputs.map((o) => o.name));
	const wanted = [...new Set(tensorNames)].filter((name) => !present.has(name));
	for (const name of wanted) {
		if (!known.has(name)) {
			throw new OnnxError(modelPath, `the graph has no tensor "${name}" to expose`, 'Use a layer\'s input or output name from kernel-atlas inspect --json', { subject: name });
		}
	}
	const externals = new ExternalFiles(modelPath, dirname(resolvePath(modelPath)));
	try {
		const rewriter = new Rewriter(source, bytes, externals);
		const model = new ProtoWriter();
		const r = new WireReader(source, 0, source.size);
		for (let start = r.pos; r.next(); start = r.pos) {
			if (r.field === MODEL.graph && r.wire === WIRE.bytes) {
				const graph = rewriter.graph(r.message(), wanted, scan.valueInfo.size > 0 ? valueInfoBytes(source, bytes, scan.graph!) : new Map());
				model.bytes(MODEL.graph, graph);
			} else {
				r.skip();
				model.raw(bytes.subarray(start, r.pos));
			}
		}
		return model.finish();
	} finally {
		externals.close();
	}
}

/** The graph's value_info entries (encoded) by name, to copy their declared types into outputs. */
function valueInfoBytes(source: ByteSource, bytes: Uint8Array, graph: { start: number; end: number }): Map<string, Uint8Array> {
	const ranges = new Map<string, Uint8Array>();
	const r = new WireReader(source, graph.start, graph.end);
	while (r.next()) {
		if (r.field !== GRAPH.valueInfo || r.wire !== WIRE.bytes) {
			r.skip();
			continue;
		}
		const info = r.message();
		const whole = bytes.subarray(info.pos, info.end);
		while (info.next()) {
			if (info.field === VALUE_INFO.name && info.wire === WIRE.bytes) ranges.set(info.string(), whole);
			else info.skip();
		}
	}
	return ranges;
}

/** Copies messages field by field (as views of the original bytes), re-encoding only what must change. */
class Rewriter {
	private readonly source: ByteSource;
	private readonly bytes: Uint8Array;
	private readonly externals: ExternalFiles;

	constructor(source: ByteSource, bytes: Uint8Array, externals: ExternalFiles) {
		this.source = source;
		this.bytes = bytes;
		this.externals = externals;
	}

	graph(r: WireReader, outputs: string[], declared: Map<string, Uint8Array>): ProtoWriter {
		const w = new ProtoWriter();
		for (let start = r.pos; r.next(); start = r.pos) {
			let changed: ProtoWriter | null = null;
			if (r.wire === WIRE.bytes && r.field === GRAPH.initializer) changed = this.tensor(r.message());
			else if (r.wire === WIRE.bytes && r.field === GRAPH.node) changed = this.node(r.message());
			else r.skip();
			if (changed) w.bytes(r.field, changed);
			else w.raw(this.bytes.subarray(start, r.pos));
		}
		for (const name of outputs) {
			// A declared type (value_info) is copied when the model has one; onnxruntime infers it otherwise.
			w.bytes(GRAPH.output, declared.get(name) ?? new ProtoWriter().string(VALUE_INFO.name, name));
		}
		return w;
	}

	/** A node rewritten only when one of its attribute tensors is external; null when unchanged. */
	private node(r: WireReader): ProtoWriter | null {
		return this.rewriteFields(r, NODE.attribute, (m) => this.attribute(m));
	}

	private attribute(r: WireReader): ProtoWriter | null {
		return this.rewriteFields(r, [ATTRIBUTE.t, ATTRIBUTE.tensors], (m) => this.tensor(m));
	}

	/** Copies a message, passing the fields numbered `fields` through `rewrite`; null when nothing changed. */
	private rewriteFields(r: WireReader, fields: number | number[], rewrite: (m: WireReader) => ProtoWriter | null): ProtoWriter | null {
		const wanted = Array.isArray(fields) ? fields : [fields];
		const w = new ProtoWriter();
		let changed = false;
		for (let start = r.pos; r.next(); start = r.pos) {
			const inner = r.wire === WIRE.bytes && wanted.includes(r.field) ? rewrite(r.message()) : (r.skip(), null);
			if (inner) {
				changed = true;
				w.bytes(r.field, inner);
			} else w.raw(this.bytes.subarray(start, r.pos));
		}
		return changed ? w : null;
	}

	/** An external tensor re-encoded with its bytes inline; null for a tensor that is already inline. */
	private tensor(r: WireReader): ProtoWriter | null {
		const begin = r.pos;
		const ref: TensorRef = readTensor(r);
		if (!ref.external) return null;
		const count = checkTensor(ref, { source: this.source, externals: this.externals });
		const length = count * DTYPE_BYTES[ref.dataType]!;
		if (length >= 2 ** 31) throw new OnnxError(this.source.file, `tensor "${ref.name}" (${length} bytes) is too large to inline under protobuf's 2 GB limit`, HINT.external, { subject: ref.name });
		const data = new Uint8Array(length);
		this.externals.get(ref.external.location, ref.name).copyInto(ref.external.offset, data);
		const w = new ProtoWriter();
		const again = new WireReader(this.source, begin, r.end);
		for (let start = again.pos; again.next(); start = again.pos) {
			again.skip();
			if (again.field === TENSOR.externalData || again.field === TENSOR.dataLocation || again.field === TENSOR.rawData) continue;
			w.raw(this.bytes.subarray(start, again.pos));
		}
		return w.bytes(TENSOR.rawData, data);
	}
}
