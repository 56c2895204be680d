/**
 * Streams one URL into a file: hashed while it arrives, written to a temporary name beside the target,
 * and renamed into place only once complete and verified. Whatever fails, no partial file stays.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DownloadError } from './errors.ts';
import { openGet, type GetOptions } from './http.ts';

/** Bytes so far and the total when the server said it (Content-Length). */
export interface DownloadProgress {
	file: string;
	bytesDone: number;
	bytesTotal: number | null;
}

export interface DownloadOptions extends GetOptions {
	/** When given, the file must hash to it or the download fails and nothing is kept. */
	expectedSha256?: string;
	/** Where the expectation comes from, for the message: `"sha256" in the config` or the lock file. */
	expectedFrom?: string;
	onProgress?: (progress: DownloadProgress) => void;
}

const PART = '.part-';

/** Removes temporary files an interrupted earlier download left in `dir`. */
export function removePartials(dir: string): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) if (name.includes(PART)) rmSync(join(dir, name), { force: true });
}

/**
 * Downloads `url` to `dest` and returns its sha256 and size.
 * @example const { sha256, bytes } = await downloadFile(url, '.atlas-cache/downloads/1f2e/model.safetensors', { settings, label: 'models/net.json' });
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<{ sha256: string; bytes: number }> {
	mkdirSync(dirname(dest), { recursive: true });
	const tmp = `${dest}${PART}${process.pid}-${Date.now()}`;
	const open = await openGet(url, options);
	const length = Number(open.response.headers.get('content-length'));
	const total = Number.isSafeInteger(length) && length >= 0 && !open.response.headers.get('content-encoding') ? length : null;
	const hash = createHash('sha256');
	let bytes = 0;
	const file = basename(dest);
	try {
		if (!open.response.body) throw new Error('the response has no body');
		const body = Readable.fromWeb(open.response.body as import('node:stream/web').ReadableStream<Uint8Array>);
		const progress = options.onProgress;
		progress?.({ file, bytesDone: 0, bytesTotal: total });
		await pipeline(
			body,
			async function* (chunks: AsyncIterable<Uint8Array>) {
				for await (const chunk of chunks) {
					open.alive();
					hash.update(chunk);
					bytes += chunk.length;
					progress?.({ file, bytesDone: bytes, bytesTotal: total });
					yield chunk;
				}
			},
			createWriteStream(tmp) as Writable,
		);
	} catch (error) {
		open.close();
		rmSync(tmp, { force: true });
		throw open.failure(error);
	}
	open.close();
	try {
		if (total !== null && bytes !== total) {
			throw new DownloadError(options.label, `cannot download ${url}: the connection closed after ${bytes} of ${total} bytes`, 'Run the build again', 'incomplete');
		}
		const sha256 = hash.digest('hex');
		if (options.expectedSha256 && sha256 !== options.expectedSha256) {
			throw checksumMismatch(options.label, url, sha256, options.expectedSha256, options.expectedFrom ?? 'the expected value');
		}
		renameSync(tmp, dest);
		return { sha256, bytes };
	} finally {
		rmSync(tmp, { force: true });
	}
}

/** The message for a file that is not the one expected: which hash, from where, and how to proceed. */
export function checksumMismatch(label: string, url: string, actual: string, expected: string, from: string): DownloadError {
	const hint = from.includes('lock')
		? 'The file changed upstream since it was locked: pin a revision (@COMMIT) in "source", or, if you trust the new file, delete its entry from models/models.lock.json and build again'
		: 'Check the "sha256" field, or pin a revision (@COMMIT) in "source" that has the file you expect';
	return new DownloadError(label, `${url} does not match ${from}: sha256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…`, hint, 'checksum mismatch');
}
