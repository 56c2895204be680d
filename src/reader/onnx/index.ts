/**
 * The ONNX reader: finds every convolution of an ONNX model and reads its kernel, exactly, lazily and
 * safely. Throws only OnnxError (a ModelError). See ../README.md.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { OnnxError } from '../errors.ts';
import { ExternalFiles } from '../external.ts';
import { sha256File } from '../hash.ts';
import { computeKernel } from './kernel.ts';
import { findConvLayers, type LayerPlan } from './layers.ts';
import { DTYPE_NAME } from './onnx-schema.ts';
import { ConstantResolver } from './resolve.ts';
import { scanModel, type ModelScan } from './scan.ts';
import { FileSource } from '../source.ts';
import { spatialNodes } from './spatial-nodes.ts';
import { topologicalOrder } from './topo.ts';
import { matchOnnx } from './probe.ts';
import type { ConvLayer, ModelFormatReader, OpenedModel, OpenOptions } from '../model.ts';

/** ONNX has no magic number; a ModelProto almost always starts with ir_version (field 1, varint: 0x08). */
export const onnxReader: ModelFormatReader = {
	format: 'onnx',
	match: matchOnnx,
	open: (path, options) => openOnnxModel(path, options),
};

/**
 * Opens an ONNX model: scans its structure (no weights are read) and hashes the file.
 * @example
 * const model = await openOnnxModel('net.onnx'); // callers outside the reader use openModel
 * try {
 *   const first = model.layers[0];
 *   const { dims, data, bias } = await model.readKernel(first);
 * } finally { model.close(); }
 */
export async function openOnnxModel(path: string, options: OpenOptions = {}): Promise<OpenedModel> {
	const file = path;
	const stat = statOrThrow(path);
	const source = new FileSource(path, file);
	const externals = new ExternalFiles(file, dirname(resolvePath(path)));
	// Hash on the thread pool's reads while this thread scans; stopped if the scan fails.
	const stopHash = new AbortController();
	const hashing = options.sha256 !== undefined || options.hash === false ? Promise.resolve(options.sha256 ?? '') : sha256File(path, stopHash.signal);
	hashing.catch(() => {});
	try {
		const scan = scanModel(source);
		if (scan.irVersion === 0 && Object.keys(scan.opsets).length === 0) {
			throw new OnnxError(file, 'this is not an ONNX model (no ir_version and no opset_import)', 'Pass a .onnx file exported by an ONNX exporter');
		}
		const ctx = { source, externals };
		const resolver = new ConstantResolver(scan, ctx);
		const ordered = topologicalOrder(scan, file);
		const plans = findConvLayers(ordered, scan, resolver);
		const sha256 = await hashing;
		const initializers = scan.initializers;
		const model: OpenedModel = {
			info: {
				format: 'onnx',
				file: basename(path),
				bytes: stat.size,
				sha256,
				irVersion: scan.irVersion,
				producer: scan.producer,
				producerVersion: scan.producerVersion,
				opsets: scan.opsets,
			},
			layers: plans.map((p) => p.layer),
			graphInputs: scan.inputs
				.filter((i) => !initializers.has(i.name))
				.map((i) => ({ name: i.name, dims: i.dims ?? [], dtype: DTYPE_NAME[i.elemType] ?? String(i.elemType) })),
			graphOutputs: scan.outputs.map((o) => ({ name: o.name, dims: o.dims ?? [], dtype: DTYPE_NAME[o.elemType] ?? String(o.elemType) })),
			metadata: Object.fromEntries(scan.metadata),
			spatialNodes: spatialNodes(ordered, plans.map((p) => p.layer)),
			externalData: externalLocations(scan),
			readKernel: async (layer) => computeKernel(planOf(plans, layer, file), resolver, file),
			close: () => {
				externals.close();
				source.close();
			},
		};
		return model;
	} catch (error) {
		stopHash.abort();
		externals.close();
		source.close();
		throw error;
	}
}

/** Every external-data location named by an initializer or a Constant node's tensor. */
function externalLocations(scan: ModelScan): string[] {
	const locations = new Set<string>();
	for (const t of scan.initializers.values()) if (t.external) locations.add(t.external.location);
	for (const node of scan.nodes) for (const a of node.attributes.values()) if (a.t?.external) locations.add(a.t.external.location);
	return [...locations].sort();
}

function planOf(plans: LayerPlan[], layer: ConvLayer | number, file: string): LayerPlan {
	const index = typeof layer === 'number' ? layer : layer.index;
	const plan = plans[index];
	if (!plan) throw new OnnxError(file, `there is no layer ${index} (the model has ${plans.length} convolution layers)`, 'Run kernel-atlas inspect to list them');
	return plan;
}

function statOrThrow(path: string) {
	let stat;
	try {
		stat = statSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new OnnxError(path, code === 'ENOENT' ? 'no such file' : `cannot read the file (${code})`, 'Check the path to the .onnx file', { cause: error });
	}
	if (!stat.isFile()) throw new OnnxError(path, 'not a regular file', 'Pass the path of a .onnx file');
	return stat;
}
