/**
 * `npm run bench reader`: the reader's speed and memory on a generated VGG-16-shaped model (~550 MB)
 * and a ResNet-50-shaped one (~100 MB). Targets (issue 3): extracting every conv kernel takes at most 2x
 * the time to read the file, with peak RSS at most 1.3x the file size. Files go to bench/out/ and are
 * deleted afterwards. Each measurement runs in its own process; the median of RUNS is reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeResnet50, writeVgg16 } from './reader-models.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const outDir = fileURLToPath(new URL('./out/', import.meta.url));
const measure = fileURLToPath(new URL('./reader-measure.ts', import.meta.url));

interface Sample {
	ms: number;
	maxRss: number;
	startRss: number;
	openMs?: number;
	kernelsMs?: number;
	layers?: number;
}

function run(mode: string, file: string): Sample {
	const result = spawnSync(process.execPath, ['--expose-gc', measure, mode, file], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as Sample;
}

function median(samples: Sample[]): Sample {
	return [...samples].sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)]!;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
let failed = false;
mkdirSync(outDir, { recursive: true });
try {
	for (const [name, write] of [['vgg16', writeVgg16], ['resnet50', writeResnet50]] as const) {
		const file = `${outDir}${name}.onnx`;
		const bytes = write(file);
		const samples: Record<string, Sample[]> = { readFile: [], stream: [], extract: [], 'extract-gc': [] };
		run('readFile', file); // warm the page cache, so every run reads from memory alike
		// Interleave the modes so a busy neighbour on the machine affects all of them alike.
		for (let i = 0; i < RUNS; i++) for (const mode of Object.keys(samples)) samples[mode]!.push(run(mode, file));
		const [readFile, stream, extract] = [median(samples.readFile!), median(samples.stream!), median(samples.extract!)];
		const dropping = samples['extract-gc']!.sort((a, b) => a.maxRss - b.maxRss)[Math.floor(RUNS / 2)]!;
		const timeRatio = extract.ms / readFile.ms;
		const memoryRatio = dropping.maxRss / bytes;
		console.log(`\n${name}: ${mb(bytes)}, ${extract.layers} conv layers`);
		console.log(`  fs.readFile            ${readFile.ms.toFixed(0).padStart(6)} ms   peak RSS ${mb(readFile.maxRss)}`);
		console.log(`  4 MB sequential reads  ${stream.ms.toFixed(0).padStart(6)} ms   peak RSS ${mb(stream.maxRss)}`);
		console.log(`  open + all kernels     ${extract.ms.toFixed(0).padStart(6)} ms   peak RSS ${mb(extract.maxRss)} (${(extract.maxRss / bytes).toFixed(2)} x file; Node + TypeScript alone: ${mb(extract.startRss)})`);
		console.log(`    of which open (scan + sha256) ${extract.openMs!.toFixed(0)} ms, kernels ${extract.kernelsMs!.toFixed(0)} ms`);
		console.log(`  same, gc after each kernel        peak RSS ${mb(dropping.maxRss)}`);
		console.log(`  time ratio   ${timeRatio.toFixed(2)} x fs.readFile (target <= 2); ${(extract.ms / stream.ms).toFixed(2)} x bare sequential reads`);
		console.log(`  memory ratio ${memoryRatio.toFixed(2)} x file size with gc after each kernel (target <= 1.3); ${(extract.maxRss / bytes).toFixed(2)} x without`);
		if (timeRatio > 2 || memoryRatio > 1.3) failed = true;
		rmSync(file, { force: true });
	}
} finally {
	rmSync(outDir, { recursive: true, force: true });
}
console.log(failed ? '\nreader benchmark: a target was missed' : '\nreader benchmark: both targets met');
process.exit(failed ? 1 : 0);
