/**
 * Block coverage of the code under test, from V8's precise coverage (the inspector protocol, in this
 * thread): after each execution, which functions ran and which of their blocks did. V8 reports, inside a
 * function that ran, only the blocks whose count differs from the function's, so a block counts as run
 * when no range of count 0 covers it; blocks are learnt the first time V8 reports them.
 */
import { Session } from 'node:inspector';

interface Range {
	startOffset: number;
	endOffset: number;
	count: number;
}

interface ScriptCoverage {
	url: string;
	functions: { functionName: string; ranges: Range[] }[];
}

/** What one file's coverage amounts to so far. */
export interface FileCoverage {
	file: string;
	/** Functions V8 has compiled and reported, and how many of them ran at least once. */
	functions: number;
	functionsRun: number;
	/** Blocks known (reported at least once) and how many of them ran at least once. */
	blocks: number;
	blocksRun: number;
}

export class Coverage {
	private readonly session = new Session();
	private readonly inScope: (url: string) => boolean;
	/** Per function (`url@offset`): its blocks as `start:end`. */
	private readonly blocks = new Map<string, Set<string>>();
	/** Every feature (function or block) that ran in some execution. */
	private readonly seen = new Set<string>();

	/** Starts counting; call before the code under test is imported, so its functions get block counters. */
	constructor(inScope: (url: string) => boolean) {
		this.inScope = inScope;
		this.session.connect();
		this.post('Profiler.enable');
		this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
	}

	/** Features run since the last call that no earlier call saw (and records them). */
	collect(): number {
		const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
		let added = 0;
		const hit = (feature: string) => {
			if (this.seen.has(feature)) return;
			this.seen.add(feature);
			added++;
		};
		for (const script of result) {
			if (!this.inScope(script.url)) continue;
			for (const fn of script.functions) {
				const [whole, ...inner] = fn.ranges;
				if (!whole) continue;
				const key = `${script.url}@${whole.startOffset}`;
				let known = this.blocks.get(key);
				if (!known) this.blocks.set(key, (known = new Set()));
				for (const r of inner) known.add(`${r.startOffset}:${r.endOffset}`);
				if (whole.count === 0) continue;
				hit(key);
				const zeros = inner.filter((r) => r.count === 0);
				for (const block of known) {
					const [start, end] = block.split(':').map(Number) as [number, number];
					if (!zeros.some((z) => z.startOffset <= start && end <= z.endOffset)) hit(`${key}:${block}`);
				}
			}
		}
		return added;
	}

	/** Features seen so far. */
	get size(): number {
		return this.seen.size;
	}

	/** Per file: functions and blocks known and run. */
	report(root: string): FileCoverage[] {
		const files = new Map<string, FileCoverage>();
		for (const [key, known] of this.blocks) {
			const url = key.slice(0, key.lastIndexOf('@'));
			const file = decodeURIComponent(url.replace(/^file:\/\//, '')).replace(root, '');
			const entry = files.get(file) ?? { file, functions: 0, functionsRun: 0, blocks: 0, blocksRun: 0 };
			entry.functions++;
			if (this.seen.has(key)) entry.functionsRun++;
			entry.blocks += known.size;
			for (const block of known) if (this.seen.has(`${key}:${block}`)) entry.blocksRun++;
			files.set(file, entry);
		}
		return [...files.values()].sort((a, b) => a.file.localeCompare(b.file));
	}

	private post(method: string, params?: object): unknown {
		let answer: unknown;
		// The in-thread session answers synchronously.
		this.session.post(method, params ?? {}, (error, result) => {
			if (error) throw error;
			answer = result;
		});
		return answer;
	}
}
