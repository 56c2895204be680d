/** Errors the CLI turns into exit codes rather than stack traces. */

/** Bad usage of a command (unknown flag, missing argument): exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/**
 * A failure caused by the user's input (a bad model file, a wrong config, a missing file): exit code 1.
 * Every stage has its own error class (e.g. the reader's `OnnxError`); they all carry `userFacing = true`
 * and a message that names the file and says what to do, so the CLI and the build print it as one line.
 */
export function isUserError(error: unknown): error is Error & { userFacing: true } {
	return error instanceof Error && (error as { userFacing?: unknown }).userFacing === true;
}
