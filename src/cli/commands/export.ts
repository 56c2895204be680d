/** `kernel-atlas export MODEL --layer INDEX|NAME [--format npy|json] [--out FILE]`: one layer's kernel. */
import { writeFileSync, renameSync } from 'node:fs';
import { parseCommand } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { ConvLayer } from '../../reader/model.ts';

const HELP = `Usage: kernel-atlas export MODEL --layer INDEX|NAME [--format npy|json] [--out FILE]

Writes one layer's kernel as float32 in ONNX layout (Conv [C_out, C_in/group, k...], ConvTranspose
[C_in, C_out/group, k...]); quantised kernels are dequantised ((q - zero_point) * scale).

Options:
  --layer INDEX|NAME  the layer: its index (from 0, as inspect prints it), node name or module path
  --format npy|json   npy (readable by numpy.load; kernel only) or json (kernel and bias);
                      default: npy when --out ends in .npy, json otherwise
  --out FILE          write to FILE instead of standard output
  -h, --help          show this text
`;

/** Runs the command; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('export', args, { layer: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } }, HELP);
	if (!parsed) return 0;
	const { file: path, values } = parsed;
	if (values.layer === undefined || values.layer === '') throw new UsageError('--layer INDEX|NAME is required; kernel-atlas inspect MODEL lists the layers');
	const format = values.format ?? (values.out?.toLowerCase().endsWith('.npy') ? 'npy' : 'json');
	if (format !== 'npy' && format !== 'json') throw new UsageError(`--format must be npy or json, not "${format}"`);
	if (format === 'npy' && !values.out && process.stdout.isTTY) throw new UsageError('refusing to write binary .npy data to a terminal; add --out FILE.npy');

	const [{ openModel }, { writeNpy, kernelToJson }] = await Promise.all([import('../../reader/open.ts'), import('../../reader/npy.ts')]);
	const model = await openModel(path);
	try {
		const layer = findLayer(model.layers, values.layer);
		const kernel = await model.readKernel(layer);
		const bytes = format === 'npy' ? writeNpy(kernel) : Buffer.from(`${JSON.stringify(kernelToJson(layer, kernel))}\n`);
		if (values.out) {
			const tmp = `${values.out}.tmp-${process.pid}`;
			writeFileSync(tmp, bytes);
			renameSync(tmp, values.out);
			process.stderr.write(`wrote ${values.out}: layer ${layer.index} (${layer.module ?? layer.name}), [${kernel.dims.join(', ')}] float32 ${format}\n`);
		} else {
			process.stdout.write(bytes);
		}
		return 0;
	} finally {
		model.close();
	}
}

/** A layer by index, node name or module path. */
function findLayer(layers: ConvLayer[], wanted: string): ConvLayer {
	const found = /^\d+$/.test(wanted) ? layers[Number(wanted)] : (layers.find((l) => l.name === wanted) ?? layers.find((l) => l.module === wanted));
	if (!found) {
		const range = layers.length ? `0..${layers.length - 1}` : 'none';
		throw new UsageError(`no layer "${wanted}" in this model (layers ${range}); kernel-atlas inspect MODEL lists them`);
	}
	return found;
}
