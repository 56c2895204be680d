/**
 * `npm run mutation [-- FOLDER... --concurrency N --files --static]`: StrykerJS over each mutated folder in
 * turn (all of them by default: the reader in three parts, analysis, render, pipeline, config, scripts), each with its own
 * incremental file in mutation/ and its HTML report in reports/mutation/FOLDER/index.html, then one table
 * of scores and run times. `--files` adds a score per file. Folder names are those of stryker.config.mjs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { matchesGlob } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { folders } from '../stryker.config.mjs';

/** Mutant counts and the mutation score as Stryker defines it: detected / (detected + undetected). */
export interface MutationScore {
	mutants: number;
	killed: number;
	timeout: number;
	survived: number;
	noCoverage: number;
	/** Percent, or null when no mutant was valid. Compile errors, runtime errors and ignored mutants do not count. */
	score: number | null;
}

/** Scores a list of mutant statuses as they appear in Stryker's JSON report (mutation-testing-report-schema). */
export function scoreOf(statuses: string[]): MutationScore {
	const count = (s: string) => statuses.filter((x) => x === s).length;
	const killed = count('Killed');
	const timeout = count('Timeout');
	const survived = count('Survived');
	const noCoverage = count('NoCoverage');
	const valid = killed + timeout + survived + noCoverage;
	return { mutants: statuses.length, killed, timeout, survived, noCoverage, score: valid === 0 ? null : (100 * (killed + timeout)) / valid };
}

type Report = { files: Record<string, { mutants: { status: string }[] }> };

/**
 * The report's files that `glob` matches. Stryker's report also carries, from the incremental file, the
 * old results of files that have since left a folder's scope; they are not part of its score.
 */
export function inScope(report: Report, glob: string): Report {
	return { files: Object.fromEntries(Object.entries(report.files).filter(([name]) => matchesGlob(name, glob))) };
}

/** The score of a whole report and of each of its files, from the `files` object of Stryker's JSON report. */
export function scoresOfReport(report: Report): { total: MutationScore; files: [string, MutationScore][] } {
	const files = Object.entries(report.files)
		.map(([name, f]): [string, MutationScore] => [name, scoreOf(f.mutants.map((m) => m.status))])
		.sort(([a], [b]) => a.localeCompare(b));
	return { total: scoreOf(Object.values(report.files).flatMap((f) => f.mutants.map((m) => m.status))), files };
}

const pct = (s: MutationScore) => (s.score === null ? 'n/a' : `${s.score.toFixed(1)} %`);
const WIDTHS = [-40, 7, 7, 7, 8, 11, 8, 8];
const line = (cells: string[]) => cells.map((c, i) => (WIDTHS[i]! < 0 ? c.padEnd(-WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join('  ');
const row = (name: string, s: MutationScore, time: string) =>
	line([name, String(s.mutants), String(s.killed), String(s.timeout), String(s.survived), String(s.noCoverage), pct(s), time]);

function main(): void {
	const root = fileURLToPath(new URL('..', import.meta.url));
	const all = Object.keys(folders);
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { concurrency: { type: 'string', default: '1' }, files: { type: 'boolean', default: false }, static: { type: 'boolean', default: false } },
	});
	const unknown = positionals.filter((f) => !all.includes(f));
	if (unknown.length > 0) {
		console.error(`mutation: no folder ${unknown.join(', ')}; the folders are ${all.join(', ')}`);
		process.exit(2);
	}
	const lines = [line(['folder', 'mutants', 'killed', 'timeout', 'survived', 'no coverage', 'score', 'time'])];
	let failed = false;
	// Folders run in parts (reader-core, reader-onnx, ...) also get one line for the whole folder.
	const parts = new Map<string, string[]>();
	for (const folder of positionals.length > 0 ? positionals : all) {
		const start = performance.now();
		const stryker = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--concurrency', values.concurrency], {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, MUTATION_FOLDER: folder, MUTATION_STATIC: values.static ? '1' : '0' },
		});
		const minutes = `${((performance.now() - start) / 60_000).toFixed(1)} min`;
		const json = `${root}reports/mutation/${folder}/mutation.json`;
		if (stryker.status !== 0 || !existsSync(json)) {
			console.error(`mutation: Stryker failed on ${folder} (exit ${stryker.status}); see its output above`);
			failed = true;
			continue;
		}
		const report = inScope(JSON.parse(readFileSync(json, 'utf8')), folders[folder as keyof typeof folders]);
		const { total, files } = scoresOfReport(report);
		lines.push(row(folder, total, minutes));
		const whole = folder.split('-')[0]!;
		if (whole !== folder) parts.set(whole, [...(parts.get(whole) ?? []), ...Object.values(report.files).flatMap((f) => f.mutants.map((m) => m.status))]);
		if (values.files) for (const [name, s] of files) lines.push(row(`  ${name}`, s, ''));
	}
	for (const [whole, statuses] of parts) if (all.filter((f) => f.startsWith(`${whole}-`)).length > 1) lines.push(row(`${whole} (parts run above)`, scoreOf(statuses), ''));
	console.error(`\n${lines.join('\n')}\nHTML reports: reports/mutation/FOLDER/index.html`);
	process.exit(failed ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
