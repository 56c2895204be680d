/** `kernel-atlas inspect MODEL [--json]`: every convolution layer of a model, as a table or as JSON. */
import { parseCommand } from '../args.ts';

const HELP = `Usage: kernel-atlas inspect MODEL [--json]

Lists every convolution layer in data-flow order (ONNX: Conv, ConvTranspose, ConvInteger, QLinearConv;
a checkpoint: every 3-D to 5-D ".weight" tensor, in checkpoint order): index, name or PyTorch module
path, op, weight shape and type, stride, padding, groups (a checkpoint records none of these three),
bias, parameters.

Options:
  --json      print the machine-readable form (the contract is in src/reader/README.md)
  -h, --help  show this text
`;

/** Runs the command; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
	const parsed = parseCommand('inspect', args, { json: { type: 'boolean' } }, HELP);
	if (!parsed) return 0;
	const path = parsed.file;
	const [{ openModel }, { formatLayerTable }] = await Promise.all([import('../../reader/open.ts'), import('../../reader/layer-table.ts')]);
	// The table leaves the hash out: reading a 100 MB model to hash it costs more than listing its layers.
	const model = await openModel(path, { hash: Boolean(parsed.values.json) });
	try {
		if (parsed.values.json) {
			const json = { model: model.info, inputs: model.graphInputs, layers: model.layers };
			process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
		} else {
			process.stdout.write(formatLayerTable(model));
		}
		return 0;
	} finally {
		model.close();
	}
}
