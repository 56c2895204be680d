/**
 * One checkpoint measurement in a fresh process (so its peak RSS is its own), printed as JSON on stdout:
 * `checkpoint-measure.ts extract|extract-gc|extract-known FILE`, the checkpoint twin of reader-measure.ts (which
 * measures reading the file itself). The reader is picked by its `match`, as a caller would.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { sha256File } from '../src/reader/hash.ts';
import { PROBE_BYTES } from '../src/reader/model.ts';
import { pytorchReader } from '../src/reader/pytorch/index.ts';
import { safetensorsReader } from '../src/reader/safetensors/index.ts';
import { ownPeakRss } from './peak-rss.ts';

const [mode, file] = process.argv.slice(2);
if (mode !== 'extract' && mode !== 'extract-gc' && mode !== 'extract-known') throw new Error(`unknown mode ${mode}`);
// extract-known opens with the file's hash given, as the build does (it keeps hashes by stat identity).
const known = mode === 'extract-known' ? { sha256: await sha256File(file!) } : {};
const startRss = process.memoryUsage().rss;
const started = performance.now();
const probe = Buffer.alloc(PROBE_BYTES);
const fd = openSync(file!, 'r');
const probed = probe.subarray(0, readSync(fd, probe, 0, PROBE_BYTES, 0));
closeSync(fd);
const reader = [safetensorsReader, pytorchReader].find((r) => r.match(probed, file!));
if (!reader) throw new Error(`${file}: not a checkpoint`);
// extract-gc collects garbage after each kernel, like a consumer that is done with it (see reader-measure.ts).
const collect = mode === 'extract-gc' ? (globalThis as { gc?: () => void }).gc : undefined;
const model = await reader.open(file!, known);
const opened = performance.now();
let values = 0;
for (const layer of model.layers) {
	values += (await model.readKernel(layer)).data.length;
	collect?.();
}
model.close();
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ mode, ms, startRss, maxRss: ownPeakRss(), layers: model.layers.length, values, openMs: opened - started, kernelsMs: performance.now() - opened }));

