/**
 * Runs `npm run build` (scripts/build.ts under Node 24) in a temporary project and measures it from
 * outside: when each stderr line arrived (the summary table closes the model half, "build: done" the
 * site half), the build's own printed figures, and the peak RSS (VmHWM) of the build process (main
 * thread plus model worker threads) and of the Astro process it spawns, polled from /proc.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { peakRssOf } from './peak-rss.ts';

/** One build, measured. */
export interface BuildRun {
	status: number | null;
	stderr: string;
	/** Wall time of the whole process, seconds. */
	wall: number;
	/** From spawn to the end of the summary table: Node start-up, imports, hashing, cache, model work, publishing. */
	modelPhase: number;
	/** From the summary table to "build: done": the Astro build and the dist/ swap. */
	sitePhase: number;
	/** The build's own line: `build: done in X s (models Y s: R rendered, C cached; site Z s)`. */
	reported: { total: number; model: number; site: number } | null;
	/** Summary rows by model id: [layers, kernels, images, seconds, cached]. */
	summary: Map<string, { layers: number; kernels: number; images: number; seconds: number; cached: boolean }>;
	/** Peak RSS in bytes of the build process (model work runs in its worker threads). */
	peakBuild: number;
	/** Peak RSS in bytes of the Astro build process. */
	peakAstro: number;
	loadBefore: number[];
}

const ENV = { ...process.env, CI: '1', ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: '', SITE_URL: '' };

function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** Runs the build in `dir`; VmHWM only grows, so polling every 20 ms misses at most the last 20 ms. */
export function runBuild(dir: string, timeoutMs = 300_000): Promise<BuildRun> {
	const loadBefore = loadavg();
	const started = performance.now();
	const child = spawn(process.execPath, ['scripts/build.ts'], { cwd: dir, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	let summaryEnd = 0;
	let pending = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		const now = performance.now();
		stderr += chunk;
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop()!;
		// The table is written in one piece by buildModels just before it returns: its last row marks the end.
		if (!summaryEnd && lines.some((l) => /^-+ {2}-+/.test(l))) summaryEnd = now;
	});
	let peakBuild = 0;
	let peakAstro = 0;
	const astroPids = new Set<number>();
	const poll = setInterval(() => {
		if (child.pid === undefined) return;
		peakBuild = Math.max(peakBuild, peakRssOf(child.pid));
		for (const pid of childrenOf(child.pid)) astroPids.add(pid);
		for (const pid of astroPids) peakAstro = Math.max(peakAstro, peakRssOf(pid));
	}, 20);
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (status) => {
			clearInterval(poll);
			clearTimeout(timer);
			const wall = (performance.now() - started) / 1000;
			const modelPhase = summaryEnd ? (summaryEnd - started) / 1000 : Number.NaN;
			const m = /build: done in ([\d.]+) s \(models ([\d.]+) s: \d+ rendered, \d+ cached; site ([\d.]+) s\)/.exec(stderr);
			resolve({
				status,
				stderr,
				wall,
				modelPhase,
				sitePhase: wall - modelPhase,
				reported: m ? { total: Number(m[1]), model: Number(m[2]), site: Number(m[3]) } : null,
				summary: parseSummary(stderr),
				peakBuild,
				peakAstro,
				loadBefore,
			});
		});
	});
}

function parseSummary(stderr: string): BuildRun['summary'] {
	const rows: BuildRun['summary'] = new Map();
	const lines = stderr.split('\n');
	const header = lines.findIndex((l) => /^model\s+layers\s+kernels/.test(l));
	for (const line of header < 0 ? [] : lines.slice(header + 2)) {
		const cells = line.trim().split(/\s{2,}/);
		if (cells.length !== 6) break;
		const [id, layers, kernels, images, seconds, cached] = cells as [string, string, string, string, string, string];
		rows.set(id, { layers: Number(layers), kernels: Number(kernels), images: Number(images), seconds: Number.parseFloat(seconds), cached: cached === 'yes' });
	}
	return rows;
}

/** The last lines of a failed build's output, for the report. */
export function tail(text: string, lines = 15): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}
