/** Kernel export formats: NumPy .npy (format 1.0, float32 little-endian, C order) and JSON. */
import type { ConvLayer, ConvOp, Kernel } from './model.ts';

/**
 * The bytes of a .npy file holding the kernel (without bias), readable by `numpy.load`.
 * @example
 * writeFileSync('conv1.npy', writeNpy(await model.readKernel(0)));
 */
export function writeNpy(kernel: Pick<Kernel, 'dims' | 'data'>): Uint8Array {
	const shape = kernel.dims.length === 1 ? `(${kernel.dims[0]},)` : `(${kernel.dims.join(', ')})`;
	let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
	// Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
	const total = Math.ceil((10 + header.length + 1) / 64) * 64;
	header = header.padEnd(total - 10 - 1, ' ') + '\n';
	const out = new Uint8Array(total + kernel.data.length * 4);
	out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
	new DataView(out.buffer).setUint16(8, header.length, true);
	for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
	const body = new DataView(out.buffer, total);
	for (let i = 0; i < kernel.data.length; i++) body.setFloat32(i * 4, kernel.data[i]!, true);
	return out;
}

/** The JSON export of a kernel (the `export --format json` contract, see README.md). */
export interface KernelJson {
	layer: number;
	name: string;
	module: string | null;
	/** The ONNX operator, or null for a checkpoint (which records none). */
	op: ConvOp | null;
	dtype: 'float32';
	/** `onnx`: [C_out, C_in/group, k...] (ONNX and PyTorch share it); `onnx-transposed`: [C_in, C_out/group, k...]. */
	layout: 'onnx' | 'onnx-transposed';
	dims: number[];
	/**
	 * Row-major (C order) values, each the shortest decimal that reads back as the same float32. JSON has
	 * no NaN or Infinity: those are the strings "NaN", "Infinity" and "-Infinity" (as protobuf's JSON
	 * mapping writes them), not the `null` JSON.stringify would silently put there.
	 */
	data: (number | NonFinite)[];
	bias: (number | NonFinite)[] | null;
}

/** How the JSON export writes the float32 values JSON cannot hold. */
export type NonFinite = 'NaN' | 'Infinity' | '-Infinity';

/** A kernel as the JSON export object. */
export function kernelToJson(layer: ConvLayer, kernel: Kernel): KernelJson {
	return {
		layer: layer.index,
		name: layer.name,
		module: layer.module,
		op: layer.onnx?.op ?? null,
		dtype: 'float32',
		layout: layer.transposed ? 'onnx-transposed' : 'onnx',
		dims: kernel.dims,
		data: Array.from(kernel.data, jsonFloat32),
		bias: kernel.bias ? Array.from(kernel.bias, jsonFloat32) : null,
	};
}

/** The shortest decimal that rounds back to the same float32 (JSON would otherwise print 17 digits); non-finite values as text. */
function jsonFloat32(value: number): number | NonFinite {
	if (Number.isNaN(value)) return 'NaN';
	if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
	if (value === 0) return value;
	for (let digits = 1; digits < 9; digits++) {
		const candidate = Number(value.toPrecision(digits));
		if (Math.fround(candidate) === value) return candidate;
	}
	return Number(value.toPrecision(9));
}
