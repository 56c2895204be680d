/**
 * The one base error type every reader throws (ONNX, safetensors, PyTorch): names the file (and the
 * tensor or node), says what to do. The CLI and the build print it as one line.
 */
export class ModelError extends Error {
	override name = 'ModelError';
	/** Printed as one line by the CLI and the build (see src/cli/errors.ts). */
	readonly userFacing = true;
	readonly file: string;
	/** The tensor or node the problem is about, when there is one. */
	readonly subject: string | null;
	readonly hint: string;

	/**
	 * @example
	 * throw new OnnxError('net.onnx', 'tensor "conv1.weight" claims 2^40 elements but holds 864 bytes', 'Re-export the model.', { subject: 'conv1.weight' });
	 */
	constructor(file: string, message: string, hint: string, options: { subject?: string; cause?: unknown } = {}) {
		super(`${file}: ${message}. ${hint}`, options.cause === undefined ? undefined : { cause: options.cause });
		this.file = file;
		this.subject = options.subject ?? null;
		this.hint = hint;
	}
}

/** The ONNX reader's error (a ModelError). */
export class OnnxError extends ModelError {
	override name = 'OnnxError';
}

/** Hints shared by several errors, so the wording stays the same everywhere. */
export const HINT = {
	corrupt: 'The file is truncated or is not an ONNX model; re-export or re-download it',
	reexport: 'Re-export the model with a current exporter (e.g. torch.onnx.export) and try again',
	external: 'Keep external-data files as plain files next to the model (same folder or below) and reference them by relative path',
} as const;
