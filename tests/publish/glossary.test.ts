/** The filter glossary covers every family and group the analysis can report, in both languages. */
import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_GROUPS, GROUPS, templatesFor } from '../../src/analysis/index.ts';
import { FAMILY_TEXT, familyExamples, glossaryGroups, groupAnchor } from '../../src/publish/glossary.ts';

describe('the filter glossary', () => {
	it('has a text in both languages for every family the analysis reports', () => {
		expect(Object.keys(FAMILY_TEXT).sort()).toEqual([...FAMILIES].sort());
		for (const f of FAMILIES) {
			expect(FAMILY_TEXT[f].ja.length, f).toBeGreaterThan(10);
			expect(FAMILY_TEXT[f].en.length, f).toBeGreaterThan(10);
			// One language per text: no Japanese in the English one.
			expect(FAMILY_TEXT[f].en, f).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
		}
	});

	it('shows a matrix for every family that has templates, taken from the template library', () => {
		const withTemplates = FAMILIES.filter((f) => [3, 5].some((n) => templatesFor(n, n).some((t) => t.family === f)));
		expect(withTemplates).toEqual(FAMILIES.filter((f) => !['color-opponent', 'pointwise', 'unclassified'].includes(f)));
		for (const f of withTemplates) expect(familyExamples(f).length, f).toBeGreaterThan(0);
		// Sobel as the textbook writes it: whole numbers, and the vertical one's rows are [-1, 0, 1] · (1, 2, 1).
		expect(familyExamples('sobel-vertical')[0]!.rows).toEqual([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
		expect(familyExamples('scharr-horizontal')[0]!.rows).toEqual([[-3, -10, -3], [0, 0, 0], [3, 10, 3]]);
	});

	it('puts every family under its group, each group with one anchor', () => {
		const groups = glossaryGroups();
		expect(groups.map((g) => g.group)).toEqual([...GROUPS]);
		expect(groups.flatMap((g) => g.families).sort()).toEqual([...FAMILIES].sort());
		for (const { group, families } of groups) for (const f of families) expect(FAMILY_GROUPS[f]).toBe(group);
		expect(groupAnchor('vertical-edge')).toBe('group-vertical-edge');
		expect(groupAnchor('gabor')).toBe('gabor');
		expect(new Set(groups.map((g) => g.anchor)).size).toBe(groups.length);
	});
});
