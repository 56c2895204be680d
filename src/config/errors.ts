/** The error every config problem becomes: names the file and the field, says what is expected. */
export class ConfigError extends Error {
	override name = 'ConfigError';
	/** Printed as one line per problem by the CLI and the build (see src/cli/errors.ts). */
	readonly userFacing = true;
	readonly file: string;
	readonly hint: string;
	/** One line per problem, each naming the file; the hint ends the last. */
	readonly lines: string[];

	/** `problems`: one problem, or every problem found in the file (a config with three errors gets three lines). */
	constructor(file: string, problems: string | readonly string[], hint: string) {
		const lines = (typeof problems === 'string' ? [problems] : problems).map((p) => `${file}: ${p}`);
		lines[lines.length - 1] += `. ${hint}`;
		super(lines.join('\n'));
		this.file = file;
		this.hint = hint;
		this.lines = lines;
	}
}

/** The problems of several config files at once, so that one build shows them all. */
export class ConfigErrors extends Error {
	override name = 'ConfigErrors';
	readonly userFacing = true;
	readonly errors: readonly ConfigError[];
	readonly lines: string[];

	constructor(errors: readonly ConfigError[]) {
		const lines = errors.flatMap((e) => e.lines);
		super(lines.join('\n'));
		this.errors = errors;
		this.lines = lines;
	}
}
