/** Errors the CLI turns into exit codes rather than stack traces. */
import { oneLine } from '../reader/printable.ts';

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

/**
 * A user-facing error as the lines to print: one per problem when the error lists several (a config
 * with three mistakes), else its message as one line.
 */
export function userErrorLines(error: Error & { userFacing: true }): string[] {
	const lines = (error as { lines?: unknown }).lines;
	return Array.isArray(lines) && lines.length > 0 ? lines.map((l) => oneLine(String(l))) : [oneLine(error.message)];
}
