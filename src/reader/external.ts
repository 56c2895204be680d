/**
 * External-data files (TensorProto.data_location = EXTERNAL), opened safely and lazily. A location is
 * accepted only when it is a relative path that stays inside the model's folder after resolving
 * symbolic links, names a regular file, and that file has no other hard link (a hard link can point
 * anywhere; the same rule as the fix for CVE-2024-27318 / CVE-2022-25882 in the onnx package).
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { OnnxError, HINT } from './errors.ts';
import { FileSource } from './source.ts';

/** The external-data files one model refers to, each opened once. */
export class ExternalFiles {
	private readonly file: string;
	private readonly modelDir: string;
	private readonly open = new Map<string, FileSource>();

	/** `file` names the model in messages; `modelDir` is the folder external locations are relative to. */
	constructor(file: string, modelDir: string) {
		this.file = file;
		this.modelDir = modelDir;
	}

	/** The external file for `location` (as written in the tensor), checked and opened on first use. */
	get(location: string, tensor: string): FileSource {
		let source = this.open.get(location);
		if (!source) {
			source = this.openChecked(location, tensor);
			this.open.set(location, source);
		}
		return source;
	}

	close(): void {
		for (const source of this.open.values()) source.close();
		this.open.clear();
	}

	private openChecked(location: string, tensor: string): FileSource {
		const refuse = (why: string): never => {
			throw new OnnxError(this.file, `refused external data "${location}" of tensor "${tensor}": ${why}`, HINT.external, { subject: tensor });
		};
		if (location.includes('\0')) refuse('the path contains a NUL byte');
		if (isAbsolute(location) || /^[a-zA-Z]:|^[\\/]/.test(location)) refuse('absolute paths are not allowed');
		if (location.split(/[\\/]/).includes('..')) refuse('".." would leave the model\'s folder');
		let real: string;
		let dir: string;
		try {
			dir = realpathSync(this.modelDir);
			real = realpathSync(join(this.modelDir, location));
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new OnnxError(this.file, `external data "${location}" of tensor "${tensor}" cannot be opened (${code ?? 'error'})`, 'Put the external-data file next to the model, where the model says it is', {
				subject: tensor,
				cause: error,
			});
		}
		if (!real.startsWith(dir + sep)) refuse('it resolves (through a symbolic link) to a file outside the model\'s folder');
		// Checked before opening: opening a FIFO would wait for a writer.
		if (!statSync(real).isFile()) refuse('it is not a regular file');
		const source = new FileSource(real, `${this.file} (external data ${location})`);
		// FileSource refuses what is not a regular file by then (a file swapped after the check above).
		const stat = source.stat();
		if (stat.nlink > 1) {
			source.close();
			refuse(`the file has ${stat.nlink} hard links, so it may be a link to a file elsewhere`);
		}
		return source;
	}
}
