/**
 * One measurement in a fresh process (so its peak RSS is its own), printed as JSON on stdout:
 * `reader-measure.ts readFile|stream|extract|extract-gc FILE`. extract-gc (run with --expose-gc)
 * collects garbage after each kernel, like a consumer that is done with it: the reader's working set
 * without the dead kernels V8 keeps until its external-memory trigger (about 64 MB) fires.
 */
import { readFile } from 'node:fs/promises';
import { closeSync, openSync, readSync } from 'node:fs';
import { openModel } from '../src/reader/index.ts';
import { ownPeakRss } from './peak-rss.ts';

const [mode, file] = process.argv.slice(2);
const startRss = process.memoryUsage().rss;
const started = performance.now();
let detail: Record<string, number> = {};

if (mode === 'readFile') {
	const bytes = await readFile(file!);
	detail = { bytes: bytes.length };
} else if (mode === 'stream') {
	// Sequential 4 MB reads into one reused buffer: the fastest way to touch every byte.
	const fd = openSync(file!, 'r');
	const buffer = Buffer.allocUnsafe(1 << 22);
	let total = 0;
	for (let n; (n = readSync(fd, buffer, 0, buffer.length, total)) > 0; ) total += n;
	closeSync(fd);
	detail = { bytes: total };
} else if (mode === 'extract' || mode === 'extract-gc') {
	const collect = mode === 'extract-gc' ? (globalThis as { gc?: () => void }).gc : undefined;
	const model = await openModel(file!);
	const opened = performance.now();
	let values = 0;
	for (const layer of model.layers) {
		values += (await model.readKernel(layer)).data.length;
		collect?.();
	}
	model.close();
	detail = { layers: model.layers.length, values, openMs: opened - started, kernelsMs: performance.now() - opened };
} else {
	throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ mode, ms, startRss, maxRss: ownPeakRss(), ...detail }));

