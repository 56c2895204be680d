/** The error every download problem becomes: one line naming the config, the URL and what to do. */
export class DownloadError extends Error {
	override name = 'DownloadError';
	/** Printed as one line by the CLI and the build (see src/cli/errors.ts). */
	readonly userFacing = true;
	/** What it is about: the model config file (or the variable) the user can fix. */
	readonly file: string;
	/** A few words for the summary table and the featured fallback line, e.g. `offline`, `HTTP 404`. */
	readonly reason: string;
	/** What happened, without the file and the hint (for a warning about an optional model). */
	readonly detail: string;
	readonly hint: string;

	constructor(file: string, detail: string, hint: string, reason: string, options?: { cause?: unknown }) {
		super(`${file}: ${detail}. ${hint}`, options);
		this.file = file;
		this.detail = detail;
		this.hint = hint;
		this.reason = reason;
	}
}

/**
 * Removes a secret from text that came from elsewhere (a server's answer, a network library's
 * message) before it can reach a message, a log or a file.
 */
export function redact(text: string, secret: string | undefined): string {
	if (!secret) return text;
	return text.split(secret).join('[HF_TOKEN]');
}
