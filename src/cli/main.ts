/** The `kernel-atlas` command line: dispatches a subcommand and maps errors to exit codes. */
import { oneLine } from '../reader/printable.ts';
import { UsageError, isUserError, userErrorLines } from './errors.ts';

export const USAGE = `kernel-atlas — see what a convolutional network has learned

Usage:
  kernel-atlas <command> [options]

MODEL is an ONNX file (.onnx), a safetensors file or its sharded index (model.safetensors.index.json),
or a PyTorch state dict saved by torch.save (.pth, .pt, .bin).

Commands:
  inspect MODEL [--json]                       list every convolution layer (like print(model))
  export MODEL --layer INDEX|NAME [--format npy|json] [--out FILE]
                                               write one layer's kernel as float32 ([C_out, C_in, k...])
  analyse MODEL [--layer INDEX|NAME] [--json] [--config FILE] [--color-order RGB|BGR]
                                               statistics and classical-filter matches per kernel
  render MODEL [--layer INDEX|NAME] --out DIR [--config FILE] [--photo FILE] [--color-order RGB|BGR]
                                               write the kernel images of a model (or one layer)
  add PATH.onnx | hf:OWNER/REPO[@REVISION]     scaffold a config in models/ for a new model

analyse and render use the model's config: --config FILE, else the one in models/ whose source is MODEL.

Options:
  -h, --help     show this text (or a command's, after the command)
  -v, --version  show the version

Exit codes: 0 success, 1 bad input (a one-line message on stderr), 2 bad usage.
`;

/** A subcommand module: `run` resolves to the exit code; it throws UsageError or a user-facing error. */
export interface Command {
	run(args: string[]): Promise<number>;
}

// Lazy, so `--help` and one command never pay for loading the others (onnxruntime, sharp).
const COMMANDS: Record<string, () => Promise<Command>> = {
	inspect: () => import('./commands/inspect.ts'),
	export: () => import('./commands/export.ts'),
	analyse: () => import('./commands/analyse.ts'),
	analyze: () => import('./commands/analyse.ts'),
	render: () => import('./commands/render.ts'),
	add: () => import('./commands/add.ts'),
};

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
	// A reader who pipes into `head` closes the pipe early: that is the end of the output, not an error.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
	const load = COMMANDS[command];
	if (!load) {
		process.stderr.write(`kernel-atlas: unknown command "${oneLine(command)}"; run kernel-atlas --help for the list.\n`);
		return 2;
	}
	try {
		return await (await load()).run(rest);
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`kernel-atlas ${command}: ${oneLine(error.message)}\n`);
			return 2;
		}
		if (isUserError(error)) {
			for (const line of userErrorLines(error)) process.stderr.write(`kernel-atlas: ${line}\n`);
			return 1;
		}
		throw error;
	}
}
