/** `kernel-atlas inspect MODEL [--json]`: every convolution layer of a model, as a table or as JSON. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

const HELP = `Usage: kernel-atlas inspect MODEL [--json]

Lists every convolution layer (Conv, ConvTranspose, ConvInteger, QLinearConv) in data-flow order:
index, name or PyTorch module path, op, weight shape and type, stride, padding, groups, bias, parameters.

Options:
  --json      print the machine-readable form (the contract is in src/reader/README.md)
  -h, --help  show this text
`;

/** Runs the command; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
	} catch (error) {
		throw new UsageError(`${(error as Error).message}; run kernel-atlas inspect --help`);
	}
	if (parsed.values.help) {
		process.stdout.write(HELP);
		return 0;
	}
	const [path, ...extra] = parsed.positionals;
	if (!path || extra.length > 0) throw new UsageError('expected exactly one MODEL path; run kernel-atlas inspect --help');
	const { openOnnxModel, formatLayerTable } = await import('../../reader/index.ts');
	const model = await openOnnxModel(path);
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
