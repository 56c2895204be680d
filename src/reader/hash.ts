/** SHA-256 of a file with flat memory: 4 MB reads, the next read in flight while the previous chunk is hashed. */
import { createHash } from 'node:crypto';

const CHUNK = 1 << 22;

/** The file's SHA-256 as lowercase hex; `signal` stops it early (the result is then meaningless). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
	const hash = createHash('sha256');
	const { open } = await import('node:fs/promises');
	const file = await open(path, 'r');
	try {
		let buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
		let position = 0;
		let pending = file.read(buffers[0], 0, CHUNK, position);
		for (;;) {
			const { bytesRead } = await pending;
			if (bytesRead === 0 || signal?.aborted) break;
			position += bytesRead;
			// Double buffering: the thread pool reads the next chunk while this thread hashes the current one.
			pending = file.read(buffers[1], 0, CHUNK, position);
			hash.update(buffers[0].subarray(0, bytesRead));
			buffers = [buffers[1], buffers[0]];
		}
	} finally {
		await file.close();
	}
	return hash.digest('hex');
}
