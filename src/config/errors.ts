/** The error every config problem becomes: names the file and the field, says what is expected. */
export class ConfigError extends Error {
	override name = 'ConfigError';
	/** Printed as one line by the CLI and the build (see src/cli/errors.ts). */
	readonly userFacing = true;
	readonly file: string;
	readonly hint: string;

	constructor(file: string, message: string, hint: string) {
		super(`${file}: ${message}. ${hint}`);
		this.file = file;
		this.hint = hint;
	}
}
