/** The `kernel-atlas` command line: parses the subcommand and maps errors to exit codes. */

export const USAGE = `kernel-atlas — see what a convolutional network has learned

Usage:
  kernel-atlas <command> [options]

Commands:
  inspect MODEL [--json]                       list every convolution layer (like print(model))
  export MODEL --layer INDEX|NAME [--format npy|json] [--out FILE]
                                               write one layer's kernel as float32 in ONNX layout
  analyse MODEL [--layer INDEX|NAME] [--json]  statistics and classical-filter matches per kernel
  render MODEL [--layer INDEX|NAME] --out DIR  write the kernel images of a model (or one layer)
  add PATH.onnx                                scaffold a config in models/ for a new model
  build-models                                 extract, analyse and render every model in models/

Options:
  -h, --help     show this text
  -v, --version  show the version

Exit codes: 0 success, 1 bad input (a one-line message on stderr), 2 bad usage.
`;

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
		process.stdout.write(USAGE);
		return command === undefined ? 2 : 0;
	}
	if (command === '-v' || command === '--version') {
		const { readFile } = await import('node:fs/promises');
		const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
		process.stdout.write(`${pkg.version}\n`);
		return 0;
	}
	void rest;
	process.stderr.write(`kernel-atlas: unknown command "${command}"; run kernel-atlas --help for the list.\n`);
	return 2;
}
