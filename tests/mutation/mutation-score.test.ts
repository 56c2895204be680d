import { describe, expect, it } from 'vitest';
import { folders } from '../../stryker.config.mjs';
import { inScope, scoreOf, scoresOfReport } from '../../scripts/mutation.ts';

// Stryker's definition (stryker-mutator.io, "Mutant states and metrics"): score = detected / valid, where
// detected = killed + timeout and valid = detected + survived + no coverage; compile and runtime errors
// and ignored mutants are not valid.
describe('scoreOf', () => {
	it('counts timeouts as detected and no coverage as undetected', () => {
		// 6 killed + 2 timeout = 8 detected of 8 + 1 survived + 1 no coverage = 10 valid: 80 %.
		const statuses = [...Array(6).fill('Killed'), 'Timeout', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];
		expect(scoreOf(statuses)).toEqual({ mutants: 13, killed: 6, timeout: 2, survived: 1, noCoverage: 1, score: 80 });
	});

	it('has no score without a valid mutant', () => {
		expect(scoreOf(['Ignored', 'CompileError']).score).toBeNull();
		expect(scoreOf([]).score).toBeNull();
	});
});

describe('scoresOfReport', () => {
	it('scores the whole report and each file, files in name order', () => {
		const report = {
			files: {
				'src/b.ts': { mutants: [{ status: 'Killed' }, { status: 'Survived' }] },
				'src/a.ts': { mutants: [{ status: 'Killed' }, { status: 'Killed' }, { status: 'Timeout' }, { status: 'NoCoverage' }] },
			},
		};
		const { total, files } = scoresOfReport(report);
		// 3 killed + 1 timeout = 4 detected of 6 valid (1 survived, 1 no coverage).
		expect(total.score).toBeCloseTo(400 / 6, 12);
		expect(files.map(([name, s]) => [name, s.score])).toEqual([
			['src/a.ts', 75],
			['src/b.ts', 50],
		]);
	});
});

describe('inScope', () => {
	it('keeps only the files of the folder\'s glob: a report also carries old results of files since left out', () => {
		const report = {
			files: Object.fromEntries(['scripts/build.ts', 'scripts/schema.ts', 'scripts/mutation.ts', 'scripts/make-fixtures.ts', 'src/reader/onnx/wire.ts', 'src/reader/source.ts'].map((f) => [f, { mutants: [{ status: 'Survived' }] }])),
		};
		expect(Object.keys(inScope(report, folders.scripts).files)).toEqual(['scripts/build.ts', 'scripts/schema.ts']);
		expect(Object.keys(inScope(report, folders['reader-core']).files)).toEqual(['src/reader/source.ts']);
		expect(Object.keys(inScope(report, folders['reader-onnx']).files)).toEqual(['src/reader/onnx/wire.ts']);
	});
});
