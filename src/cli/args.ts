/** The argument handling every subcommand shares: its options plus -h/--help, and one file argument. */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './errors.ts';

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** What parseArgs returns for options `O` (none are `multiple` here): booleans and strings, all optional. */
export type OptionValues<O extends ParseArgsOptionsConfig> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };

/**
 * Parses `args` for `command`. Prints `help` and returns null for -h/--help; throws UsageError (exit 2)
 * for unknown options or anything but exactly one positional argument (named `positional` in messages).
 * @example
 * const parsed = parseCommand('inspect', args, { json: { type: 'boolean' } }, HELP);
 * if (!parsed) return 0;
 * parsed.file; parsed.values.json;
 */
export function parseCommand<O extends ParseArgsOptionsConfig>(
	command: string,
	args: string[],
	options: O,
	help: string,
	positional = 'MODEL',
): { file: string; values: OptionValues<O> } | null {
	let parsed;
	try {
		parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...options, ...HELP_OPTION } });
	} catch (error) {
		throw new UsageError(`${(error as Error).message}; run kernel-atlas ${command} --help`);
	}
	const values = parsed.values as OptionValues<O> & { help?: boolean };
	if (values.help) {
		process.stdout.write(help);
		return null;
	}
	const [file, ...extra] = parsed.positionals;
	if (!file || extra.length > 0) throw new UsageError(`expected exactly one ${positional}; run kernel-atlas ${command} --help`);
	return { file, values };
}
